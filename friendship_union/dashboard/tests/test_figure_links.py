"""One figure, one number (#13, 5): every figure on the dashboard links to the list of its records,
and that list — its count, or its totals line for money and people — shows the same number; the
home page, /kieu-bao/, the JSON summary and the report workbook read the same definitions."""

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from openpyxl import load_workbook

from friendship_union.core.templatetags.vn import number, vnd
from friendship_union.core.tests.factories import UserFactory
from friendship_union.dashboard import services
from friendship_union.dashboard.models import ReportingTerm
from friendship_union.diaspora.models import Enterprise

pytestmark = pytest.mark.django_db

# Figures that are sums, read from the list's totals line (the key in its context, how it is written).
SUMS = {
    "committed_usd": (lambda t: t["usd"], "usd"),
    "committed_vnd": (lambda t: t["vnd"], "vnd"),
    "counterpart_vnd": (lambda t: t["counterpart"], "vnd"),
    "disbursed_usd": (lambda t: t["usd"], "usd"),
    "delegations_out_participants": (lambda t: t["out"]["participants"], "number"),
    "delegations_in_visitors": (lambda t: t["in"]["participants"], "number"),
    "diaspora_visits": (lambda t: t["visitors"], "number"),
}


@pytest.fixture
def leader(client, demo):
    client.force_login(UserFactory(username="lanhdao1", role="leadership"))
    return client


def written(value, kind) -> str:
    return vnd(value) if kind == "vnd" else number(value, 0)


def figures_with_links(context, every_row=True) -> list[tuple[str, str, object, str]]:
    """(what, link, value, how the list shows it) for every figure the dashboard links; with
    `every_row` False, a breakdown's first and last rows only (each breakdown builds its rows' links
    by one function, so those two check its filter for the period as well as every row would)."""
    found = []
    for card in context["cards"] + context["aid_forms"]:
        found.append((card["key"], card["link"], card["value"], card["key"] if card["key"] in SUMS else "count"))
    for key, _title, rows in context["breakdowns"]:
        if not every_row and len(rows) > 2:
            rows = [rows[0], rows[-1]]
        found += [(f"{key}: {row['label']}", row["link"], row["items"], "count") for row in rows]
    alerts = context["alerts"]
    found.append(("lapsing", alerts["lapsing_link"], alerts["lapsing_count"], "count"))
    found.append(("expiring", context["expiring_link"], alerts["expiring_count"], "count"))
    found.append(("outside certificate coverage", alerts["uncovered_link"], alerts["uncovered_count"], "count"))
    found.append(("overdue actions", alerts["overdue_actions_link"], alerts["overdue_actions_count"], "count"))
    found.append(("dossiers", alerts["dossiers_link"], alerts["dossiers_count"], "count"))
    return found


def period_queries():
    term = ReportingTerm.objects.get(start_year=2010, end_year=2015)
    return [{}, {"tu": 2003, "den": 2015}, {"tu": 2025, "nua": 1}, {"ky": term.pk}, {"tu": 2013, "nua": 2}]


def test_every_figure_link_opens_a_list_showing_the_same_number(leader, short_admin_lists, monkeypatch):
    """Every figure for all time; for the other periods (years, a half year, a term),
    every card and alert and each breakdown's first and last rows. The lists are short and without
    the menu (their count and totals line are of all their rows, whatever the page shows)."""
    from django.contrib import admin

    monkeypatch.setattr(admin.site, "enable_nav_sidebar", False)
    checked = 0
    for position, query in enumerate(period_queries()):
        response = leader.get("/bang-dieu-khien/", query)
        assert response.status_code == 200
        every = figures_with_links(response.context)
        figures = every if position == 0 else figures_with_links(response.context, every_row=False)
        # Every link to a list on the page is one of these (record pages in the alerts aside).
        html = response.content.decode()
        shown = {unescape(h) for h in re.findall(r'href="(/admin/[^"]+)"', html) if not h.endswith("/change/")}
        assert shown <= {link for _what, link, _value, _how in every}, (query, shown)
        for what, link, value, how in figures:
            listing = leader.get(link)
            assert listing.status_code == 200, (query, what, link)  # not a redirect to ?e=1 (a bad filter)
            if how == "count":
                assert listing.context["cl"].result_count == value, (query, what, link)
                continue
            read, kind = SUMS[how]
            assert read(listing.context["totals"]) == value, (query, what, link)
            assert written(value, kind) in listing.context["totals_line"], (query, what)
            checked += 1
    assert checked == len(period_queries()) * len(SUMS)


def test_enterprises_operating_at_the_end_of_2015_are_the_list_it_opens(leader):
    response = leader.get("/bang-dieu-khien/", {"tu": 2003, "den": 2015})
    card = next(c for c in response.context["cards"] if c["key"] == "diaspora_enterprises")
    assert card["value"] == 17  # the source article, 2015: 17 enterprises invested by overseas Vietnamese
    listing = leader.get(card["link"])
    assert listing.context["cl"].result_count == 17
    assert "31/12/2015" in listing.content.decode()  # the filter names the day


def test_one_number_on_every_page_that_shows_it(leader, client):
    """All time on the dashboard = the JSON summary = /kieu-bao/ (enterprises operating today,
    visits since records began) = the home page (which counts public records only) = the workbook."""
    dashboard = leader.get("/bang-dieu-khien/")
    cards = {card["key"]: card["value"] for card in dashboard.context["cards"]}
    data = leader.get("/bang-dieu-khien/tong-hop.json").json()
    for key in services.JSON_KEYS:
        expected = cards[key]
        if isinstance(expected, Decimal):
            expected = int(expected) if key.endswith("_vnd") else float(expected.quantize(Decimal("0.01")))
        assert data[key] == expected, key
    assert data["from"] == dashboard.context["period"].first == 2003

    public = client.get("/kieu-bao/").context
    assert public["visits_total"] == cards["diaspora_visits"]
    assert public["enterprises_active"] == cards["diaspora_enterprises"]
    assert public["first_year"] == 2006

    home = client.get("/").context["figures"]
    assert home == services.headline(services.all_time(), public=True)
    assert home["partners_related"] == cards["partners_related"]  # partners have no internal records
    assert home["diaspora_visits"] == cards["diaspora_visits"]

    report = load_workbook(io.BytesIO(leader.get("/bang-dieu-khien/bao-cao.xlsx").content))["Tổng hợp"]
    in_workbook = {row[0].value: row[2].value for row in report.iter_rows(min_row=2) if row[0].value}
    for key, label, _unit, _kind in services.FIGURES:
        assert Decimal(str(in_workbook[str(label)])) == Decimal(str(cards[key])), key


def test_operating_on_a_day_counts_registration_and_stopping(reference_data):
    import datetime

    def make(name, registered, status="active", stopped=None):
        Enterprise.objects.create(name=name, registration_date=registered, status=status, stopped_date=stopped)

    make("A", datetime.date(2010, 5, 1))
    make("B", datetime.date(2016, 5, 1))  # not yet registered at the end of 2015
    make("C", datetime.date(2008, 1, 1), "suspended", datetime.date(2019, 3, 1))  # operating in 2015
    make("D", datetime.date(2008, 1, 1), "dissolved", datetime.date(2012, 3, 1))  # stopped before
    make("E", None)  # registration date not recorded: counted, as registered_in counts it
    make("F", datetime.date(2008, 1, 1), "suspended")  # stopped, day not recorded: never counted

    def names(day):
        return sorted(Enterprise.objects.operating_on(day).values_list("name", flat=True))

    assert names(datetime.date(2015, 12, 31)) == ["A", "C", "E"]
    assert names(datetime.date(2020, 1, 1)) == ["A", "B", "E"]
    rows = {row["sector"]: row for row in Enterprise.objects.by_line_of_business(on=datetime.date(2015, 12, 31))}
    assert rows[""]["active"] == 3 and rows[""]["total"] == 6
