"""A leader's journey in real Chromium: log in, choose a term, compare, trace a figure, export, print."""

import io

import pytest
from openpyxl import load_workbook

from friendship_union.core.tests.factories import PASSWORD, UserFactory
from friendship_union.dashboard.models import ReportingTerm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_journey(live_server, page, console_errors, demo_transactional, tmp_path):
    # Rows made by data migrations are gone when an earlier transactional test flushed the tables.
    for start, end in ((2005, 2010), (2010, 2015)):
        ReportingTerm.objects.get_or_create(
            name=f"Nhiệm kỳ {start}–{end}", defaults={"start_year": start, "end_year": end}
        )
    UserFactory(username="lanhdao1", role="leadership")

    page.goto(live_server.url + "/bang-dieu-khien/")
    page.fill("#id_username", "lanhdao1")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()
    page.wait_for_url("**/bang-dieu-khien/**")

    page.select_option("#ky", label="Nhiệm kỳ 2010–2015")
    page.select_option("#ss_ky", label="Nhiệm kỳ 2005–2010")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert "Kỳ: Nhiệm kỳ 2010–2015 · so sánh với Nhiệm kỳ 2005–2010" in page.locator(".lead").inner_text()
    usd_card = page.locator("[data-figure='committed_usd']")
    assert "so với Nhiệm kỳ 2005–2010" in usd_card.inner_text()
    assert "+" in usd_card.locator(".card-change").inner_text()  # the current term is above 2005–2010
    page.wait_for_function("document.querySelectorAll('canvas').length >= 3")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    items_shown = page.locator("[data-figure='aid_items'] .card-value").inner_text()
    usd_card.click()
    page.wait_for_url("**/admin/aid/aiditem/**")
    counter = page.locator(".paginator").inner_text()
    assert items_shown.replace(".", "") in counter.replace(".", "")

    page.go_back()
    with page.expect_download() as download:
        page.locator("#h-sector ~ p a").click()
    assert download.value.suggested_filename.startswith("sector-")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet["A1"].value == "Theo lĩnh vực"

    page.get_by_role("link", name="Bản in một trang").click()
    page.wait_for_url("**/bang-dieu-khien/in/**")
    assert "Kỳ báo cáo: Nhiệm kỳ 2010–2015" in page.content()
    assert "In ngày" in page.content()
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    assert console_errors == []
