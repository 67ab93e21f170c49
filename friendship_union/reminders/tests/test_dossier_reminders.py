"""Reminders of overdue approval dossiers: to data entry and leadership, once per dossier and missed day."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from friendship_union.core.tests.factories import UserFactory
from friendship_union.dossiers.services import opinion_request_save
from friendship_union.dossiers.tests.test_dossiers import ask, item, make_dossier  # noqa: F401 (fixture)
from friendship_union.reminders import services as reminders
from friendship_union.reminders.models import SentReminder

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_overdue_dossier_is_reminded_once_per_missed_day(item, monkeypatch):  # noqa: F811
    UserFactory(username="nhaplieu", email="nhaplieu@huunghi.example", role="data_entry")
    UserFactory(username="lanhdao", email="lanhdao@huunghi.example", role="leadership")
    late = make_dossier(item, code="HS-TRE", complete_on=D(2025, 2, 3))
    ask(late)
    today = D(2025, 2, 20)
    monkeypatch.setattr(timezone, "localdate", lambda: today)
    reminders.send_due(today)
    sent = [m for m in mail.outbox if m.subject.startswith("Hồ sơ phê duyệt quá hạn")]
    assert sorted(m.to[0] for m in sent) == ["lanhdao@huunghi.example", "nhaplieu@huunghi.example"]
    assert "HS-TRE — Đang lấy ý kiến các cơ quan, hạn 18/02/2025" in sent[0].body
    assert "/admin/dossiers/dossier/?qua_han=1" in sent[0].body
    mail.outbox.clear()
    reminders.send_due(today + datetime.timedelta(days=1))
    assert not [m for m in mail.outbox if m.subject.startswith("Hồ sơ phê duyệt quá hạn")]
    # The agency answered; the appraisal's own last day (3/3) is missed next: a new reminder.
    opinion = late.opinions.get()
    opinion.answered_on = D(2025, 2, 21)
    opinion_request_save(opinion=opinion)
    reminders.send_due(D(2025, 3, 4))
    assert SentReminder.objects.filter(key__startswith=f"dossier:{late.pk}:").count() == 2
