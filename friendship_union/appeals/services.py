"""The one write path of appeals and expressions of interest (admin and public form call these)."""

from django.conf import settings
from django.db import transaction

from friendship_union.core.net import RateLimited, count_submission, rate_limited
from friendship_union.core.services import record_save

from .models import Appeal, Interest


def appeal_save(*, appeal: Appeal, user=None, validated: bool = False) -> Appeal:
    return record_save(appeal, user=user, validated=validated)


@transaction.atomic
def interest_submit(
    *, appeal: Appeal, organisation: str, country, email: str, message: str, hashed_ip: str
) -> Interest:
    """Store an expression of interest as a new internal lead. Raises RateLimited after
    APPEAL_INTEREST_RATE_LIMIT submissions from one address in the window; ValidationError on bad input."""
    if rate_limited("interest", hashed_ip, settings.APPEAL_INTEREST_RATE_LIMIT):
        raise RateLimited
    interest = Interest(
        appeal=appeal, organisation=organisation, country=country, email=email, message=message, ip_hash=hashed_ip
    )
    record_save(interest)
    count_submission("interest", hashed_ip, settings.APPEAL_INTEREST_RATE_WINDOW_MINUTES * 60)
    return interest
