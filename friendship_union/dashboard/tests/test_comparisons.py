"""Comparisons that mean something (#13, 4): a period is compared with the one before it only where
records are kept then — a half year with the same half of the year before, a term with the previous
term, a span of years with the span of the same length just before — and "all time" with nothing.
Where there is nothing to compare with, the card says so plainly instead of a percentage."""

import datetime
from decimal import Decimal

import pytest

from friendship_union.aid.models import AidItem
from friendship_union.core.tests.factories import UserFactory
from friendship_union.dashboard import services
from friendship_union.dashboard.models import ReportingTerm
from friendship_union.delegations.models import Delegation

pytestmark = pytest.mark.django_db
NOTHING = "không có số liệu so sánh"


@pytest.fixture
def leader(client):
    client.force_login(UserFactory(username="lanhdao1", role="leadership"))
    return client


def cards(response):
    return {card["key"]: card for card in response.context["cards"]}


def headline_html(response):
    return response.content.decode().split('id="h-headline"')[1].split("</section>")[0]


def test_the_default_view_compares_all_time_with_nothing(leader, demo):
    response = leader.get("/bang-dieu-khien/")
    period = response.context["period"]
    assert period.all_time and (period.first, period.last) == (2003, services.current_year())
    assert response.context["comparison"] is None
    assert not any(card["compared"] or card["change"] is not None for card in response.context["cards"])
    html = headline_html(response)
    assert html.count(NOTHING) == len(services.FIGURES) and "%" not in html
    assert "Toàn thời gian không so sánh với kỳ nào." in response.content.decode()
    # Choosing a comparison does not make "all time" comparable either.
    term = ReportingTerm.objects.get(start_year=2005, end_year=2010)
    chosen = leader.get("/bang-dieu-khien/", {"tat_ca": 1, "ss_ky": term.pk})
    assert chosen.status_code == 200 and chosen.context["comparison"] is None


def test_no_comparison_with_years_before_the_records(leader, demo):
    """2003–2015 was compared with 1990–2002, when nothing was recorded (+8.400 %)."""
    response = leader.get("/bang-dieu-khien/", {"tu": 2003, "den": 2015})
    assert response.context["comparison"] is None
    assert headline_html(response).count(NOTHING) == len(services.FIGURES)
    assert "kỳ liền trước (1990–2002) trước năm 2003" in response.content.decode()
    print_page = leader.get("/bang-dieu-khien/in/", {"tu": 2003, "den": 2015}).content.decode()
    assert "1990–2002" in print_page and "%" not in print_page.split("<tbody>")[1].split("</tbody>")[0]


def test_a_span_of_years_with_the_span_before_it(leader, demo):
    response = leader.get("/bang-dieu-khien/", {"tu": 2010, "den": 2015})
    assert response.context["comparison"].label == "2004–2009"
    usd = cards(response)["committed_usd"]
    before = services.headline(services.Period(2004, 2009, ""))["committed_usd"]
    assert usd["previous"] == before and usd["change"] == services.change(usd["value"], before)
    assert "so với 2004–2009" in headline_html(response)


def test_a_figure_is_compared_only_where_its_own_records_exist(leader, demo):
    """Visits are recorded from 2006: 2008–2012 compares delegations with 2003–2007, not visits."""
    response = leader.get("/bang-dieu-khien/", {"tu": 2008, "den": 2012})
    assert response.context["comparison"].label == "2003–2007"
    shown = cards(response)
    assert shown["delegations_in"]["compared"] and shown["delegations_in"]["change"] is not None
    visits = shown["diaspora_visits"]
    assert not visits["compared"] and visits["previous"] is None and visits["change"] is None
    assert services.headline(services.Period(2003, 2007, ""))["diaspora_visits"] > 0  # a partial 2006–2007 …
    assert NOTHING in headline_html(response)  # … is not a comparison


def test_a_half_year_with_the_same_half_a_year_before(leader, demo):
    response = leader.get("/bang-dieu-khien/", {"tu": 2025, "nua": 1})
    assert response.context["comparison"].label == "6 tháng đầu năm 2024"
    assert response.context["comparison"].start == datetime.date(2024, 1, 1)
    shown = cards(response)
    assert shown["aid_items"]["compared"]


def test_a_term_with_the_previous_term(leader, demo):
    later = ReportingTerm.objects.get(start_year=2010, end_year=2015)
    response = leader.get("/bang-dieu-khien/", {"ky": later.pk})
    assert response.context["comparison"].label == "Nhiệm kỳ 2005–2010"
    assert cards(response)["committed_usd"]["change"] > 0  # the article: aid above the 2005–2010 term
    first = ReportingTerm.objects.get(start_year=2005, end_year=2010)
    response = leader.get("/bang-dieu-khien/", {"ky": first.pk})
    assert response.context["comparison"] is None  # no term before; 1999–2004 began before the records


def test_the_leader_still_chooses_the_comparison(leader, demo):
    response = leader.get("/bang-dieu-khien/", {"tu": 2015, "den": 2015, "ss_tu": 2010, "ss_den": 2010})
    assert response.context["comparison"].label == "2010"
    response = leader.get("/bang-dieu-khien/", {"tu": 2015, "nua": 2, "ss_tu": 2015, "ss_nua": 1})
    assert response.context["comparison"].label == "6 tháng đầu năm 2015"
    response = leader.get("/bang-dieu-khien/", {"tu": 2010, "den": 2015, "ss_ky": "khong"})
    assert response.context["comparison"] is None and "Không so sánh (theo lựa chọn)." in response.content.decode()
    assert leader.get("/bang-dieu-khien/", {"tu": 2015, "ss_tu": "abc"}).status_code == 400


def test_nothing_then_is_no_percentage(leader, reference_data):
    """A comparison period with records of the kind but a zero figure: the value is shown, no rate."""
    AidItem.objects.create(
        code="A-1", form="project", title="a", commitment_date=datetime.date(2010, 3, 1), committed_usd=Decimal(5)
    )
    AidItem.objects.create(
        code="A-2", form="project", title="b", commitment_date=datetime.date(2012, 3, 1), committed_usd=Decimal(9)
    )
    Delegation.objects.create(
        code="D-1", direction="in", title="d", start_date=datetime.date(2012, 5, 1), participants=3
    )
    response = leader.get("/bang-dieu-khien/", {"tu": 2012, "den": 2012, "ss_tu": 2011, "ss_den": 2011})
    shown = cards(response)
    assert shown["aid_items"]["compared"] and shown["aid_items"]["previous"] == 0
    assert shown["aid_items"]["change"] is None
    assert "2011: 0 — không tính tỷ lệ" in headline_html(response)
    # Delegations are recorded from 2012 only: none in 2011 is not a figure to compare with.
    assert not shown["delegations_in"]["compared"]
    # 2011 is compared with 2010 by default (records from 2010); 2010 with nothing (2009: none yet).
    assert leader.get("/bang-dieu-khien/", {"tu": 2011, "den": 2011}).context["comparison"].label == "2010"
    assert leader.get("/bang-dieu-khien/", {"tu": 2010, "den": 2010}).context["comparison"] is None
