"""Exchange rates from spreadsheets: good, messy and bad files; all-or-nothing; idempotent."""

import datetime
import io
import unicodedata
from decimal import Decimal

import pytest
import tablib
from openpyxl import Workbook, load_workbook

from friendship_union.core.tests.factories import UserFactory
from friendship_union.reference.models import ExchangeRate
from friendship_union.reference.resources import ExchangeRateResource

pytestmark = pytest.mark.django_db


def dataset(headers, rows) -> tablib.Dataset:
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


def run(data, dry_run=False):
    return ExchangeRateResource().import_data(data, dry_run=dry_run, raise_errors=False)


def messages(result) -> list[str]:
    found = []
    for row in result.invalid_rows:
        for field_errors in row.error_dict.values():
            found.extend(str(m) for m in field_errors)
    for row in result.row_errors():
        found.extend(str(e.error) for e in row[1])
    for error in result.base_errors:
        found.append(str(error.error))
    return found


HEADERS = ["Tiền tệ", "Ngày áp dụng", "Tỷ giá (VND)", "Nguồn"]


def test_good_file_imports_and_reimport_changes_nothing(reference_data):
    data = dataset(
        HEADERS,
        [
            ("USD", "01/01/2015", "21.890", "Ngân hàng Nhà nước"),
            ("AUD", datetime.datetime(2015, 1, 1), 17850, "Vietcombank"),  # a real Excel date cell
            ("EUR", "05/04/2015", "24.300,50", ""),
        ],
    )
    result = run(data)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    assert ExchangeRate.objects.get(currency="USD", date=datetime.date(2015, 1, 1)).rate == Decimal("21890")
    assert ExchangeRate.objects.get(currency="EUR").date == datetime.date(2015, 4, 5)  # 5 April, day first
    assert ExchangeRate.objects.get(currency="EUR").rate == Decimal("24300.50")
    history = ExchangeRate.history.count()

    again = run(data)
    assert again.totals["new"] == 0 and again.totals["update"] == 0
    assert again.totals["skip"] == 3
    assert ExchangeRate.history.count() == history  # nothing written, not even history


def test_messy_file_english_headers_nfd_names_spaces_blank_rows(reference_data):
    data = dataset(
        ["currency ", "DATE", "Rate", "source"],
        [
            (unicodedata.normalize("NFD", "  Đô la Mỹ "), " 01/01/2016 ", " 22 300 ", "  NHNN  "),
            ("", "", "", ""),
            ("aud", "1/1/2016", "16,500", None),
            (None, None, None, None),
            ("", "", "", ""),
        ],
    )
    result = run(data)
    assert not result.has_errors() and not result.has_validation_errors(), messages(result)
    usd = ExchangeRate.objects.get(currency="USD")
    assert (usd.rate, usd.source) == (Decimal("22300"), "NHNN")
    assert ExchangeRate.objects.get(currency="AUD").rate == Decimal("16500")


def test_bad_file_names_row_column_value_and_writes_nothing(reference_data):
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2014, 1, 1), rate=Decimal("21200"))
    data = dataset(
        HEADERS,
        [
            ("USD", "01/01/2015", "21890", ""),  # fine, but must not be written either
            ("XYZ", "01/01/2015", "100", ""),
            ("EUR", "31/02/2015", "24000", ""),
            ("AUD", "01/01/2015", "mười bảy nghìn", ""),
            ("GBP", "01/01/2015", "-5", ""),
            ("USD", "01/01/2014", "", ""),
        ],
    )
    result = run(data)
    assert result.has_validation_errors()
    found = "\n".join(messages(result))
    assert "Dòng 3, cột “Tiền tệ”: “XYZ” không có tiền tệ này trong danh mục" in found
    assert "Dòng 4, cột “Ngày áp dụng”: “31/02/2015” không phải ngày hợp lệ" in found
    assert "Dòng 5, cột “Tỷ giá (VND)”: “mười bảy nghìn” không phải là số" in found
    assert "Dòng 6, cột “Tỷ giá (VND)”: “-5” — Tỷ giá phải lớn hơn 0." in found
    assert "Dòng 7, cột “Tỷ giá (VND)”: bắt buộc, không được để trống" in found
    assert ExchangeRate.objects.count() == 1  # all or nothing
    assert ExchangeRate.objects.get().rate == Decimal("21200")


def test_missing_column_is_reported_before_any_row(reference_data):
    result = run(dataset(["Tiền tệ", "Tỷ giá (VND)"], [("USD", "21890")]))
    assert result.has_errors()
    assert "Tệp thiếu cột: Ngày áp dụng" in "\n".join(messages(result))
    assert not ExchangeRate.objects.exists()


@pytest.fixture
def staff_client(client, reference_data):
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    return client


def xlsx_upload(rows, headers=HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ty-gia.xlsx"
    return buffer


def test_admin_import_preview_then_confirm(staff_client):
    url = "/admin/reference/exchangerate/import/"
    page = staff_client.get(url)
    assert page.status_code == 200
    upload = xlsx_upload([("USD", datetime.datetime(2015, 1, 1), 21890, "NHNN")])
    preview = staff_client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Xác nhận nhập" in html
    assert not ExchangeRate.objects.exists()  # the preview writes nothing
    form = preview.context["confirm_form"]
    confirm = staff_client.post("/admin/reference/exchangerate/process_import/", form.initial)
    assert confirm.status_code == 302
    assert ExchangeRate.objects.get().rate == Decimal("21890")


def test_admin_import_bad_file_shows_vietnamese_errors_and_no_confirm(staff_client):
    upload = xlsx_upload([("XYZ", "01/01/2015", "100", "")])
    response = staff_client.post(
        "/admin/reference/exchangerate/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    html = response.content.decode()
    assert "Dòng 2, cột “Tiền tệ”: “XYZ” không có tiền tệ này trong danh mục" in html
    assert "Xác nhận nhập" not in html
    assert not ExchangeRate.objects.exists()


def test_template_download_has_the_vietnamese_headers(staff_client):
    response = staff_client.get("/admin/reference/exchangerate/mau-nhap/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS


def test_csv_export_has_bom_and_escapes_formulas(staff_client, reference_data):
    ExchangeRate.objects.create(
        currency_id="USD", date=datetime.date(2015, 1, 1), rate=Decimal("21890"), source='=HYPERLINK("x")'
    )
    response = staff_client.post(
        "/admin/reference/exchangerate/export/",
        {
            "format": "1",
            "resource": "0",
            "exchangeraterresource_id": "",
            **{f"exchangerateresource_{name}": "on" for name in ("currency", "date", "rate", "source")},
        },
    )
    assert response.status_code == 200
    body = response.getvalue()  # streamed from the file it was written to
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows Vietnamese correctly
    text = body.decode("utf-8-sig")
    assert "Tiền tệ,Ngày áp dụng,Tỷ giá (VND),Nguồn" in text
    assert "01/01/2015" in text
    assert '"=HYPERLINK' not in text and ",=HYPERLINK" not in text  # formula neutralised


def test_leadership_can_view_and_export_but_not_import_or_edit(client, reference_data):
    leader = UserFactory(username="lanhdao1", role="leadership")
    client.force_login(leader)
    assert client.get("/admin/reference/exchangerate/").status_code == 200
    assert client.get("/admin/reference/exchangerate/import/").status_code == 403
    assert client.get("/admin/reference/exchangerate/add/").status_code == 403
    assert leader.has_perm("reference.export_exchangerate")
    assert not leader.has_perm("reference.change_exchangerate")


def test_exported_rates_import_back_unchanged(reference_data):
    """212,844 đồng for a yen is exported as 212.8440: "212.844" would read back as 212844."""
    for currency, rate in [("JPY", "212.844"), ("KRW", "19.66"), ("USD", "23155")]:
        ExchangeRate.objects.create(currency_id=currency, date=datetime.date(2019, 1, 1), rate=Decimal(rate))
    exported = ExchangeRateResource().export()
    assert "212.8440" in exported.csv and "E+" not in exported.csv
    result = ExchangeRateResource().import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=True)
    assert [row.import_type for row in result.rows] == ["skip", "skip", "skip"]
