"""The report's journey in real Chromium: a leader writes the report of the first half of 2025, sees
it compared with the first half of 2024, downloads the pack and sends it under a number; a data
entry officer opens an aid item the report counted, is warned, and changes it; the leader finds the
change under "changed since sent"."""

import io
import os
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from docx import Document

from friendship_union.aid.models import AidItem
from friendship_union.core.tests.factories import PASSWORD, UserFactory
from friendship_union.reports.models import CountedRecord, Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url, username):
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()


def _shots(tmp_path) -> Path:
    """Where screenshots go: FU_SCREENSHOTS when set (to look at them), else the test's folder."""
    folder = Path(os.environ.get("FU_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_report_journey(live_server, page, browser, console_errors, demo_transactional, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = _shots(tmp_path)
    UserFactory(username="lanhdao-hanh-trinh", role="leadership")
    UserFactory(username="nhaplieu-hanh-trinh", role="data_entry")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The leader writes the report of the first half of 2025.
    _login(page, live_server.url + "/admin/reports/report/add/", "lanhdao-hanh-trinh")
    page.wait_for_url("**/admin/reports/report/add/")
    page.select_option("#id_kind", label="6 tháng")
    page.fill("#id_year", "2025")
    page.select_option("#id_half", label="6 tháng đầu năm")
    page.fill("#id_recipients", "Ủy ban nhân dân tỉnh Cà Mau")
    page.fill("#id_signer_authority", "KT. CHỦ TỊCH")
    page.fill("#id_signer_title", "PHÓ CHỦ TỊCH")
    page.fill("#id_signer_name", "Nguyễn Công Minh")
    page.fill("#id_assessment", "Các khoản viện trợ chuyển tiếp được triển khai đúng tiến độ.")
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    page.wait_for_url("**/change/")
    summary = page.locator(".report-summary table")
    assert "6 tháng đầu năm 2025" in summary.text_content()  # the admin shows headers in capitals
    assert "Cùng kỳ (6 tháng đầu năm 2024)" in summary.text_content()
    active = page.locator("tr[data-figure='aid_active'] td.num").first.inner_text()
    assert int(active.replace(".", "")) > 0  # items at work in 2025, committed earlier, are counted
    page.screenshot(path=str(shots / "1-bao-cao.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải dự thảo (.docx)").click()
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in c.text for t in document.tables for c in t.rows[0].cells)

    page.get_by_role("link", name="Gửi báo cáo").click()
    page.wait_for_url("**/gui/")
    page.fill("#id_number", "15/BC-LHHN")
    page.fill("#id_document_date", "10/07/2025")
    page.check("#id_confirm")
    page.screenshot(path=str(shots / "2-gui-bao-cao.png"), full_page=True)
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_url("**/admin/reports/submission/*/change/")
    assert "Đã gửi báo cáo số 15/BC-LHHN" in page.locator(".messagelist").inner_text()
    assert "Không có thay đổi" in page.locator(".report-changes").inner_text()
    submission = Submission.objects.get(number="15/BC-LHHN")

    # A data entry officer changes an aid item the report counted, and is warned first.
    counted = CountedRecord.objects.filter(
        submission=submission, content_type=ContentType.objects.get_for_model(AidItem)
    ).first()
    item = AidItem.objects.get(pk=counted.object_id)
    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _login(officer, f"{live_server.url}/admin/aid/aiditem/{item.pk}/change/", "nhaplieu-hanh-trinh")
    officer.wait_for_url(f"**/admin/aid/aiditem/{item.pk}/change/")
    warning = officer.locator(".messagelist .warning")
    assert "đã được tính trong báo cáo số 15/BC-LHHN ngày 10/07/2025" in warning.inner_text()
    officer.screenshot(path=str(shots / "3-canh-bao.png"))
    officer.fill("#id_title", item.title + " (đã điều chỉnh)")
    officer.locator("input[name='_save']").click()
    officer.wait_for_url("**/admin/aid/aiditem/")
    officer.context.close()

    # The leader sees it under "changed since sent".
    page.reload()
    changes = page.locator(".report-changes")
    assert item.code in changes.inner_text() and "(đã điều chỉnh)" in changes.inner_text()
    assert "nhaplieu-hanh-trinh" in changes.inner_text()
    page.locator("#thay-doi-sau-khi-gui").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "4-thay-doi-sau-khi-gui.png"), full_page=True)
    assert [e for e in console_errors if "favicon" not in e] == []
