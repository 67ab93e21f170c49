"""An enterprise's derived values — capital in USD and VND at the rate of its registration date, its
place as recorded and today — are the same whichever way it is written: the service, the admin's add
and change forms, the spreadsheet import. Before the one write path, an enterprise edited in the
admin kept the capital_usd of its first save."""

import datetime
import re
from decimal import Decimal

import pytest
import tablib

from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.core.tests.importing import assert_clean, messages
from friendship_union.diaspora.models import Enterprise
from friendship_union.diaspora.resources import EnterpriseResource
from friendship_union.diaspora.services import enterprise_save
from friendship_union.reference.models import ExchangeRate

pytestmark = pytest.mark.django_db
D = Decimal

HEADERS = ["Tên doanh nghiệp", "Nhà đầu tư", "Ngành nghề", "Vốn đăng ký", "Tiền tệ", "Ngày đăng ký", "Địa điểm"]
NO_RATE = "Chưa có tỷ giá AUD áp dụng cho ngày 01/06/2009"


@pytest.fixture
def rates(reference_data):
    """AUD and USD rates from 2010, and other ones from 2013 (nothing before 2010)."""
    make_identity()
    for code, day, rate in [
        ("AUD", datetime.date(2010, 1, 1), "15000"),
        ("USD", datetime.date(2010, 1, 1), "18600"),
        ("AUD", datetime.date(2013, 1, 1), "17000"),
        ("USD", datetime.date(2013, 1, 1), "21000"),
    ]:
        ExchangeRate.objects.create(currency_id=code, date=day, rate=D(rate))


@pytest.fixture
def staff(rates):
    return UserFactory(username="nhaplieu-dn", role="data_entry")


@pytest.fixture
def data_entry(client, staff):
    client.force_login(staff)
    return client


def derived(enterprise: Enterprise) -> tuple:
    enterprise.refresh_from_db()
    return (
        enterprise.capital_usd,
        enterprise.capital_vnd,
        enterprise.place_recorded.label if enterprise.place_recorded else None,
        enterprise.place_current.label if enterprise.place_current else None,
    )


def readonly(html: str, field: str) -> str:
    """The value the change page shows for a read-only field."""
    match = re.search(rf'\bfield-{field}">(?:(?!field-).)*?<div class="readonly">(.*?)</div>', html, re.DOTALL)
    assert match, f"no read-only {field} on the page"
    return match.group(1)


def form_data(**changes) -> dict:
    data = {
        "name": "Công ty Tôm Sạch",
        "investors": "Nguyễn Văn Kiều",
        "sector": "Thủy sản",
        "registered_capital": "100000",
        "currency": "AUD",
        "registration_date": "01/06/2010",
        "place_text": "Đông Thới, Cái Nước",
        "status": "active",
    }
    data.update(changes)
    return data


def import_rows(rows, user):
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append(row)
    return EnterpriseResource().import_data(data, dry_run=False, raise_errors=False, user=user)


# 100.000 AUD on 01/06/2010 at 15.000 VND (USD 18.600); Đông Thới of Cái Nước district, now Xã Cái Nước.
FIRST = (D("80645.16"), D("1500000000"), "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau", "Xã Cái Nước, Tỉnh Cà Mau")


def test_service_converts_the_capital_and_resolves_the_place(staff):
    enterprise = Enterprise(
        name="Công ty Tôm Sạch",
        registered_capital=D("100000"),
        currency_id="AUD",
        registration_date=datetime.date(2010, 6, 1),
        place_text="Đông Thới, Cái Nước",
    )
    enterprise_save(enterprise=enterprise, user=staff)
    assert derived(enterprise) == FIRST
    assert enterprise.history.get().history_user == staff

    enterprise.registered_capital = D("200000")
    enterprise.registration_date = datetime.date(2013, 6, 1)
    enterprise_save(enterprise=enterprise, user=staff)
    assert derived(enterprise)[:2] == (D("161904.76"), D("3400000000"))


def test_admin_add_then_each_edit_stores_and_shows_the_new_values(data_entry):
    assert data_entry.post("/admin/diaspora/enterprise/add/", form_data()).status_code == 302
    enterprise = Enterprise.objects.get()
    assert derived(enterprise) == FIRST
    url = f"/admin/diaspora/enterprise/{enterprise.pk}/change/"
    assert readonly(data_entry.get(url).content.decode(), "capital_vnd") == "1.500.000.000"

    # The capital: 200.000 AUD, same date and rate.
    assert data_entry.post(url, form_data(registered_capital="200000")).status_code == 302
    assert derived(enterprise)[:2] == (D("161290.32"), D("3000000000"))
    html = data_entry.get(url).content.decode()
    assert readonly(html, "capital_vnd") == "3.000.000.000"
    assert readonly(html, "capital_usd") == "161.290,32"

    # The registration date, to a day the 2013 rates apply (AUD 17.000, USD 21.000).
    assert (
        data_entry.post(url, form_data(registered_capital="200000", registration_date="01/06/2013")).status_code == 302
    )
    assert derived(enterprise)[:2] == (D("161904.76"), D("3400000000"))
    assert readonly(data_entry.get(url).content.decode(), "capital_vnd") == "3.400.000.000"

    # The place.
    edited = form_data(registered_capital="200000", registration_date="01/06/2013", place_text="Đất Mũi, Ngọc Hiển")
    assert data_entry.post(url, edited).status_code == 302
    assert derived(enterprise) == (
        D("161904.76"),
        D("3400000000"),
        "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau",
        "Xã Đất Mũi, Tỉnh Cà Mau",
    )
    html = data_entry.get(url).content.decode()
    assert "Xã Đất Mũi, Tỉnh Cà Mau" in readonly(html, "place_current")
    assert enterprise.history.count() == 4


def test_admin_unknown_place_is_a_form_error_and_nothing_changes(data_entry):
    data_entry.post("/admin/diaspora/enterprise/add/", form_data())
    enterprise = Enterprise.objects.get()
    url = f"/admin/diaspora/enterprise/{enterprise.pk}/change/"
    response = data_entry.post(url, form_data(registered_capital="200000", place_text="xa dong thoj, cai nuoc"))
    assert response.status_code == 200
    assert "Không tìm thấy địa danh “xa dong thoj”" in response.content.decode()
    assert derived(enterprise) == FIRST
    assert enterprise.registered_capital == D("100000") and enterprise.history.count() == 1


def test_admin_date_without_a_rate_is_a_form_error_and_nothing_changes(data_entry):
    response = data_entry.post("/admin/diaspora/enterprise/add/", form_data(registration_date="01/06/2009"))
    assert response.status_code == 200
    assert NO_RATE in response.content.decode()
    assert not Enterprise.objects.exists()

    data_entry.post("/admin/diaspora/enterprise/add/", form_data())
    enterprise = Enterprise.objects.get()
    response = data_entry.post(
        f"/admin/diaspora/enterprise/{enterprise.pk}/change/", form_data(registration_date="01/06/2009")
    )
    assert response.status_code == 200
    assert NO_RATE in response.content.decode()
    assert derived(enterprise) == FIRST and enterprise.registration_date == datetime.date(2010, 6, 1)


def test_import_new_then_changed_capital_then_same_file(staff):
    row = ["Công ty Tôm Sạch", "Nguyễn Văn Kiều", "Thủy sản", "100.000", "AUD", "01/06/2010", "Đông Thới, Cái Nước"]
    assert_clean(import_rows([row], staff))
    enterprise = Enterprise.objects.get()
    assert derived(enterprise) == FIRST
    assert enterprise.history.get().history_user == staff

    row[3] = "200.000"
    result = import_rows([row], staff)
    assert_clean(result)
    assert result.totals["update"] == 1
    assert derived(enterprise)[:2] == (D("161290.32"), D("3000000000"))
    assert enterprise.history.latest().history_user == staff

    row[5] = "01/06/2013"
    assert_clean(import_rows([row], staff))
    assert derived(enterprise)[:2] == (D("161904.76"), D("3400000000"))

    history = enterprise.history.count()
    again = import_rows([row], staff)
    assert again.totals["skip"] == 1, messages(again)
    assert enterprise.history.count() == history
    assert derived(enterprise)[:2] == (D("161904.76"), D("3400000000"))


def test_import_date_without_a_rate_names_the_cell(staff):
    row = ("Công ty Tôm Sạch", "", "", "100.000", "AUD", "01/06/2009", "Đông Thới, Cái Nước")
    text = messages(import_rows([row], staff))
    assert "Dòng 2, cột “Ngày đăng ký”" in text and NO_RATE in text
    assert not Enterprise.objects.exists()


def test_an_export_reads_as_staff_write_and_imports_back_unchanged(rates):
    """Whole amounts are exported as 372000, not 3.72E+5 (which the import refused: re-importing an
    export gave an error on every enterprise)."""
    enterprise_save(
        enterprise=Enterprise(
            name="Công ty TNHH Tôm Sạch",
            registered_capital=Decimal("372000"),
            currency_id="AUD",
            registration_date=datetime.date(2013, 6, 1),
            place_text="Đông Thới, Cái Nước",
        )
    )
    exported = EnterpriseResource().export()
    assert "372000" in exported.csv and "E+" not in exported.csv
    history = Enterprise.history.count()
    result = EnterpriseResource().import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=False)
    assert_clean(result)
    assert [row.import_type for row in result.rows] == ["skip"]
    assert Enterprise.history.count() == history
