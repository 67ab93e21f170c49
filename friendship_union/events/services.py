"""The one write path of events (admin, import and demo call it). An event's derived values — its
place as recorded and the unit it is today, resolved as of its start date, and its search text
(Event.prepare_for_save) — are filled here."""

from collections.abc import Iterable

from django.db import transaction

from friendship_union.core.services import record_save
from friendship_union.organizations.models import MemberAssociation
from friendship_union.partners.models import Partner
from friendship_union.reference.places import PlaceResolver
from friendship_union.reference.services import place_fill

from .models import Event


@transaction.atomic
def event_save(
    *,
    event: Event,
    partners: Iterable[Partner] | None = None,
    associations: Iterable[MemberAssociation] | None = None,
    user=None,
    resolver: PlaceResolver | None = None,
    validated: bool = False,
) -> Event:
    """Save an event with its place resolved as of its start date; set its co-organizing partners
    and the member associations that organized it when given (None leaves them). Raises
    ValidationError."""
    place_fill(event, event.place_text, on=event.start_date, resolver=resolver)
    record_save(event, user=user, validated=validated)
    if partners is not None:
        event.partners.set(list(partners))
    if associations is not None:
        event.associations.set(list(associations))
    return event
