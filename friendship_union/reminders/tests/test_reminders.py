import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendship_union.aid.models import AidItem
from friendship_union.aid.services import aid_item_save
from friendship_union.core.templatetags.vn import number
from friendship_union.core.tests.factories import UserFactory
from friendship_union.partners.tests.factories import make_certificate, make_partner
from friendship_union.reminders import services
from friendship_union.reminders.models import SentReminder

from .smtp import SmtpServer, smtp_mailers

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def staff(db):
    return {
        "entry": UserFactory(username="nhaplieu", email="nhaplieu@huunghi.example", role="data_entry"),
        "leader": UserFactory(username="lanhdao", email="lanhdao@huunghi.example", role="leadership"),
        "editor": UserFactory(username="bientap", email="bientap@huunghi.example", role="editor"),
        "no_mail": UserFactory(username="khongthu", email="", role="data_entry"),
    }


def expiring(days: int, number="01/GĐK"):
    """A valid certificate expiring `days` after TODAY."""
    return make_certificate(
        make_partner(code=f"P-{number[:2]}", name=f"Quỹ {number}"),
        number=number,
        issue=TODAY - datetime.timedelta(days=300),
        expiry=TODAY + datetime.timedelta(days=days),
    )


def recipients_of(subject_start):
    return sorted(to for m in mail.outbox if m.subject.startswith(subject_start) for to in m.to)


def test_certificate_reminded_once_per_threshold_to_data_entry_only(staff, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: TODAY)  # expiring_within reads today
    expiring(25)
    assert services.send_due(TODAY)["sent"] == 1
    [message] = mail.outbox
    assert message.to == ["nhaplieu@huunghi.example"]  # data entry with an address; not leadership, not editor
    assert message.subject == "Giấy đăng ký sắp hết hạn: 1 giấy"
    assert "Quỹ 01/GĐK — giấy số 01/GĐK hết hạn 27/03/2026 (còn 25 ngày)" in message.body
    assert "http://127.0.0.1:8000/admin/partners/registrationcertificate/?sap_het_han=30" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and 'href="http://127.0.0.1:8000/admin/partners/registrationcertificate/' in html

    # The next run (same day or a week later) sends nothing: the 30-day threshold was reminded.
    services.send_due(TODAY)
    services.send_due(TODAY + datetime.timedelta(days=7))
    assert len(mail.outbox) == 1
    # Crossing the 7-day threshold reminds again, once.
    later = TODAY + datetime.timedelta(days=19)
    monkeypatch.setattr(timezone, "localdate", lambda: later)
    services.send_due(later)
    services.send_due(later)
    assert len(mail.outbox) == 2 and "(còn 6 ngày)" in mail.outbox[1].body
    assert SentReminder.objects.filter(kind="certificate").count() == 2


def test_lapsing_approval_reminded_to_data_entry_and_leadership(staff):
    item = AidItem(
        code="LAP-1",
        form="project",
        title="Trường mẫu giáo",
        approval_number="12/QĐ-UBND",
        approval_date=TODAY - datetime.timedelta(days=200),
    )
    aid_item_save(item=item)
    services.send_due(TODAY)
    assert recipients_of("Phê duyệt quá 6 tháng") == ["lanhdao@huunghi.example", "nhaplieu@huunghi.example"]
    assert f"LAP-1 — Trường mẫu giáo (phê duyệt {item.approval_date:%d/%m/%Y})" in mail.outbox[0].body
    assert "/admin/aid/aiditem/?qua_han_trien_khai=1" in mail.outbox[0].body
    mail.outbox.clear()
    services.send_due(TODAY + datetime.timedelta(days=1))
    assert recipients_of("Phê duyệt") == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 6, 14), None),  # 16 days before: not yet
        (datetime.date(2026, 6, 15), "báo cáo 6 tháng đầu năm 2026, hạn 30/06/2026"),
        (datetime.date(2026, 6, 30), "báo cáo 6 tháng đầu năm 2026, hạn 30/06/2026"),
        (datetime.date(2026, 7, 1), None),
        (datetime.date(2026, 12, 16), "báo cáo năm 2026, hạn 31/12/2026"),
    ],
)
def test_report_deadlines_fifteen_days_before(staff, today, expected):
    services.send_due(today)
    found = [m for m in mail.outbox if m.subject.startswith("Sắp đến hạn báo cáo")]
    if expected is None:
        assert found == []
        return
    assert sorted(m.to[0] for m in found) == ["lanhdao@huunghi.example", "nhaplieu@huunghi.example"]
    assert found[0].subject == f"Sắp đến hạn báo cáo: {expected}"
    services.send_due(today + datetime.timedelta(days=1))
    assert len([m for m in mail.outbox if m.subject.startswith("Sắp đến hạn báo cáo")]) == 2  # not again


def test_nothing_sent_and_nothing_recorded_without_recipients(db):
    UserFactory(username="khongthu", email="", role="leadership")
    result = services.send_due(datetime.date(2026, 6, 20))
    assert result == {"sent": 0, "items": 0, "waiting": 1}
    assert mail.outbox == [] and not SentReminder.objects.exists()
    name, ok, message = services.health(datetime.date(2026, 6, 20))
    assert (name, ok) == ("mail-queue", False) and "due since 15/06/2026" in message


def test_digest_counts_equal_the_admin_lists_they_link_to(demo, admin_client):
    today = timezone.localdate()
    figures = services.digest_figures(today)
    nonzero = 0
    for name, _label, queryset, link in figures:
        response = admin_client.get(link)
        assert response.status_code == 200, link
        assert response.context["cl"].result_count == queryset.count(), name
        assert response.context["cl"].result_count < response.context["cl"].full_result_count, name  # filtered
        nonzero += queryset.count() > 0
    assert nonzero >= 3  # the demo has records each of several figures names
    UserFactory(username="nhaplieu", email="nhaplieu@huunghi.example", role="data_entry")
    services.send_due(today)
    [digest] = [m for m in mail.outbox if m.subject.startswith("Bản tin chất lượng dữ liệu")]
    for name, label, queryset, link in figures:
        count = queryset.count()
        if count:
            assert f"- {label}: {number(count)}\n  http://127.0.0.1:8000{link}" in digest.body, name
    mail.outbox.clear()
    services.send_due(today)
    assert not [m for m in mail.outbox if m.subject.startswith("Bản tin")]  # once a week


def test_sent_through_a_real_smtp_server_with_a_plain_text_part(staff, settings):
    with SmtpServer() as server:
        settings.MAILERS = smtp_mailers(server.port)
        services.send_due(datetime.date(2026, 12, 20))
    received = server.inbox.messages
    assert sorted(m["To"] for m in received) == ["lanhdao@huunghi.example", "nhaplieu@huunghi.example"]
    message = received[0]
    assert message["Subject"] == "Sắp đến hạn báo cáo: báo cáo năm 2026, hạn 31/12/2026"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "báo cáo năm 2026" in plain and "http://127.0.0.1:8000/bang-dieu-khien/?tu=2026&den=2026" in plain
    assert '<a href="http://127.0.0.1:8000/bang-dieu-khien/?tu=2026&amp;den=2026">' in html
    assert SentReminder.objects.get().key == "deadline:20261231"


def test_refused_mail_records_nothing_so_the_next_run_tries_again(staff, settings):
    settings.MAILERS = smtp_mailers(SmtpServer().port)  # nobody listens there
    with pytest.raises(OSError):
        services.send_due(datetime.date(2026, 12, 20))
    assert not SentReminder.objects.exists()


def test_send_reminders_command(staff, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 12, 20))
    call_command("send_reminders", "--dry-run", stdout=(out := __import__("io").StringIO()))
    assert "Sắp đến hạn báo cáo: báo cáo năm 2026, hạn 31/12/2026 → Lãnh đạo, Cán bộ nhập liệu" in out.getvalue()
    assert mail.outbox == []
    call_command("send_reminders", stdout=out)
    assert len(mail.outbox) == 2
    call_command("send_reminders", "--enqueue", stdout=out)  # the immediate backend runs it here: nothing new
    assert len(mail.outbox) == 2


def test_staff_page_lists_due_and_sent_in_constant_queries(staff, admin_client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(timezone, "localdate", lambda: TODAY)
    url = "/admin/reminders/sentreminder/"
    expiring(20, "01/GĐK")
    admin_client.get(url)  # warm: the site identity and content types are cached after the first request
    with CaptureQueriesContext(connection) as first:
        response = admin_client.get(url)
    text = response.content.decode()
    assert "Đến hạn, chưa gửi" in text and "giấy số 01/GĐK" in text and "Không có nhắc việc nào đã gửi" not in text
    services.send_due(TODAY)
    for n in range(5):
        expiring(40 + n, f"{n + 2:02d}/GĐK")
    with django_assert_num_queries(len(first.captured_queries)):  # more due and sent: no more queries
        response = admin_client.get(url)
    text = response.content.decode()
    assert re.search(r"Giấy đăng ký sắp hết hạn: 5 giấy", text)  # due: the five new ones
    assert "nhaplieu@huunghi.example" in text  # sent: the first, with its recipients
