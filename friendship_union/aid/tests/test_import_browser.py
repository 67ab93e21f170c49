"""Data entry imports aid items from the template, in real Chromium at 1366 and 1920 px: downloads the
template, fills it with openpyxl in the example row's formats plus one bad date, reads the preview
(formatted amounts, funders, sectors, places), fixes the date, confirms. No console error (the CSP
refuses inline styles and scripts: any would show here)."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from friendship_union.aid.models import AidItem
from friendship_union.core.tests.factories import PASSWORD, UserFactory, make_identity
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import ExchangeRate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = {
    "Mã": "VT-2010-01",
    "Tên": "Xây phòng học Đông Thới",
    "Hình thức": "Dự án",
    "Loại viện trợ": "Kết hợp",
    "Nhà tài trợ": "LKC-AU; GRA (thực hiện)",
    "Lĩnh vực": "11220:60; 12220:40",
    "Địa bàn": "Đông Thới, Cái Nước",
    "Giá trị cam kết": 1250000.5,
    "Tiền tệ": "USD",
    "Ngày cam kết": datetime.datetime(2010, 4, 5),
    "Trạng thái": "Đã kết thúc",
    "Công khai": "Có",
}


def fill(path: Path, rows: list[dict], out: Path) -> None:
    """Rows written below the example row, each cell in the example cell's Excel format."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for number, values in enumerate(rows, start=3):
        for header, value in values.items():
            cell = sheet.cell(row=number, column=columns[header], value=value)
            cell.number_format = sheet.cell(row=2, column=columns[header]).number_format
    workbook.save(out)


def shots() -> Path | None:
    """FU_SCREENSHOTS=dir keeps the screenshots for a person to look at."""
    folder = os.environ.get("FU_SCREENSHOTS")
    return Path(folder) if folder else None


@pytest.mark.parametrize("width", [1366, 1920])
def test_data_entry_imports_aid_items_from_the_template(
    live_server, page, console_errors, reference_data, tmp_path, width
):
    make_identity()
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2005, 1, 1), rate=Decimal("18000"))
    make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC")
    make_partner(code="GRA-DE", name="Green Roots Aid", acronym="GRA", country_id="DE")
    UserFactory(username="nhaplieu1", role="data_entry")
    folder = shots() or tmp_path
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(live_server.url + "/admin/aid/aiditem/")
    page.fill("#id_username", "nhaplieu1")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()
    page.wait_for_url("**/admin/aid/aiditem/")

    # The template, filled in the example row's formats: one good row, one with a date that does not exist.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    filled = tmp_path / "vien-tro.xlsx"
    bad = {**GOOD, "Mã": "VT-2010-02", "Tên": "Cấp học bổng Đất Mũi", "Ngày cam kết": "31/02/2010"}
    fill(template, [GOOD, bad], filled)

    page.get_by_role("link", name="Nhập từ tệp").click()
    page.wait_for_url("**/admin/aid/aiditem/import/")
    # The column list in the admin's font, not a monospace one that stacks Vietnamese accents.
    font = page.locator(".column-list li").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert font.startswith('"Be Vietnam Pro"'), font
    page.set_input_files("#id_import_file", str(filled))
    page.locator("form input[type=submit]").click()

    # The preview: the error beside its cell and in the list, nothing to confirm.
    counts = page.locator(".import-counts")
    expect(counts).to_contain_text("1 mới")
    expect(counts).to_contain_text("1 lỗi")
    message = "Dòng 4, cột “Ngày cam kết”: “31/02/2010” không phải ngày hợp lệ"
    expect(page.locator(".import-errors")).to_contain_text(message)
    bad_cell = page.locator("#dong-4 td.has-error")
    expect(bad_cell).to_contain_text("“31/02/2010” không phải ngày hợp lệ")
    good = page.locator("#dong-3")
    for shown in [
        "1.250.000,50",
        "05/04/2010",
        "Loreto Kids Charity (LKC-AU) — tài trợ",
        "Green Roots Aid (GRA-DE) — thực hiện",
        "11220 Giáo dục tiểu học: 60 %",
        "12220 Chăm sóc sức khỏe cơ bản: 40 %",
        "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau → Xã Cái Nước, Tỉnh Cà Mau",
    ]:
        expect(good).to_contain_text(shown)
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    # The table scrolls in its own box: the page itself is as wide as the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    bad_cell.scroll_into_view_if_needed()
    page.screenshot(path=str(folder / f"preview-error-{width}.png"), full_page=True)
    assert not AidItem.objects.exists()

    # The date fixed, the same file again: two new rows, confirmed.
    fill(template, [GOOD, {**bad, "Ngày cam kết": datetime.datetime(2011, 3, 1)}], filled)
    page.set_input_files("#id_import_file", str(filled))
    page.locator("form input[type=submit]").click()
    expect(page.locator(".import-counts")).to_contain_text("2 mới")
    expect(page.locator(".import-counts")).to_contain_text("0 lỗi")
    expect(page.locator("#dong-4")).to_contain_text("01/03/2011")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(folder / f"preview-ok-{width}.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url("**/admin/aid/aiditem/")
    expect(page.locator(".messagelist")).to_contain_text("Đã nhập khoản viện trợ: 2 mới, 0 thay đổi, 0 không đổi.")

    assert sorted(AidItem.objects.values_list("code", flat=True)) == ["VT-2010-01", "VT-2010-02"]
    item = AidItem.objects.get(code="VT-2010-01")
    assert item.committed_amount == Decimal("1250000.50") and item.commitment_date == datetime.date(2010, 4, 5)
    assert AidItem.objects.get(code="VT-2010-02").commitment_date == datetime.date(2011, 3, 1)
    assert console_errors == []
