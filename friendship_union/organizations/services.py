"""The one write path of the Union's own records — people and their positions, member
associations, awards, headcount, milestones (admin, import and demo call these). A person's search
key is derived by Person.prepare_for_save."""

from django.db import transaction

from friendship_union.core.services import record_save

from .models import Award, Person, Position


@transaction.atomic
def person_save(*, person: Person, user=None, validated: bool = False) -> Person:
    """Save a person of the Union or a member association (contacts internal). Raises ValidationError."""
    return record_save(person, user=user, validated=validated)


@transaction.atomic
def position_save(*, position: Position, user=None, validated: bool = False) -> Position:
    """Save a position; a person met for the first time (an import row naming someone new) is saved
    first. Raises ValidationError."""
    if position.person.pk is None:
        person_save(person=position.person, user=user)
        position.person = position.person  # refresh the cached person_id
    return record_save(position, user=user, validated=validated)


@transaction.atomic
def award_save(*, award: Award, user=None, validated: bool = False) -> Award:
    """Save an award to the Union, a person (saved first when new) or a partner. Raises ValidationError."""
    if award.person is not None and award.person.pk is None:
        person_save(person=award.person, user=user)
        award.person = award.person
    return record_save(award, user=user, validated=validated)
