"""The one write path of delegations (admin, import and demo call these). A delegation's derived
values — the places it visited in the province as recorded and the unit each is today, resolved as
of its start date, and its search text (Delegation.prepare_for_save) — are filled here. What the law
records of it — the dispatch or reception decision, funding and cost, the entry notice, the host
association or unit — are its own fields, checked by Delegation.clean() on every path; a missing
entry notice is a warning (Delegation.objects.missing_entry_notice()), never a refusal."""

from collections.abc import Iterable

from django.db import transaction

from friendship_union.core.services import RecordBatch, record_save, related_replace
from friendship_union.partners.models import Partner
from friendship_union.reference.models import Country
from friendship_union.reference.places import PlaceMatch, PlaceResolver
from friendship_union.reference.services import place_fill
from friendship_union.reference.services import places_reread as reread

from .models import Delegation, DelegationPlace


@transaction.atomic
def delegation_save(
    *,
    delegation: Delegation,
    partners: Iterable[Partner] | None = None,
    countries: Iterable[Country] | None = None,
    places: Iterable[PlaceMatch | str] | None = None,
    user=None,
    resolver: PlaceResolver | None = None,
    validated: bool = False,
) -> Delegation:
    """Save `delegation`; set the partners it met and the countries when given; replace the places
    it visited in the province when given (text resolved as of its start date, or PlaceMatch).
    None leaves a list as it is — but when the start date moves, the places are read again as of
    it. Every row keeps its history. Raises ValidationError."""
    stored = Delegation.objects.filter(pk=delegation.pk).values_list("start_date", flat=True).first()
    if places is None and stored is not None and stored != delegation.start_date:
        for row in places_reread(delegation, resolver=resolver):
            record_save(row, user=user, validated=True)
    record_save(delegation, user=user, validated=validated)
    if partners is not None:
        delegation.partners.set(list(partners))
    if countries is not None:
        delegation.countries.set(list(countries))
    if places is not None:
        rows = []
        for place in places:
            row = DelegationPlace(delegation=delegation)
            place_fill(row, place, on=delegation.start_date, resolver=resolver)
            rows.append(row)
        related_replace(delegation.places.all(), rows, user=user)
    return delegation


def places_reread(delegation: Delegation, *, resolver: PlaceResolver | None = None) -> list[DelegationPlace]:
    """The delegation's stored places read again as of its (new) start date
    (reference.services.places_reread); those whose units change, unsaved."""
    rows = delegation.places.all() if delegation.pk else []
    return reread(rows, on=delegation.start_date, resolver=resolver)


@transaction.atomic
def delegation_place_save(*, place: DelegationPlace, user=None) -> DelegationPlace:
    """Save one place visited (the admin's inline row), resolved as of the delegation's start date."""
    place_fill(place, place.place_text, on=place.delegation.start_date)
    return record_save(place, user=user)


def delegation_batch(*, user=None, batch_size: int = 1000) -> RecordBatch:
    """New delegations (without lists or places) written in batches with their history."""
    return RecordBatch(Delegation, user=user, batch_size=batch_size)
