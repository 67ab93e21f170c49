"""A large import's page in real Chromium (1366 px): the job waits, its bars move as the worker reports
rows (js/import-progress.js polling the page's JSON, no reload), the page reloads itself when the job
moves on — to the preview and its confirmation, then to what the write did — and the import page lists
it among the recent imports. The worker's steps are run here in the test's process (the queue holds
them; no worker runs). No console error: the CSP refuses inline scripts and styles."""

import os

import pytest
from playwright.sync_api import expect

from friendship_union.aid.models import AidItem
from friendship_union.core import imports_jobs
from friendship_union.core.models import ImportJob
from friendship_union.core.tests.factories import PASSWORD

from .test_import_browser import shots
from .test_import_jobs import QUEUE, make_importer, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(reference_data):
    return make_importer()


def test_a_large_import_shows_its_progress_then_its_preview_then_what_it_wrote(
    live_server, page, console_errors, settings, setup, tmp_path
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    settings.TASKS = QUEUE
    folder = shots() or tmp_path
    file = tmp_path / "vien-tro-lon.xlsx"
    file.write_bytes(workbook(40))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/admin/aid/aiditem/import/")
    page.fill("#id_username", setup.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()
    page.wait_for_url("**/admin/aid/aiditem/import/")
    page.set_input_files("#id_import_file", str(file))
    page.locator("form input[type=submit]").click()
    page.wait_for_url("**/import/?job=*")
    job = ImportJob.objects.get()
    expect(page.locator("h2#import-progress-heading")).to_contain_text("Đang chờ tiến trình chạy nền")
    page.screenshot(path=str(folder / "import-job-queued.png"), full_page=True)

    # The worker takes it (this process stands in for it): the page reloads and its bars move.
    ImportJob.objects.filter(pk=job.pk).update(status="previewing", worker_pid=os.getpid(), rows_read=40)
    expect(page.locator("h2#import-progress-heading")).to_contain_text("Đang kiểm tra từng dòng", timeout=10_000)
    ImportJob.objects.filter(pk=job.pk).update(rows_validated=17)
    expect(page.locator('[data-count="rows_validated"]')).to_have_text("17", timeout=10_000)
    expect(page.locator("#progress-validated")).to_have_js_property("value", 17)
    page.screenshot(path=str(folder / "import-job-previewing.png"), full_page=True)

    ImportJob.objects.filter(pk=job.pk).update(status="queued", worker_pid=None)
    imports_jobs.run_preview(job.pk)
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_be_visible(timeout=10_000)
    expect(page.locator(".import-counts")).to_contain_text("40 mới")
    page.screenshot(path=str(folder / "import-job-previewed.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator(".messagelist")).to_contain_text("tệp đang được ghi")

    imports_jobs.run_write(job.pk)
    expect(page.locator(".import-job-message-done")).to_contain_text("Đã nhập: 40 mới", timeout=10_000)
    assert AidItem.objects.filter(code__startswith="NEN-").count() == 40
    page.screenshot(path=str(folder / "import-job-done.png"), full_page=True)

    page.get_by_role("link", name="Nhập tệp khác").click()
    recent = page.locator(".import-recent")
    expect(recent).to_contain_text("vien-tro-lon.xlsx")
    expect(recent).to_contain_text("Đã nhập xong")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(folder / "import-recent.png"), full_page=True)
    assert not console_errors, console_errors
