"""The dashboard's figures come from the records through the same code the page uses."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from friendship_union.aid.models import AidItem
from friendship_union.core.tests.factories import UserFactory
from friendship_union.dashboard import services
from friendship_union.dashboard.models import ReportingTerm
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import HomelandVisit
from friendship_union.reference.services import place_fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client, demo):
    client.force_login(UserFactory(username="lanhdao1", role="leadership"))
    return client


def test_source_figures_2003_2015_through_the_page_code(demo):
    figures = services.headline(services.Period(2003, 2015, "2003–2015"))
    assert figures["partners_related"] == 85
    assert figures["partners_with_aid"] == 79
    assert figures["committed_usd"] > Decimal("29000000")
    assert figures["delegations_out"] == 137 and figures["delegations_out_participants"] > 400
    assert figures["delegations_in"] == 107 and figures["delegations_in_visitors"] == 507
    assert figures["diaspora_visits"] > 9000  # since 2006 (the article, 2015)
    assert figures["diaspora_enterprises"] == 17  # operating at the end of 2015
    assert figures["disbursed_usd"] > 0 and figures["counterpart_vnd"] > 0
    all_time = services.headline(services.all_time())
    assert all_time["diaspora_enterprises"] == 18  # today: 3 stopped after 2015, 4 registered since


def test_current_term_above_2005_2010(demo):
    earlier = services.headline(services.Period(2005, 2010, ""))["committed_usd"]
    later = services.headline(services.Period(2010, 2015, ""))["committed_usd"]
    assert later > earlier


def test_json_summary(leader):
    response = leader.get("/bang-dieu-khien/tong-hop.json", {"from": 2003, "to": 2015})
    assert response.status_code == 200
    data = response.json()
    assert set(services.JSON_KEYS) <= set(data)
    assert data["partners_related"] == 85 and data["partners_with_aid"] == 79
    assert isinstance(data["committed_usd"], float) and data["committed_usd"] > 29_000_000
    assert isinstance(data["committed_vnd"], int)
    assert (data["delegations_in"], data["delegations_in_visitors"]) == (107, 507)
    assert leader.get("/bang-dieu-khien/tong-hop.json", {"from": "abc"}).status_code == 400
    assert leader.get("/bang-dieu-khien/tong-hop.json", {"from": 2015, "to": 2003}).status_code == 400


def test_never_public_and_only_for_leadership_and_staff(client, demo):
    assert client.get("/bang-dieu-khien/").status_code == 302  # to the login page
    assert client.get("/bang-dieu-khien/tong-hop.json").status_code == 302
    client.force_login(UserFactory(username="kiemduyet1", role="moderator"))
    assert client.get("/bang-dieu-khien/").status_code == 403
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    assert client.get("/bang-dieu-khien/").status_code == 200


def test_every_headline_figure_links_to_its_records(leader):
    response = leader.get("/bang-dieu-khien/", {"tu": 2003, "den": 2015})
    assert response.status_code == 200
    for card in response.context["cards"]:
        listing = leader.get(card["link"])
        assert listing.status_code == 200, card
    committed = next(c for c in response.context["cards"] if c["key"] == "committed_usd")
    listing = leader.get(committed["link"])
    shown = listing.context["cl"].queryset
    assert shown.count() == AidItem.objects.filter(commitment_date__year__range=(2003, 2015)).count()
    delegations = next(c for c in response.context["cards"] if c["key"] == "delegations_in")
    assert leader.get(delegations["link"]).context["cl"].result_count == 107
    partners = next(c for c in response.context["cards"] if c["key"] == "partners_with_aid")
    assert leader.get(partners["link"]).context["cl"].result_count == 79


def test_breakdown_links_match_their_totals(leader):
    response = leader.get("/bang-dieu-khien/", {"tu": 2010, "den": 2015})
    breakdowns = {key: rows for key, _title, rows in response.context["breakdowns"]}
    for key in ("country", "sector", "form", "commune", "partner"):
        row = breakdowns[key][0]
        listing = leader.get(row["link"])
        assert listing.status_code == 200
        assert listing.context["cl"].result_count == row["items"], key


def test_terms_and_comparison(leader):
    term = ReportingTerm.objects.get(start_year=2010, end_year=2015)
    other = ReportingTerm.objects.get(start_year=2005, end_year=2010)
    response = leader.get("/bang-dieu-khien/", {"ky": term.pk, "ss_ky": other.pk})
    assert response.context["period"].label == "Nhiệm kỳ 2010–2015"
    assert response.context["comparison"].label == "Nhiệm kỳ 2005–2010"
    usd = next(c for c in response.context["cards"] if c["key"] == "committed_usd")
    assert usd["change"] > 0
    assert "so với Nhiệm kỳ 2005–2010" in response.content.decode()


def test_six_month_report_halves_add_up_to_the_year(leader):
    year = services.headline(services.Period(2012, 2012, "2012"))
    first, second = (services.headline(services.half_year(2012, half)) for half in (1, 2))
    additive = ["aid_items", "committed_usd", "delegations_out", "delegations_in", "diaspora_visits", "events"]
    for key in additive:
        assert first[key] + second[key] == year[key], key
    assert first["aid_items"] and second["diaspora_visits"]  # the demo has records in both halves
    response = leader.get("/bang-dieu-khien/", {"tu": 2012, "den": 2012, "nua": 1})
    assert response.context["period"].label == "6 tháng đầu năm 2012"
    assert response.context["comparison"].label == "6 tháng đầu năm 2011"  # cùng kỳ năm trước
    visits = next(c for c in response.context["cards"] if c["key"] == "diaspora_visits")
    assert visits["value"] == first["diaspora_visits"]
    assert "date__gte=2012-01-01&date__lte=2012-06-30" in visits["link"]
    assert leader.get(visits["link"]).context["cl"].result_count == (
        HomelandVisit.objects.filter(date__range=("2012-01-01", "2012-06-30")).count()
    )
    report = leader.get("/bang-dieu-khien/bao-cao.xlsx", {"tu": 2012, "nua": 2})
    assert report["Content-Disposition"].endswith('bao-cao-2012-nua2.xlsx"')
    data = leader.get("/bang-dieu-khien/tong-hop.json", {"from": 2012, "to": 2012, "half": 2}).json()
    assert (data["start"], data["end"], data["aid_items"]) == ("2012-07-01", "2012-12-31", second["aid_items"])
    compared = leader.get("/bang-dieu-khien/", {"from": 2012, "to": 2012, "half": 1}).context["comparison"]
    assert compared.label == "6 tháng đầu năm 2011"  # the English names never set the comparison too
    for bad in ({"tu": 2011, "den": 2012, "nua": 1}, {"tu": 2012, "nua": 3}, {"tat_ca": 1, "nua": 1}):
        response = leader.get("/bang-dieu-khien/", bad)
        assert response.status_code == 400 and "Kỳ 6 tháng chỉ chọn được trong một năm" in response.content.decode()


def test_bad_period_is_a_calm_400(leader):
    response = leader.get("/bang-dieu-khien/", {"tu": "hai nghìn", "den": 2015})
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ" in response.content.decode()


def test_exports(leader):
    response = leader.get("/bang-dieu-khien/xuat/sector.xlsx", {"tu": 2003, "den": 2015})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Theo lĩnh vực" and sheet.max_row > 5
    assert sum(row[1].value for row in sheet.iter_rows(min_row=2)) == pytest.approx(29_600_001, rel=1e-6)
    report = load_workbook(io.BytesIO(leader.get("/bang-dieu-khien/bao-cao.xlsx", {"tu": 2015, "den": 2015}).content))
    assert report.sheetnames[:2] == ["Tổng hợp", "Theo nhà tài trợ (15 lớn nhất)"]
    # Sheet names chosen to fit, never cut ("Theo xã, phường (địa giới hiện nay)" lost its end).
    assert "Theo xã, phường hiện nay" in report.sheetnames and all(len(n) <= 31 for n in report.sheetnames)
    summary = report["Tổng hợp"]
    assert [c.value for c in summary[1]] == ["Chỉ tiêu", "Đơn vị", "2015", "2014", "Thay đổi"]
    rows = {row[0].value: row for row in summary.iter_rows(min_row=2) if row[0].value}
    assert not [label for label in rows if "_" in label]  # labels, not code keys (committed_usd …)
    usd = rows["Giá trị cam kết (USD)"]
    assert usd[1].value == "USD" and usd[2].number_format == usd[3].number_format == "[$-42A]#,##0"
    assert usd[2].value == pytest.approx(float(services.headline(services.year_span(2015, 2015))["committed_usd"]))
    assert usd[4].number_format.startswith("[$-42A]+0.0%") and isinstance(usd[4].value, float)
    assert rows["Đoàn vào"][1].value == "đoàn" and rows["Khoản viện trợ – chương trình"][1].value == "khoản"
    assert rows["So sánh với"][1].value == "2014"
    assert leader.get("/bang-dieu-khien/xuat/nope.xlsx").status_code == 400


def test_print_summary_states_period_and_date(leader):
    html = leader.get("/bang-dieu-khien/in/", {"tu": 2003, "den": 2015}).content.decode()
    assert "Kỳ báo cáo: 2003–2015" in html
    assert f"In ngày {datetime.date.today():%d/%m/%Y}" in html or "In ngày" in html


@pytest.mark.parametrize("url", ["/bang-dieu-khien/", "/bang-dieu-khien/in/"])
def test_query_count_does_not_grow(leader, url):
    from django.core.cache import cache

    def count():
        cache.clear()  # measure the computation, not the cache
        with CaptureQueriesContext(connection) as ctx:
            assert leader.get(url, {"tu": 2003, "den": 2015}).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    Delegation.objects.bulk_create(
        [
            Delegation(code=f"X-{i}", direction="out", title="x", start_date=datetime.date(2012, 1, 1), participants=2)
            for i in range(500)
        ]
    )
    AidItem.objects.bulk_create(
        [
            AidItem(
                code=f"Y-{i}",
                form="project",
                title="y",
                commitment_date=datetime.date(2012, 1, 1),
                committed_usd=Decimal(100),
                committed_vnd=Decimal(2000000),
            )
            for i in range(500)
        ]
    )
    assert count() == before


def test_figures_follow_every_kind_of_change(leader):
    """The dashboard caches its figures; any change to the records shows on the next view."""
    from friendship_union.aid.resources import AidItemResource
    from friendship_union.core.tests.importing import assert_clean, run_import

    def usd():
        return leader.get("/bang-dieu-khien/tong-hop.json", {"from": 2014, "to": 2014}).json()["committed_usd"]  # float

    before = Decimal(str(usd()))
    assert Decimal(str(usd())) == before  # served again, unchanged
    AidItem(
        code="NEW-1",
        form="project",
        title="Mới",
        commitment_date=datetime.date(2014, 6, 1),
        committed_usd=Decimal(1000),
        committed_vnd=Decimal(21000000),
    ).save()
    assert Decimal(str(usd())) == before + 1000  # an admin-style save
    rows = [("NEW-2", "Mới 2", "Dự án", "", "", "", "", "", "500", "USD", "01/06/2014")]
    headers = [
        "Mã",
        "Tên",
        "Hình thức",
        "Loại viện trợ",
        "Nhà tài trợ",
        "Chủ khoản viện trợ",
        "Lĩnh vực",
        "Địa bàn",
        "Giá trị cam kết",
        "Tiền tệ",
        "Ngày cam kết",
    ]
    assert_clean(run_import(AidItemResource(), headers, rows))
    assert Decimal(str(usd())) == before + 1500  # a bulk import
    AidItem.objects.get(code="NEW-1").delete()
    assert Decimal(str(usd())) == before + 500  # a delete


def test_program_money_counted_once_and_shares_split_in_every_breakdown(reference_data):
    """A program carrying the money and its projects count once; an item with two funders is split
    between them, one with two sectors by its percentages, one in two communes equally."""
    from friendship_union.aid.models import AidLocation, AidProvider, AidSector
    from friendship_union.partners.tests.factories import make_partner

    australian, korean = make_partner("AU-1", "Aus Fund"), make_partner("KR-1", "Korea Fund", country_id="KR")

    def item(code, usd, program=None, form="project"):
        return AidItem.objects.create(
            code=code,
            form=form,
            title=code,
            program=program,
            commitment_date=datetime.date(2014, 3, 1),
            committed_usd=None if usd is None else Decimal(usd),
        )

    program = item("CT-1", 10000, form="program")
    item("DA-1", 4000, program=program)  # inside a program that carries the money: not again
    loose = item("CT-2", None, form="program")
    shared = item("DA-2", 3000, program=loose)  # the program carries no money: the project counts
    for partner in (australian, korean):
        AidProvider.objects.create(aid_item=shared, partner=partner)
    AidProvider.objects.create(aid_item=program, partner=australian)
    AidSector.objects.create(aid_item=shared, sector_id="11220", percentage=Decimal(60))
    AidSector.objects.create(aid_item=shared, sector_id="12220", percentage=Decimal(40))
    for place in ("Đông Thới, Cái Nước", "Đất Mũi, Ngọc Hiển"):
        location = AidLocation(aid_item=shared)
        place_fill(location, place)
        location.save()

    period = services.Period(2014, 2014, "2014")
    assert services.headline(period)["committed_usd"] == Decimal(13000)
    assert services.trends(period)["committed_usd"] == [Decimal(13000)]
    result = services.breakdowns(period)
    assert {r["label"]: r["usd"] for r in result["country"]} == {"Úc": Decimal(11500), "Hàn Quốc": Decimal(1500)}
    assert [(r["label"], r["usd"], r["items"]) for r in result["partner"]] == [
        ("Aus Fund", Decimal(11500), 2),
        ("Korea Fund", Decimal(1500), 1),
    ]
    assert sorted(r["usd"] for r in result["sector"]) == [Decimal(1200), Decimal(1800)]
    assert sum(r["usd"] for r in result["form"]) == Decimal(13000)
    assert [r["usd"] for r in result["commune"]] == [Decimal(1500), Decimal(1500)]
    assert {r["label"] for r in result["commune"]} == {"Xã Cái Nước", "Xã Đất Mũi"}


def test_no_cache_keeps_the_figures(leader):
    """Dashboard pages, the JSON summary and every workbook are private to the signed-in leader:
    neither a shared proxy nor the browser's cache may keep them (#12)."""
    for url in (
        "/bang-dieu-khien/",
        "/bang-dieu-khien/in/",
        "/bang-dieu-khien/tong-hop.json?from=2003&to=2015",
        "/bang-dieu-khien/bao-cao.xlsx?tu=2015&den=2015",
        "/bang-dieu-khien/xuat/partner.xlsx?tu=2015&den=2015",
    ):
        response = leader.get(url)
        assert response.status_code == 200, url
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control, (url, control)


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        # session, user, permissions; where records begin (1); the headline (7: partners, aid, delegations,
        # visits, disbursements, enterprises, events); terms; trends (3); breakdowns (1); the commune
        # map; alerts (lapsing, expiring, overdue follow-up actions: each listed and counted; outside
        # certificates: the foreign NGOs, the stamps of the rows each one's check reads — its aid rows'
        # recorded changes and its certificate rows' fingerprint, 2 —, one check of every NGO not kept,
        # the first few items by code — 5, however many NGOs); every version is
        # read in one query, once per request (versioning._versions: the coverage alert and the
        # commune map's drawing, kept by other apps' versions, read them again before). All time is
        # compared with nothing; H1 2025 with H1 2024 (its headline: 8 more); 2003–2015 with nothing
        # (before 2003).
        # The plan's progress (reports' {% plan_progress %}): its targets (1) and, when the period
        # has some (the demo's 2025 plan), the report's figures (10: the beneficiaries come with the
        # active items' summary).
        # The alerts' overdue approval dossiers: 2 (the first few, the count).
        ("/bang-dieu-khien/", {}, 36),
        ("/bang-dieu-khien/", {"tu": 2025, "nua": 1}, 52),
        ("/bang-dieu-khien/in/", {"tu": 2003, "den": 2015}, 34),
    ],
)
def test_query_count_pinned(leader, django_assert_num_queries, url, query, expected):
    """The dashboard's queries, counted with the cache empty (the computation, not the cache): fixed,
    whatever the period and whether it is compared or not."""
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(expected):
        assert leader.get(url, query).status_code == 200
