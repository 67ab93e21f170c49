"""The one write path of overseas-Vietnamese records (admin, import, demo and generate_scale_data
call these). Derived values owned here: an enterprise's registered capital in USD and VND at the
rate in force on its registration date, and its place as recorded and the unit it is today. A
homeland visit has none of its own; the monthly totals the dashboard reads are kept by PostgreSQL
triggers on every write, bulk ones included (migration 0003)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from friendship_union.core.services import RecordBatch, record_save, records_create
from friendship_union.reference.places import PlaceResolver
from friendship_union.reference.services import MissingExchangeRate, RateBook, UnknownCurrency, place_fill

from .models import Donation, Enterprise, HomelandVisit, OverseasAssociation, OverseasPerson


@transaction.atomic
def overseas_person_save(*, person: OverseasPerson, user=None, validated: bool = False) -> OverseasPerson:
    """Save an overseas Vietnamese person (contacts internal). Raises ValidationError."""
    return record_save(person, user=user, validated=validated)


@transaction.atomic
def association_save(*, association: OverseasAssociation, user=None, validated: bool = False) -> OverseasAssociation:
    """Save an overseas Vietnamese association. Raises ValidationError."""
    return record_save(association, user=user, validated=validated)


@transaction.atomic
def visit_save(*, visit: HomelandVisit, user=None, validated: bool = False) -> HomelandVisit:
    """Save a homeland visit. Raises ValidationError."""
    return record_save(visit, user=user, validated=validated)


def visit_batch(*, user=None, batch_size: int = 1000) -> RecordBatch:
    """New homeland visits written in batches with their history (imports of many rows)."""
    return RecordBatch(HomelandVisit, user=user, batch_size=batch_size)


def visits_create(visits: Iterable[HomelandVisit], *, user=None, batch_size: int = 2000) -> list[HomelandVisit]:
    """Insert many visits at once, each with its history row (demo and generated data)."""
    return records_create(HomelandVisit, list(visits), user=user, batch_size=batch_size)


def enterprise_convert_money(enterprise: Enterprise, *, book: RateBook | None = None) -> None:
    """Fill capital_usd and capital_vnd from the registered capital at the rate in force on the
    registration date (None without capital, currency or date). Raises ValidationError on
    `registration_date` when there is no rate."""
    if enterprise.registered_capital is None or not enterprise.currency_id or not enterprise.registration_date:
        enterprise.capital_usd = enterprise.capital_vnd = None
        return
    book = book or RateBook()
    on = enterprise.registration_date
    try:
        enterprise.capital_vnd = book.convert(
            enterprise.registered_capital, enterprise.currency_id, "VND", on=on
        ).amount
        enterprise.capital_usd = book.convert(
            enterprise.registered_capital, enterprise.currency_id, "USD", on=on
        ).amount
    except (MissingExchangeRate, UnknownCurrency) as exc:
        raise ValidationError({"registration_date": exc.message}) from exc


def enterprise_place(enterprise: Enterprise, *, resolver: PlaceResolver | None = None) -> None:
    """Resolve the enterprise's place text as of its registration date (ValidationError on
    `place_text` when it cannot be)."""
    place_fill(enterprise, enterprise.place_text, on=enterprise.registration_date, resolver=resolver)


@transaction.atomic
def enterprise_save(
    *,
    enterprise: Enterprise,
    user=None,
    book: RateBook | None = None,
    resolver: PlaceResolver | None = None,
    validated: bool = False,
) -> Enterprise:
    """Save an enterprise with its capital converted at the dated rate and its place resolved.
    Raises ValidationError."""
    enterprise_convert_money(enterprise, book=book)
    enterprise_place(enterprise, resolver=resolver)
    return record_save(enterprise, user=user, validated=validated)


@transaction.atomic
def donation_save(*, donation: Donation, user=None, validated: bool = False) -> Donation:
    """Save a donation by a person, an association or a named group. Raises ValidationError."""
    return record_save(donation, user=user, validated=validated)
