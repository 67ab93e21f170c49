"""Monitoring visits and results (#19 part 3): visits with their commune as recorded and now, findings
and follow-up actions kept internal; results with a baseline and per-period targets and actuals, shown
on the public pages and published as IATI <result> when public; overdue actions on the dashboard."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendship_union.aid import iati_rules
from friendship_union.aid.models import (
    AidItem,
    FollowUpAction,
    IndicatorMeasure,
    MonitoringVisit,
    ProviderRole,
    Result,
    ResultPeriod,
    ResultType,
)
from friendship_union.aid.services import (
    follow_up_actions_close,
    monitoring_visit_save,
    result_delete,
    result_period_save,
    result_save,
)
from friendship_union.core.tests.factories import UserFactory
from friendship_union.gallery.models import Album

from .test_aid import inline_management
from .test_iati_rules import ID_SETS, ORG_ID, assert_valid, fetch, save, world  # noqa: F401

pytestmark = pytest.mark.django_db
D = Decimal
day = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def item(world):  # noqa: F811
    return save(
        "GS-1",
        title="Trồng rừng ngập mặn Đất Mũi",
        planned_start=day(2023, 1, 1),
        planned_end=day(2026, 12, 31),
        providers=[(world["lkc"], ProviderRole.FUNDING)],
        sectors=[(world["water"], D(100))],
    )


def visit(item, when, place="", **fields):
    fields.setdefault("visitors", "Cán Bộ Giám Sát Kín")
    return MonitoringVisit(aid_item=item, date=when, place_text=place, **fields)


def action(text="Trồng dặm", owner="Người Phụ Trách Kín", due=None, closed=None):
    return FollowUpAction(text=text, owner=owner, due_date=due or TODAY, closed_on=closed)


def result(item, *, public=True, periods=(), **fields):
    fields.setdefault("title", "Rừng ngập mặn được trồng mới")
    fields.setdefault("indicator", "Diện tích trồng mới")
    fields.setdefault("unit", "ha")
    row = Result(aid_item=item, is_public=public, **fields)
    return result_save(
        result=row,
        periods=[ResultPeriod(period_start=s, period_end=e, target=t, actual=a) for s, e, t, a in periods],
    )


# -- visits and their actions --------------------------------------------------------------------------
def test_a_visit_keeps_its_commune_as_recorded_and_now_and_its_actions_with_history(item):
    user = UserFactory(username="nhaplieu-gs", role="data_entry")
    saved = monitoring_visit_save(
        visit=visit(item, day(2024, 5, 10), "Đông Thới, Cái Nước", findings="Phát hiện nội bộ"),
        actions=[action(due=day(2024, 6, 30)), action("Báo cáo ảnh", due=day(2024, 5, 20), closed=day(2024, 5, 18))],
        user=user,
    )
    assert saved.place_recorded.name.startswith("Xã Đông Thới") and "Cái Nước" in saved.place_current.name
    assert sorted(saved.actions.values_list("text", flat=True)) == ["Báo cáo ảnh", "Trồng dặm"]
    assert list(FollowUpAction.objects.open().values_list("text", flat=True)) == ["Trồng dặm"]
    assert MonitoringVisit.history.get().history_user == user
    assert FollowUpAction.history.filter(history_user=user).count() == 2
    # Closing writes the day and a history row; an action already closed keeps its day.
    assert follow_up_actions_close(actions=FollowUpAction.objects.all(), on=day(2024, 7, 2), user=user) == 1
    assert set(FollowUpAction.objects.values_list("closed_on", flat=True)) == {day(2024, 7, 2), day(2024, 5, 18)}


def test_bad_visits_and_actions_are_refused_in_vietnamese_and_nothing_is_saved(item):
    cases = [
        (visit(item, TODAY + datetime.timedelta(days=1)), [], "Ngày giám sát không thể sau hôm nay"),
        (visit(item, day(2024, 5, 10)), [action(due=day(2024, 5, 1))], "Hạn hoàn thành không thể trước ngày giám sát"),
        (
            visit(item, day(2024, 5, 10)),
            [action(due=day(2024, 6, 1), closed=day(2024, 5, 9))],
            "Ngày hoàn thành không thể trước ngày giám sát (10/05/2024)",
        ),
        (visit(item, day(2024, 5, 10), "xa khong co that"), [], "Không tìm thấy địa danh"),
        (visit(item, day(2024, 5, 10), visitors=""), [], "Trường này không được để trắng"),
    ]
    for row, actions, message in cases:
        with pytest.raises(ValidationError) as error:
            monitoring_visit_save(visit=row, actions=actions)
        assert message in str(error.value), (message, error.value)
    assert not MonitoringVisit.objects.exists() and not FollowUpAction.objects.exists()


def test_admin_visit_with_actions_refuses_bad_rows_and_saves_good_ones(client, item):
    client.force_login(UserFactory(username="nhaplieu-gs2", role="data_entry"))
    data = {
        "aid_item": item.pk,
        "date": "10/05/2024",
        "visitors": "Nguyễn Văn An",
        "place_text": "Đông Thới, Cái Nước",
        "findings": "Cây phát triển tốt.",
        **inline_management("actions", 1),
        "actions-0-text": "Trồng dặm 2 ha",
        "actions-0-owner": "Ban quản lý xã",
        "actions-0-due_date": "01/05/2024",
    }
    response = client.post("/admin/aid/monitoringvisit/add/", data)
    assert response.status_code == 200
    assert "Hạn hoàn thành không thể trước ngày giám sát (10/05/2024)." in response.content.decode()
    assert not MonitoringVisit.objects.exists()
    data["actions-0-due_date"] = "30/06/2024"
    assert client.post("/admin/aid/monitoringvisit/add/", data).status_code == 302
    saved = MonitoringVisit.objects.get()
    assert saved.place_current is not None and saved.actions.get().owner == "Ban quản lý xã"
    assert FollowUpAction.history.get().history_user.username == "nhaplieu-gs2"


def test_a_visits_album_never_shows_on_the_public_site(item):
    album = Album.objects.create(title="Album giám sát kín", is_public=True)
    assert album in Album.objects.published()
    monitoring_visit_save(visit=visit(item, day(2024, 5, 10), album=album))
    assert album not in Album.objects.published()


# -- results -----------------------------------------------------------------------------------------
def test_results_are_checked_and_nothing_is_saved_when_one_is_wrong(item):
    good = [(day(2024, 1, 1), day(2024, 12, 31), D(60), D(64))]
    kept = result(item, periods=good)
    cases = {
        "Kỳ 01/07/2024–30/06/2025 trùng với kỳ 01/01/2024–31/12/2024": [
            *good,
            (day(2024, 7, 1), day(2025, 6, 30), D(10), None),
        ],
        "Ngày kết thúc kỳ phải sau ngày bắt đầu": [(day(2024, 5, 1), day(2024, 5, 1), D(1), None)],
        "Ghi chỉ tiêu, kết quả đạt được, hoặc cả hai": [(day(2024, 1, 1), day(2024, 12, 31), None, None)],
        "Kỳ này chưa bắt đầu": [(TODAY + datetime.timedelta(days=3), TODAY + datetime.timedelta(days=90), D(5), D(5))],
    }
    for message, periods in cases.items():
        with pytest.raises(ValidationError) as error:
            result_save(
                result=kept,
                periods=[ResultPeriod(period_start=s, period_end=e, target=t, actual=a) for s, e, t, a in periods],
            )
        assert message in str(error.value), (message, error.value)
    assert list(kept.periods.values_list("target", "actual")) == [(D(60), D(64))]
    with pytest.raises(ValidationError) as error:
        result(item, baseline_value=D(5))
    assert "Ghi cả giá trị ban đầu và năm của nó" in str(error.value)
    # One period on its own (the admin inline's path) is checked against the result's others.
    with pytest.raises(ValidationError):
        result_period_save(period=ResultPeriod(result=kept, period_start=day(2024, 6, 1), period_end=day(2025, 5, 31)))


def test_admin_result_with_overlapping_periods_is_refused(client, item):
    client.force_login(UserFactory(username="nhaplieu-kq", role="data_entry"))
    data = {
        "aid_item": item.pk,
        "result_type": "1",
        "measure": "1",
        "title": "Học sinh có nước sạch",
        "indicator": "Số học sinh",
        "unit": "học sinh",
        "baseline_value": "0",
        "baseline_year": "2022",
        "is_public": "on",
        **inline_management("periods", 2),
        "periods-0-period_start": "01/01/2024",
        "periods-0-period_end": "31/12/2024",
        "periods-0-target": "1200",
        "periods-0-actual": "1150",
        "periods-1-period_start": "01/06/2024",
        "periods-1-period_end": "31/05/2025",
        "periods-1-target": "2500",
    }
    response = client.post("/admin/aid/result/add/", data)
    assert response.status_code == 200
    assert "Kỳ 01/06/2024–31/05/2025 trùng với kỳ 01/01/2024–31/12/2024" in response.content.decode()
    assert not Result.objects.exists()
    data["periods-1-period_start"], data["periods-1-period_end"] = "01/01/2025", "31/12/2025"
    response = client.post("/admin/aid/result/add/", data)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    saved = Result.objects.get()
    assert list(saved.periods.values_list("target", "actual")) == [(D(1200), D(1150)), (D(2500), None)]


def test_public_results_are_published_as_iati_results_that_pass_the_rules(client, item):
    result(
        item,
        title_en="New mangroves",
        unit_en="ha",
        baseline_value=D(0),
        baseline_year=2023,
        periods=[
            (day(2024, 1, 1), day(2024, 12, 31), D(60), D("64.5")),
            (day(2026, 1, 1), day(2026, 12, 31), D(40), None),
        ],
    )
    result(
        item,
        result_type=ResultType.OUTCOME,
        measure=IndicatorMeasure.PERCENTAGE,
        title="Tỷ lệ cây sống",
        indicator="Tỷ lệ cây sống sau 12 tháng",
        unit="",
        periods=[(day(2024, 1, 1), day(2024, 12, 31), D(85), D(81))],
    )
    result(item, public=False, title="Chỉ số nội bộ kín", periods=[(day(2024, 1, 1), day(2024, 12, 31), D(1), None)])
    document = fetch(client)
    warnings = assert_valid(document)
    assert set(warnings) <= {"102.1.1"}
    [activity] = document
    assert [child.tag for child in activity][-2:] == ["result", "result"]  # last, as the schema orders them
    first, second = activity.xpath("result")
    assert (first.get("type"), first.get("aggregation-status")) == ("1", "1")
    assert first.xpath("title/narrative/text()") == ["Rừng ngập mặn được trồng mới", "New mangroves"]
    indicator = first.xpath("indicator")[0]
    assert indicator.get("measure") == "1"
    assert indicator.xpath("title/narrative/text()") == ["Diện tích trồng mới"]
    assert indicator.xpath("description/narrative/text()") == ["Đơn vị tính: ha", "Unit: ha"]
    assert [(b.get("year"), b.get("value")) for b in indicator.xpath("baseline")] == [("2023", "0")]
    periods = [
        (p.xpath("period-start/@iso-date")[0], p.xpath("target/@value"), p.xpath("actual/@value"))
        for p in indicator.xpath("period")
    ]
    assert periods == [("2024-01-01", ["60"], ["64.5"]), ("2026-01-01", ["40"], [])]
    assert second.get("type") == "2" and second.xpath("indicator/@measure") == ["2"]
    assert second.xpath("indicator/baseline") == []  # none recorded
    assert "Chỉ số nội bộ kín" not in str(document.xpath("//narrative/text()"))
    # The rules catch a period whose end is before its start: the checker sees results.
    broken = fetch(client)
    broken.xpath("//result/indicator/period/period-end")[0].set("iso-date", "2023-01-01")
    assert "8.6.1" in {f.rule_id for f in iati_rules.check(broken, id_sets=ID_SETS) if f.severity == "error"}


def test_a_result_change_moves_the_iati_files_etag(client, item):
    first = client.get("/iati/activities.xml")["ETag"]
    saved = result(item, periods=[(day(2024, 1, 1), day(2024, 12, 31), D(60), D(64))])
    second = client.get("/iati/activities.xml")["ETag"]
    assert second != first
    result_delete(result=saved)
    assert client.get("/iati/activities.xml")["ETag"] not in (first, second)
    assert not ResultPeriod.objects.exists()


# -- public pages ------------------------------------------------------------------------------------
def _secrets_everywhere(item):
    monitoring_visit_save(
        visit=visit(item, day(2024, 5, 10), findings="Phát hiện giám sát nội bộ"),
        actions=[action("Việc sau giám sát kín", due=day(2024, 6, 1))],
    )
    result(item, public=False, title="Chỉ số nội bộ kín", periods=[(day(2024, 1, 1), day(2024, 12, 31), D(1), None)])


SECRETS = ["Cán Bộ Giám Sát Kín", "Phát hiện giám sát nội bộ", "Việc sau giám sát kín", "Người Phụ Trách Kín",
           "Chỉ số nội bộ kín"]  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_item_and_partner_pages_show_public_results_only(client, item, world, language):  # noqa: F811
    result(
        item,
        title_en="New mangroves",
        indicator_en="Area newly planted",
        baseline_value=D(1250000),
        baseline_year=2023,
        periods=[(day(2024, 1, 1), day(2024, 12, 31), D(1234567), D("1300000"))],
    )
    _secrets_everywhere(item)
    prefix = "/en/aid/GS-1/" if language == "en" else "/vien-tro/GS-1/"
    partner = "/en/partners/LKC-AU/" if language == "en" else "/doi-tac/LKC-AU/"
    for url in (prefix, partner):
        html = client.get(url).content.decode()
        for secret in SECRETS:
            assert secret not in html, (url, secret)
        if language == "vi":
            assert "Rừng ngập mặn được trồng mới" in html and "Diện tích trồng mới</span> (<span>ha</span>)" in html
            assert "1.234.567" in html and "1.300.000" in html and "1.250.000 (2023)" in html
            assert "01/01/2024 – 31/12/2024" in html
        else:
            assert "New mangroves" in html and "Area newly planted" in html
            assert "1,234,567" in html and "1,300,000" in html


def test_item_and_partner_pages_queries_do_not_grow_with_results(client, item):
    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    result(item, periods=[(day(2024, 1, 1), day(2024, 12, 31), D(60), D(64))])
    few = {url: count(url) for url in ("/vien-tro/GS-1/", "/doi-tac/LKC-AU/")}
    other = save("GS-2", planned_start=day(2023, 1, 1), providers=[(item.providers.get().partner, "1")])
    for n in range(12):
        result(
            item if n % 2 else other,
            title=f"Kết quả {n}",
            periods=[(day(2020 + k, 1, 1), day(2020 + k, 12, 31), D(k), D(k)) for k in range(4)],
        )
    assert {url: count(url) for url in few} == few
    assert client.get("/vien-tro/GS-1/").content.decode().count("result-table") == 7


# -- demo ----------------------------------------------------------------------------------------------
def test_demo_has_visits_with_an_overdue_action_and_published_results(client, demo):
    from friendship_union.aid.demo import _monitoring
    from friendship_union.core.models import SiteIdentity

    assert _monitoring() == (0, 0)  # idempotent: a second load adds nothing
    assert MonitoringVisit.objects.count() == 3
    assert FollowUpAction.objects.open().count() == 2
    overdue = FollowUpAction.objects.overdue()
    assert [a.visit.aid_item.code for a in overdue] == ["DEMO-TH-2023-01"]
    water = MonitoringVisit.objects.get(aid_item__code="DEMO-TH-2022-01")
    assert water.place_recorded != water.place_current  # recorded before the 2025 reform
    assert Result.objects.public().count() == 4 and Result.objects.count() == 5
    html = client.get("/vien-tro/DEMO-TH-2022-01/").content.decode()
    assert "4.125" in html and "Số học sinh được dùng nước sạch" in html
    assert "bể chứa" not in html and "Nguyễn Văn An" not in html
    SiteIdentity.objects.update(iati_org_identifier=ORG_ID)
    document = fetch(client)
    assert_valid(document)  # results after the transactions, as the schema orders them
    assert len(document.xpath("//result")) == 4
    assert len(document.xpath("//result/indicator/period")) == 11
    AidItem.objects.filter(code="DEMO-TH-2023-01").update(is_public=False)
    assert Result.objects.public().count() == 2  # an internal item's results are internal too
