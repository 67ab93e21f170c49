import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.core.tests.factories import UserFactory
from friendship_union.reference.models import ExchangeRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, reference_data):
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    return client


@pytest.mark.parametrize("query", ["dong thoi", "Đông Thới", "DONG THOI cai nuoc", "32143"])
def test_unit_search_without_diacritics(staff_client, query):
    response = staff_client.get("/admin/reference/administrativeunit/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã Đông Thới" in html
    assert "Xã Cái Nước, Tỉnh Cà Mau" in html  # the current unit it became is shown


def test_unit_search_keeps_list_filters(staff_client):
    response = staff_client.get("/admin/reference/administrativeunit/", {"q": "dat mui", "era__exact": "current"})
    rows = response.context["cl"].result_list
    assert [u.era for u in rows] == ["current"]


def test_units_autocomplete_for_other_apps(staff_client):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"term": "dat mui", "app_label": "reference", "model_name": "exchangerate", "field_name": "currency"},
    )
    assert response.status_code == 200  # autocomplete endpoint works with folded search
    response = staff_client.get("/admin/reference/country/", {"q": "uc"})
    assert "Úc" in response.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def make_rates(n: int, start=datetime.date(1900, 1, 1)):
    for i in range(n):
        ExchangeRate(
            currency_id=["USD", "EUR", "AUD"][i % 3],
            date=start + datetime.timedelta(days=i),
            rate=Decimal(20000 + i),
        ).save()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reference/exchangerate/",
        "/admin/reference/administrativeunit/?q=cai+nuoc",
        "/admin/reference/sector/",
        "/admin/reference/country/",
    ],
)
def test_changelist_queries_do_not_grow_with_rows(staff_client, url):
    make_rates(10)
    few = count_queries(staff_client, url)
    make_rates(300, start=datetime.date(1950, 1, 1))
    assert count_queries(staff_client, url) == few


def test_rate_changelist_shows_grouped_numbers_and_day_first_dates(staff_client):
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2015, 4, 5), rate=Decimal("21890"))
    ExchangeRate.objects.create(currency_id="JPY", date=datetime.date(2015, 4, 5), rate=Decimal("133.706900"))
    html = staff_client.get("/admin/reference/exchangerate/").content.decode()
    assert "21.890" in html
    assert "133,7069<" in html and "133,706900" not in html  # the rate's digits, not its column's zeros
    assert "05/04/2015" in html


def test_rate_form_refuses_zero_and_keeps_history(staff_client):
    response = staff_client.post(
        "/admin/reference/exchangerate/add/",
        {"currency": "USD", "date": "05/04/2015", "rate": "0", "source": ""},
    )
    assert response.status_code == 200
    assert "Tỷ giá phải lớn hơn 0." in response.content.decode()
    assert not ExchangeRate.objects.exists()
    response = staff_client.post(
        "/admin/reference/exchangerate/add/",
        {"currency": "USD", "date": "05/04/2015", "rate": "21890", "source": "NHNN"},
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert rate.date == datetime.date(2015, 4, 5)
    assert rate.history.get().history_user.username == "nhaplieu1"


def test_unit_search_phrase_first_then_words(staff_client):
    rows = staff_client.get("/admin/reference/administrativeunit/", {"q": "dong thoi"}).context["cl"].result_list
    assert rows and all("dong thoi" in u.search_name for u in rows)  # not "An Thới Đông"
    words = staff_client.get("/admin/reference/administrativeunit/", {"q": "cai nuoc dong thoi"})
    assert [u.label for u in words.context["cl"].result_list] == ["Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau"]


def test_staff_edit_of_a_country_alias_is_kept_in_history(staff_client):
    response = staff_client.post(
        "/admin/reference/country/AU/change/",
        {"name_vi": "Úc", "name_en": "Australia", "aliases": "Australia; Ô-xtơ-rây-li-a; Châu Úc"},
    )
    assert response.status_code == 302
    from friendship_union.reference.models import Country

    assert Country.objects.lookup("chau uc").code == "AU"
    assert Country.history.filter(code="AU").first().history_user.username == "nhaplieu1"


def test_reloading_reference_keeps_staff_edits(staff_client):
    from django.core.management import call_command

    from friendship_union.reference.models import Country, Sector

    staff_client.post(
        "/admin/reference/country/AU/change/",
        {"name_vi": "Úc", "name_en": "Australia", "aliases": "Châu Úc"},
    )
    staff_client.post("/admin/reference/sector/11220/change/", {"name_vi": "Giáo dục bậc tiểu học"})
    call_command("load_reference", stdout=io.StringIO())
    assert Country.objects.get(code="AU").aliases == "Châu Úc"
    assert Sector.objects.get(code="11220").name_vi == "Giáo dục bậc tiểu học"
