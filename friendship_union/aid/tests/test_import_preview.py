"""The admin's import preview of aid items, checked the way a person checks it before confirming:
values as they will be stored and as staff write them, the changes an update makes, errors beside
their cells, counts above, nothing written until confirmed."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from friendship_union.aid.models import AidItem
from friendship_union.aid.resources import AidItemResource
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.core.tests.importing import run_import
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import ExchangeRate

pytestmark = pytest.mark.django_db

URL = "/admin/aid/aiditem/import/"
HEADERS = [
    "Mã",
    "Tên",
    "Hình thức",
    "Nhà tài trợ",
    "Lĩnh vực",
    "Địa bàn",
    "Giá trị cam kết",
    "Tiền tệ",
    "Ngày cam kết",
    "Trạng thái",
    "Công khai",
]


def row(code="VT-2010-01", **changes):
    values = {
        "Mã": code,
        "Tên": "Xây phòng học Đông Thới",
        "Hình thức": "Dự án",
        "Nhà tài trợ": "LKC-AU; GRA (thực hiện)",
        "Lĩnh vực": "11220:60; 12220:40",
        "Địa bàn": "Đông Thới, Cái Nước",
        "Giá trị cam kết": 1250000.5,  # a real Excel number cell
        "Tiền tệ": "USD",
        "Ngày cam kết": datetime.datetime(2010, 4, 5),  # a real Excel date cell
        "Trạng thái": "Đã kết thúc",
        "Công khai": "Có",
    }
    values.update(changes)
    return [values[h] for h in HEADERS]


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "vien-tro.xlsx"
    return buffer


@pytest.fixture
def data_entry(client, reference_data):
    make_identity()
    for code, rate in [("USD", "18000"), ("AUD", "14000")]:
        ExchangeRate.objects.create(currency_id=code, date=datetime.date(2005, 1, 1), rate=Decimal(rate))
    make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC")
    make_partner(code="GRA-DE", name="Green Roots Aid", acronym="GRA", country_id="DE")
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    return client


def preview(client, rows):
    response = client.post(URL, {"import_file": xlsx(rows), "format": "0", "resource": "0"})
    assert response.status_code == 200
    return response, response.content.decode()


def counts(html) -> dict[str, int]:
    found = re.findall(r'<li class="count-(\w+)"><strong>([\d.]+)</strong>', html)
    return {name: int(value.replace(".", "")) for name, value in found}


def cell(html, anchor) -> str:
    match = re.search(rf'<td id="{anchor}"[^>]*>(.*?)</td>', html, re.DOTALL)
    assert match, anchor
    return match.group(0)


def test_preview_shows_each_value_as_it_will_be_stored_written_as_staff_write_it(data_entry):
    response, html = preview(data_entry, [row()])
    assert counts(html) == {"new": 1, "update": 0, "skip": 0, "errors": 0}
    assert "1.250.000,50" in html and "E+" not in html
    assert "05/04/2010" in html
    assert "Loreto Kids Charity (LKC-AU) — tài trợ" in html
    assert "Green Roots Aid (GRA-DE) — thực hiện" in html
    assert "11220 Giáo dục tiểu học: 60 %" in html and "12220 Chăm sóc sức khỏe cơ bản: 40 %" in html
    assert "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau → Xã Cái Nước, Tỉnh Cà Mau" in html
    assert "Đã kết thúc" in html
    # No inline style (the CSP refuses it), no diff markup underlining every cell.
    assert "style=" not in html and "<ins" not in html
    assert not AidItem.objects.exists()  # a preview writes nothing
    confirm = data_entry.post("/admin/aid/aiditem/process_import/", response.context["confirm_form"].initial)
    assert confirm.status_code == 302
    item = AidItem.objects.get()
    assert item.committed_amount == Decimal("1250000.50") and item.commitment_date == datetime.date(2010, 4, 5)
    assert item.providers.count() == 2 and item.sectors.count() == 2
    assert item.locations.get().place_current.name == "Xã Cái Nước"
    messages = [str(m) for m in data_entry.get("/admin/aid/aiditem/").context["messages"]]
    assert "Đã nhập khoản viện trợ: 1 mới, 0 thay đổi, 0 không đổi." in messages


def test_an_update_marks_the_cells_it_changes_and_the_same_file_again_changes_nothing(data_entry):
    run_import(AidItemResource(), HEADERS, [row(), row("VT-2010-02")])
    _response, html = preview(data_entry, [row(), row("VT-2010-02")])
    assert counts(html) == {"new": 0, "update": 0, "skip": 2, "errors": 0}
    assert "Tệp không thay đổi gì" in html and "Xác nhận nhập" not in html
    assert 'class="kind-number changed' not in html

    changed = row("VT-2010-02", **{"Giá trị cam kết": "2.000.000", "Nhà tài trợ": "LKC-AU"})
    _response, html = preview(data_entry, [row(), changed])
    assert counts(html) == {"new": 0, "update": 1, "skip": 1, "errors": 0}
    amount = cell(html, "dong-3-cot-7")
    assert "changed" in amount and "2.000.000" in amount and "<del" in amount and "1.250.000,50" in amount
    donors = cell(html, "dong-3-cot-4")
    assert "changed" in donors and "Green Roots Aid (GRA-DE) — thực hiện" in donors.split("<del")[1]
    assert "changed" not in cell(html, "dong-3-cot-2")  # the title did not change
    assert "changed" not in cell(html, "dong-2-cot-7")  # nor the other row
    assert AidItem.objects.get(code="VT-2010-02").committed_amount == Decimal("1250000.50")


def test_bad_date_amount_and_choice_are_shown_beside_their_cells_and_nothing_is_saved(data_entry):
    rows = [
        row("VT-1", **{"Ngày cam kết": "31/02/2010"}),
        row("VT-2", **{"Giá trị cam kết": "mười nghìn"}),
        row("VT-3", **{"Hình thức": "Dự án lớn"}),
        row("VT-4"),
    ]
    response, html = preview(data_entry, rows)
    assert counts(html) == {"new": 1, "update": 0, "skip": 0, "errors": 3}
    assert "Tệp có lỗi — chưa có dòng nào được ghi" in html
    for anchor, message in [
        ("dong-2-cot-9", "Dòng 2, cột “Ngày cam kết”: “31/02/2010” không phải ngày hợp lệ"),
        ("dong-3-cot-7", "Dòng 3, cột “Giá trị cam kết”: “mười nghìn” không phải là số"),
        (
            "dong-4-cot-3",
            "Dòng 4, cột “Hình thức”: “Dự án lớn” không phải giá trị hợp lệ "
            "(chọn một trong: “Chương trình”; “Dự án”; “Phi dự án”)",
        ),
    ]:
        assert f'<a href="#{anchor}">{message}' in html  # the list above links to the cell
        beside = cell(html, anchor)
        assert "has-error" in beside and message.split(": ", 1)[1] in beside
    assert "Xác nhận nhập" not in html and response.context.get("confirm_form") is None
    assert "style=" not in html
    assert not AidItem.objects.exists()


def test_a_missing_column_or_a_code_twice_is_said_before_any_row(data_entry):
    headers = [h for h in HEADERS if h != "Hình thức"]
    response = data_entry.post(
        URL, {"import_file": xlsx([row()[:2] + row()[3:]], headers), "format": "0", "resource": "0"}
    )
    html = response.content.decode()
    assert "Tệp thiếu cột: Hình thức. Tải tệp mẫu để xem đúng tiêu đề cột." in html
    assert "Xác nhận nhập" not in html
    _response, html = preview(data_entry, [row(), row()])
    assert "Dòng 3, cột “Mã”: “VT-2010-01” trùng với dòng 2." in html
    assert "Xác nhận nhập" not in html and "style=" not in html
    assert not AidItem.objects.exists()


def test_rendering_the_preview_costs_no_query_per_new_row(data_entry):
    def cells_queries(n: int) -> int:
        result = run_import(AidItemResource(), HEADERS, [row(f"VT-{i}") for i in range(n)], dry_run=True)
        assert result.counts["new"] == n
        with CaptureQueriesContext(connection) as queries:
            for previewed in result.preview.rows:
                assert previewed.cells
        return len(queries.captured_queries)

    assert cells_queries(3) == cells_queries(30) == 0


def test_the_import_page_lists_the_columns_in_the_admin_font_and_offers_the_template(data_entry):
    html = data_entry.get(URL).content.decode()
    assert "<code>" not in html
    assert '<ol class="column-list"><li>Mã</li><li>Tên</li>' in html
    assert 'href="/admin/aid/aiditem/mau-nhap/"' in html
    assert "style=" not in html


def test_the_export_page_has_no_inline_style_or_handler(data_entry):
    html = data_entry.get("/admin/aid/aiditem/export/").content.decode()
    assert "style=" not in html and "onchange" not in html
    assert "js/admin-export.js" in html
