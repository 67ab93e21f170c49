"""Approval dossiers: the stages and due dates the clock gives, the overdue list the admin, the dashboard
and the reminders share, bad input refused with Vietnamese messages, and the public look-up that shows
the stage and dates only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from friendship_union.aid.models import AidItem
from friendship_union.dossiers.models import Dossier, OpinionRequest, Stage, TimeLimit
from friendship_union.dossiers.services import dossier_save, opinion_request_save

pytestmark = pytest.mark.django_db
D = datetime.date
SENT = D(2025, 2, 4)


@pytest.fixture
def item(db):
    return AidItem.objects.create(code="VT-HS", form="project", title="Trường học Đất Mũi (thử)")


def make_dossier(item, code="HS-T1", **fields) -> Dossier:
    fields = {"received_on": D(2025, 1, 24), "decree": "80/2020", **fields}
    return dossier_save(dossier=Dossier(code=code, aid_item=item, **fields))


def ask(dossier, agency="Sở Tài chính", sent_on=SENT, **fields) -> OpinionRequest:
    return opinion_request_save(opinion=OpinionRequest(dossier=dossier, agency=agency, sent_on=sent_on, **fields))


def test_stages_and_due_dates_follow_the_working_day_clock(item):
    # Received Friday 24/1/2025, the day before Tết: the 3 days to check it are 3–5/2/2025.
    dossier = make_dossier(item)
    assert (dossier.stage, dossier.stage_due_on, dossier.next_due_on) == (Stage.RECEIVED, D(2025, 2, 5), D(2025, 2, 5))

    dossier.complete_on = D(2025, 2, 3)  # appraisal: 20 working days → Monday 3/3/2025
    dossier_save(dossier=dossier)
    assert (dossier.stage, dossier.stage_due_on) == (Stage.APPRAISAL, D(2025, 3, 3))

    opinion = ask(dossier)  # 10 working days from Tuesday 4/2 → Tuesday 18/2
    dossier.refresh_from_db()
    assert opinion.due_on == D(2025, 2, 18)
    assert (dossier.stage, dossier.next_due_on) == (Stage.OPINIONS, D(2025, 2, 18))
    assert list(Dossier.objects.overdue(D(2025, 2, 18))) == []
    assert list(Dossier.objects.overdue(D(2025, 2, 19))) == [dossier]

    opinion.answered_on = D(2025, 2, 20)
    opinion_request_save(opinion=opinion)
    dossier.refresh_from_db()
    assert (dossier.stage, dossier.next_due_on) == (Stage.APPRAISAL, D(2025, 3, 3))
    assert list(Dossier.objects.overdue(D(2025, 2, 19))) == []

    dossier.appraised_on = D(2025, 2, 28)  # decision: 5 working days → Friday 7/3
    dossier_save(dossier=dossier)
    assert (dossier.stage, dossier.next_due_on) == (Stage.DECISION, D(2025, 3, 7))

    dossier.decision_number, dossier.decision_date = "123/QĐ-UBND", D(2025, 3, 6)
    dossier_save(dossier=dossier)
    assert (dossier.stage, dossier.next_due_on) == (Stage.DECIDED, None)
    assert not Dossier.objects.overdue(D(2030, 1, 1)).exists()
    assert dossier.history.count() >= 5 and opinion.history.count() == 2


def test_a_changed_time_limit_is_data_not_code(item):
    TimeLimit.objects.filter(decree="80/2020", stage="completeness").update(working_days=10)
    assert make_dossier(item).stage_due_on == D(2025, 2, 14)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"complete_on": D(2025, 1, 20)}, "complete_on", "không thể trước ngày tiếp nhận (24/01/2025)"),
        ({"appraised_on": D(2025, 2, 1)}, "appraised_on", "Chưa có ngày nhận đủ hồ sơ hợp lệ"),
        ({"decision_date": D(2025, 3, 1)}, "decision_number", "cần ghi số quyết định"),
        ({"aid_item": None}, "aid_item", "cần chọn khoản viện trợ"),
    ],
)
def test_bad_dates_are_refused_in_vietnamese_and_nothing_is_saved(item, fields, field, message):
    dossier = Dossier(code="HS-SAI", received_on=D(2025, 1, 24), decree="80/2020", aid_item=item)
    for name, value in fields.items():
        setattr(dossier, name, value)
    with pytest.raises(ValidationError) as error:
        dossier_save(dossier=dossier)
    assert message in " ".join(error.value.message_dict[field])
    assert not Dossier.objects.exists()


def test_a_decree_without_time_limits_says_what_to_add(item):
    TimeLimit.objects.filter(decree="313/2025", stage="opinion").delete()
    with pytest.raises(ValidationError) as error:
        make_dossier(item, decree="313/2025")
    [message] = error.value.message_dict["decree"]
    assert "Chưa có thời hạn theo Nghị định 313/2025/NĐ-CP cho: Cơ quan có ý kiến" in message


def test_an_answer_before_the_request_is_refused(item):
    dossier = make_dossier(item, complete_on=D(2025, 2, 3))
    with pytest.raises(ValidationError) as error:
        ask(dossier, answered_on=D(2025, 2, 1))
    assert error.value.message_dict["answered_on"] == ["Ngày trả lời không thể trước ngày gửi."]
    assert not OpinionRequest.objects.exists()


def admin_post(dossier_fields, opinions=()):
    data = {
        "code": "HS-ADMIN",
        "kind": "aid",
        "subject": "",
        "decree": "80/2020",
        "received_on": "24/01/2025",
        "complete_on": "",
        "appraised_on": "",
        "appraisal_gist": "",
        "decision_number": "",
        "decision_date": "",
        "decision_authority": "",
        "note": "",
        "opinions-TOTAL_FORMS": str(len(opinions)),
        "opinions-INITIAL_FORMS": "0",
        "opinions-MIN_NUM_FORMS": "0",
        "opinions-MAX_NUM_FORMS": "1000",
        **dossier_fields,
    }
    for n, row in enumerate(opinions):
        data.update({f"opinions-{n}-{key}": value for key, value in row.items()})
    return data


def test_the_admin_writes_through_the_service_and_refuses_bad_dates(admin_client, item):
    bad = admin_post({"aid_item": item.pk, "complete_on": "20/01/2025"})
    response = admin_client.post("/admin/dossiers/dossier/add/", bad)
    assert response.status_code == 200
    assert "không thể trước ngày tiếp nhận (24/01/2025)" in response.content.decode()
    assert not Dossier.objects.exists()

    good = admin_post(
        {"aid_item": item.pk, "complete_on": "03/02/2025"},
        [{"agency": "Công an tỉnh", "sent_on": "04/02/2025", "answered_on": "", "gist": "Chưa trả lời"}],
    )
    response = admin_client.post("/admin/dossiers/dossier/add/", good)
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert (dossier.stage, dossier.next_due_on) == (Stage.OPINIONS, D(2025, 2, 18))
    assert dossier.opinions.get().due_on == D(2025, 2, 18)
    assert dossier.history.latest().history_user.is_superuser


def test_the_overdue_filter_and_the_days_left_column(admin_client, item, monkeypatch):
    today = D(2025, 3, 4)
    monkeypatch.setattr(timezone, "localdate", lambda: today)
    late = make_dossier(item, code="HS-TRE", complete_on=D(2025, 2, 3))
    ask(late)  # due 18/2, unanswered
    make_dossier(item, code="HS-KIP", received_on=D(2025, 3, 3))  # due 6/3
    make_dossier(item, code="HS-XONG", decision_number="1/QĐ", decision_date=D(2025, 2, 1))
    assert list(Dossier.objects.overdue().values_list("code", flat=True)) == ["HS-TRE"]

    page = admin_client.get("/admin/dossiers/dossier/?qua_han=1").content.decode()
    assert "HS-TRE" in page and "HS-KIP" not in page and "HS-XONG" not in page
    assert "1 hồ sơ phê duyệt" in page or ">1<" in page
    # The days-left column: late by 10 working days (19/2 … 4/3), and 2 left for the fresh one.
    everything = admin_client.get("/admin/dossiers/dossier/").content.decode()
    assert "trễ 10" in everything and '<td class="field-days_left">2</td>' in everything


def test_the_admin_list_reads_a_constant_number_of_queries(admin_client, item, django_assert_max_num_queries):
    def pages_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/admin/dossiers/dossier/").status_code == 200
        return len(queries)

    for n in range(2):
        make_dossier(item, code=f"HS-A{n}")
    few = pages_queries()
    for n in range(10):
        make_dossier(item, code=f"HS-B{n}", complete_on=D(2025, 2, 3))
    assert pages_queries() == few


# --- the public look-up ---------------------------------------------------------------------------
SECRETS = ["Ghi chú nội bộ kín", "Ý kiến kín của sở", "Sở Bí Mật", "Trường học Đất Mũi (thử)", "Kết quả thẩm định kín"]


@pytest.fixture
def public_dossier(item):
    dossier = make_dossier(
        item, code="HS-2025-007", complete_on=D(2025, 2, 3), note="Ghi chú nội bộ kín", subject="Nội dung kín"
    )
    ask(dossier, agency="Sở Bí Mật", gist="Ý kiến kín của sở")
    return dossier


def test_the_look_up_shows_the_stage_and_dates_only(client, public_dossier):
    response = client.get("/tra-cuu-ho-so/", {"ma": " hs-2025-007 "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đang lấy ý kiến các cơ quan" in html and "24/01/2025" in html and "03/02/2025" in html
    assert "03/03/2025" in html  # the stage's last day
    assert not [secret for secret in [*SECRETS, "Nội dung kín", "VT-HS"] if secret in html]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]
    english = client.get("/en/dossier-status/", {"ma": "HS-2025-007"}).content.decode()
    assert "Collecting the agencies" in english and "24/01/2025" in english


def test_an_unknown_or_empty_code_gets_a_clear_message(client, public_dossier):
    html = client.get("/tra-cuu-ho-so/", {"ma": "HS-9999"}).content.decode()
    assert "Không tìm thấy hồ sơ có mã “HS-9999”" in html
    assert "Vui lòng nhập mã hồ sơ" in client.get("/tra-cuu-ho-so/", {"ma": "  "}).content.decode()
    first = client.get("/tra-cuu-ho-so/").content.decode()
    assert "Vui lòng nhập" not in first and "Không tìm thấy" not in first


def test_look_ups_are_rate_limited_per_address(client, public_dossier, settings):
    settings.DOSSIER_LOOKUP_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/tra-cuu-ho-so/", {"ma": "HS-2025-007"}).status_code == 200
    refused = client.get("/tra-cuu-ho-so/", {"ma": "HS-2025-007"})
    assert refused.status_code == 429
    assert "tra cứu nhiều lần" in refused.content.decode() and "Đang lấy ý kiến" not in refused.content.decode()
    other = client.get("/tra-cuu-ho-so/", {"ma": "HS-2025-007"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_look_up_reads_a_constant_number_of_queries(client, item, django_assert_max_num_queries):
    for n in range(30):
        make_dossier(item, code=f"HS-{n:03d}")
    with django_assert_max_num_queries(6):
        assert client.get("/tra-cuu-ho-so/", {"ma": "HS-007"}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/tra-cuu-ho-so/").status_code == 200
