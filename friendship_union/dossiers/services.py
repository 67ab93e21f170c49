"""The one write path of approval dossiers and their opinion requests (the admin, the demo and the
tests call these). Each write derives the dates the clock gives — an opinion request's last day, the
dossier's stage, the stage's last day and the earliest last day not met — from the time limits of the
dossier's decree (`TimeLimit`) and the working-day calendar (workdays.py), and keeps history."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from friendship_union.core.services import record_save

from .models import Dossier, LimitStage, OpinionRequest, Stage, TimeLimit
from .workdays import WorkCalendar


def time_limit(decree: str, stage: str) -> int:
    """The working days `stage` may take under `decree`. Raises ValidationError naming what to add."""
    days = TimeLimit.objects.filter(decree=decree, stage=stage).values_list("working_days", flat=True).first()
    if days is None:
        raise ValidationError(
            _("Chưa có thời hạn cho bước “%(stage)s” theo %(decree)s: thêm ở mục Thời hạn xử lý.")
            % {"stage": LimitStage(stage).label, "decree": decree}
        )
    return days


def derive(dossier: Dossier, opinions: list[OpinionRequest], calendar: WorkCalendar) -> None:
    """Set the dossier's stage, the stage's last day and the earliest last day not met."""
    if dossier.decision_date:
        dossier.stage, dossier.stage_due_on, dossier.next_due_on = Stage.DECIDED, None, None
        return
    if dossier.appraised_on:
        stage, start, limit = Stage.DECISION, dossier.appraised_on, LimitStage.DECISION
    elif dossier.complete_on:
        waiting = any(opinion.answered_on is None for opinion in opinions)
        stage = Stage.OPINIONS if waiting else Stage.APPRAISAL
        start, limit = dossier.complete_on, LimitStage.APPRAISAL
    else:
        stage, start, limit = Stage.RECEIVED, dossier.received_on, LimitStage.COMPLETENESS
    dossier.stage = stage
    dossier.stage_due_on = calendar.add(start, time_limit(dossier.decree, limit)) if start else None
    dues = [dossier.stage_due_on] if dossier.stage_due_on else []
    if stage != Stage.DECISION:
        dues += [opinion.due_on for opinion in opinions if opinion.answered_on is None]
    dossier.next_due_on = min(dues) if dues else None


@transaction.atomic
def dossier_save(*, dossier: Dossier, user=None, validated: bool = False) -> Dossier:
    """Validate and save `dossier` with its stage and due dates derived from its opinion requests as
    stored. Returns the dossier. Raises ValidationError (bad dates, a missing time limit)."""
    if dossier.aid_item_id and not dossier.decree:
        dossier.decree = dossier.aid_item.decree if dossier.aid_item.decree in ("80/2020", "313/2025") else ""
    if not validated:  # the dates first: the clock needs them (full_clean runs again on saving)
        dossier.clean_fields(exclude=["stage"])
        dossier.clean()
    opinions = list(dossier.opinions.all()) if dossier.pk else []
    derive(dossier, opinions, WorkCalendar.load())
    return record_save(dossier, user=user, validated=validated)


@transaction.atomic
def dossier_refresh(*, dossier: Dossier, user=None) -> Dossier:
    """Derive the stage and due dates again (after its opinion requests changed); saved, with history,
    only when something changed."""
    before = (dossier.stage, dossier.stage_due_on, dossier.next_due_on)
    derive(dossier, list(dossier.opinions.all()), WorkCalendar.load())
    if (dossier.stage, dossier.stage_due_on, dossier.next_due_on) != before:
        record_save(dossier, user=user, validated=True)
    return dossier


@transaction.atomic
def opinion_request_save(*, opinion: OpinionRequest, user=None, validated: bool = False) -> OpinionRequest:
    """Validate and save an opinion request, its last day `sent_on` + the decree's opinion limit in
    working days; the dossier's stage follows. Returns the request. Raises ValidationError."""
    dossier = opinion.dossier
    if not validated:
        opinion.clean_fields(exclude=["due_on"])
        opinion.clean()
    opinion.due_on = WorkCalendar.load().add(opinion.sent_on, time_limit(dossier.decree, LimitStage.OPINION))
    record_save(opinion, user=user, validated=validated)
    dossier_refresh(dossier=dossier, user=user)
    return opinion


def clock(dossier: Dossier, calendar: WorkCalendar, today: datetime.date) -> dict:
    """The clock: working days used since the current stage started, left until the nearest last
    day not met — the stage's or an unanswered opinion request's — (negative: late by), and whether
    the dossier is overdue."""
    start, due = dossier.stage_started_on, dossier.next_due_on
    return {
        "used": calendar.between(start, today) if start and due else None,
        "left": calendar.between(today, due) if due else None,
        "overdue": bool(dossier.next_due_on and dossier.next_due_on < today),
    }
