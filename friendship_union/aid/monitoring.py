"""The one write path of monitoring visits, their follow-up actions, and results with their periods
(imported by `aid.services`; the admin, the demo loader and any import call these functions).

Derived values, owned here:
- a visit's commune as recorded and the unit it is today, read as of the visit's date (a new date
  reads it again);
- an aid item's last change moves with its results and their periods (its IATI file's ETag and date);
- the history of every row written, naming the user.

Checked here as well as in each model's clean(): a result's periods do not overlap (`check_periods`).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from friendship_union.core.services import record_save, related_replace
from friendship_union.core.text import ddmmyyyy
from friendship_union.reference.places import PlaceResolver
from friendship_union.reference.services import place_fill

from .models import AidItem, FollowUpAction, MonitoringVisit, Result, ResultPeriod


@transaction.atomic
def monitoring_visit_save(
    *,
    visit: MonitoringVisit,
    actions: Iterable[FollowUpAction] | None = None,
    user=None,
    resolver: PlaceResolver | None = None,
    validated: bool = False,
) -> MonitoringVisit:
    """Save `visit` with its commune read as of its date (`place_text` as staff typed it); replace its
    follow-up actions by `actions` (unsaved rows; None leaves them). Returns the visit. Raises
    ValidationError (a place that cannot be read, a date after today, an action due before the visit)."""
    if visit.place_text:
        place_fill(visit, visit.place_text, on=visit.date, resolver=resolver)
    else:
        place_fill(visit, "")
    actions = list(actions) if actions is not None else None
    if actions is not None:
        for action in actions:
            action.visit = visit
            action.full_clean(exclude=["visit"])
    record_save(visit, user=user, validated=validated)
    if actions is not None:
        for action in actions:
            action.visit = visit
        related_replace(visit.actions.all(), actions, user=user)
    return visit


@transaction.atomic
def follow_up_action_save(*, action: FollowUpAction, user=None, validated: bool = False) -> FollowUpAction:
    """Save one follow-up action (the admin's inline row or list). Raises ValidationError."""
    return record_save(action, user=user, validated=validated)


@transaction.atomic
def follow_up_actions_close(*, actions: Iterable[FollowUpAction], on: datetime.date | None = None, user=None) -> int:
    """Close the open ones of `actions` on `on` (today by default), each with its history row. Returns
    how many were closed."""
    closed = 0
    for action in actions:
        if action.closed_on is None:
            action.closed_on = on or timezone.localdate()
            record_save(action, user=user)
            closed += 1
    return closed


def check_periods(periods: Iterable[ResultPeriod]) -> None:
    """Periods of one result: none overlapping another. Raises ValidationError naming the two."""
    rows = sorted(periods, key=lambda p: p.period_start)
    for earlier, later in zip(rows, rows[1:], strict=False):
        if later.period_start <= earlier.period_end:
            raise ValidationError(
                _("Kỳ %(later)s trùng với kỳ %(earlier)s: sửa ngày của một trong hai.")
                % {
                    "later": f"{ddmmyyyy(later.period_start)}–{ddmmyyyy(later.period_end)}",
                    "earlier": f"{ddmmyyyy(earlier.period_start)}–{ddmmyyyy(earlier.period_end)}",
                }
            )


def _touch(item_id: int | None) -> None:
    """The item's last change moves with its results (its IATI file's ETag and last-updated date)."""
    if item_id:
        AidItem.objects.filter(pk=item_id).update(updated_at=timezone.now())


@transaction.atomic
def result_save(
    *, result: Result, periods: Iterable[ResultPeriod] | None = None, user=None, validated: bool = False
) -> Result:
    """Save `result`; replace its periods by `periods` (unsaved rows; None leaves them), each and
    together checked. Returns the result. Raises ValidationError."""
    periods = list(periods) if periods is not None else None
    if periods is not None:
        for period in periods:
            period.full_clean(exclude=["result"], validate_unique=False, validate_constraints=False)
        check_periods(periods)
    record_save(result, user=user, validated=validated)
    if periods is not None:
        for period in periods:
            period.result = result
        related_replace(result.periods.all(), periods, user=user)
    _touch(result.aid_item_id)
    return result


@transaction.atomic
def result_period_save(*, period: ResultPeriod, user=None, validated: bool = False) -> ResultPeriod:
    """Save one period of a result (the admin's inline row; the inline's formset has checked the rows
    together, `validated`). Otherwise checked against the result's other periods."""
    if not validated:
        period.full_clean()
        check_periods([*ResultPeriod.objects.filter(result=period.result_id).exclude(pk=period.pk), period])
    record_save(period, user=user, validated=True)
    _touch(Result.objects.filter(pk=period.result_id).values_list("aid_item_id", flat=True).first())
    return period


@transaction.atomic
def result_delete(*, result: Result, user=None) -> None:
    """Delete a result and its periods (in history); the item's last change moves (its IATI file)."""
    item_id = result.aid_item_id
    if user is not None and getattr(user, "pk", None):
        result._history_user = user
    result.delete()
    _touch(item_id)
