"""Demo data for the core app: the Cà Mau Union's identity and one account per role.

Idempotent: rows are only created when missing, never overwritten, so running `load_demo` twice
changes nothing and edits staff make in the admin survive.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import Leader, OfficeUnit, SiteIdentity
from .roles import ROLE_GROUPS
from .services import record_save

CA_MAU_IDENTITY = {
    "name": "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau",
    "name_en": "Ca Mau Union of Friendship Organizations",
    "short_name": "LHHN Cà Mau",
    "province": "Cà Mau",
    # Contact details below are placeholders for the demo, not the Union's real ones.
    "address": "Địa chỉ minh họa, phường An Xuyên, tỉnh Cà Mau",
    "address_en": "Demo address, An Xuyen ward, Ca Mau province",
    "phone": "0290 000 0000",
    "email": "lienhe@huunghi-camau.example",
    "person_in_charge": "Người chịu trách nhiệm (minh họa)",
    "person_in_charge_title": "Chủ tịch",
    "person_in_charge_title_en": "Chairman",
}

# The about page's structure. The source article names one leader: Mr Nguyễn Công Minh, Vice-Chairman
# in charge of the Union; every other name is a marked placeholder, and every phone number and mailbox
# is a demo one (example domain), not a real contact.
DEMO_UNITS = [
    (
        "Văn phòng",
        "Office",
        "Tham mưu tổng hợp, hành chính, tổ chức cán bộ, tài chính; tiếp nhận văn bản đến và đi.",
        "General advice, administration, personnel and finance; incoming and outgoing correspondence.",
        "0290 000 0010",
        "vanphong@huunghi-camau.example",
    ),
    (
        "Phòng Hữu nghị nhân dân",
        "People-to-People Friendship Division",
        "Theo dõi các tổ chức hữu nghị thành viên; đón tiếp đoàn vào, tổ chức đoàn ra; "
        "công tác người Việt Nam ở nước ngoài.",
        "Member friendship associations; incoming and outgoing delegations; overseas Vietnamese.",
        "0290 000 0020",
        "huunghi@huunghi-camau.example",
    ),
    (
        "Phòng Công tác phi chính phủ nước ngoài",
        "Foreign NGO Affairs Division",
        "Vận động, tiếp nhận, theo dõi các chương trình, dự án, viện trợ phi dự án "
        "của tổ chức phi chính phủ nước ngoài.",
        "Mobilizing, receiving and following foreign NGO programs, projects and non-project aid.",
        "0290 000 0030",
        "pcpnn@huunghi-camau.example",
    ),
]
# (name, position, English position, unit name or None for the standing board, phone, mailbox)
DEMO_LEADERS = [
    ("Chủ tịch (minh họa)", "Chủ tịch", "Chairman", None, "0290 000 0001", "chutich@huunghi-camau.example"),
    (
        "Nguyễn Công Minh",
        "Phó Chủ tịch phụ trách",
        "Vice-Chairman in charge",
        None,
        "0290 000 0002",
        "phochutich@huunghi-camau.example",
    ),
    ("Phó Chủ tịch (minh họa)", "Phó Chủ tịch", "Vice-Chairman", None, "0290 000 0003", ""),
    ("Chánh Văn phòng (minh họa)", "Chánh Văn phòng", "Head of Office", "Văn phòng", "0290 000 0011", ""),
    (
        "Trưởng phòng (minh họa)",
        "Trưởng phòng",
        "Head of Division",
        "Phòng Công tác phi chính phủ nước ngoài",
        "0290 000 0031",
        "",
    ),
]

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
    record_save(SiteIdentity(**CA_MAU_IDENTITY))
    return True


@transaction.atomic
def load_leaders() -> int:
    """Create the demo office units and leaders that are missing (matched by name). Returns how many."""
    created = 0
    units = {}
    for order, (name, name_en, duties, duties_en, phone, email) in enumerate(DEMO_UNITS, start=1):
        unit = OfficeUnit.objects.filter(name=name).first()
        if unit is None:
            unit = OfficeUnit(
                name=name, name_en=name_en, duties=duties, duties_en=duties_en, phone=phone, email=email, order=order
            )
            record_save(unit)
            created += 1
        units[name] = unit
    for order, (name, position, position_en, unit_name, phone, email) in enumerate(DEMO_LEADERS, start=1):
        if Leader.objects.filter(name=name).exists():
            continue
        leader = Leader(
            name=name,
            position=position,
            position_en=position_en,
            unit=units.get(unit_name),
            work_phone=phone,
            work_email=email,
            order=order * 10,
        )
        record_save(leader)
        created += 1
    return created


def load(stdout=None) -> int:
    """The core's demo: the Cà Mau identity (when none exists) and the about page's structure."""
    created = load_identity()
    leaders = load_leaders()
    if stdout is not None:
        stdout.write("Thông tin đơn vị: " + ("đã tạo (Cà Mau)." if created else "đã có, giữ nguyên."))
        stdout.write(f"Trang Giới thiệu (lãnh đạo, phòng ban): {leaders} mới.")
    return int(created) + leaders


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
