"""Demo data for the core app: the Cà Mau Union's identity and one account per role.

Idempotent: rows are only created when missing, never overwritten, so running `load_demo` twice
changes nothing and edits staff make in the admin survive.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import SiteIdentity
from .roles import ROLE_GROUPS

CA_MAU_IDENTITY = {
    "name": "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau",
    "name_en": "Ca Mau Union of Friendship Organizations",
    "short_name": "LHHN Cà Mau",
    "province": "Cà Mau",
    # Contact details below are placeholders for the demo, not the Union's real ones.
    "address": "Địa chỉ minh họa, phường An Xuyên, tỉnh Cà Mau",
    "phone": "0290 000 0000",
    "email": "lienhe@huunghi-camau.example",
    "person_in_charge": "Người chịu trách nhiệm (minh họa)",
    "person_in_charge_title": "Chủ tịch",
}

DEMO_ACCOUNTS = {
    "admin": "quantri",
    "editor": "bientap",
    "data_entry": "nhaplieu",
    "moderator": "kiemduyet",
    "leadership": "lanhdao",
}


def load_identity() -> bool:
    """Create the demo identity if none exists. Returns True when it created one."""
    if SiteIdentity.objects.filter(pk=1).exists():
        return False
    SiteIdentity(**CA_MAU_IDENTITY).save()
    return True


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the missing role accounts, each with a fresh random password.

    Returns (role group, username, password) for the accounts created now; existing accounts keep
    their password. Refuses outside development, so a production database never gets them.
    """
    if not settings.DEMO_MODE:
        raise RuntimeError("Demo accounts are only created with DJANGO_DEBUG=1.")
    user_model = get_user_model()
    created = []
    for role, username in DEMO_ACCOUNTS.items():
        if user_model.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(username=username, password=password, is_staff=True)
        group = Group.objects.get(name=ROLE_GROUPS[role])
        user.groups.add(group)
        created.append((group.name, username, password))
    return created
