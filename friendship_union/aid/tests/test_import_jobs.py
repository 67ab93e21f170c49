"""Large aid-item files through the admin, off the request (core/imports_jobs.py): the page shows the
job's progress, then the preview and the confirmation, and the write ends with the same records a
synchronous import writes; a worker killed mid-import leaves nothing written and the job failed."""

import datetime
import io
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from friendship_union.aid.models import AidItem, AidLocation, AidProvider, AidSector
from friendship_union.core import imports_jobs
from friendship_union.core.models import ImportJob
from friendship_union.core.tasks import write_import
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.partners.tests.factories import make_partner
from friendship_union.reference.models import ExchangeRate

ROOT = Path(__file__).resolve().parents[3]
URL = "/admin/aid/aiditem/import/"
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
HEADERS = ["Mã", "Tên", "Hình thức", "Nhà tài trợ", "Lĩnh vực", "Địa bàn", "Giá trị cam kết", "Tiền tệ", "Ngày cam kết"]
PLACES = ["Đông Thới, Cái Nước", "Đất Mũi, Ngọc Hiển", "Tân Hưng Đông, Cái Nước", "Khánh Bình Tây, Trần Văn Thời"]


def workbook(rows: int, *, bad_row: int | None = None, seed: int = 2000) -> bytes:
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for i in range(rows):
        year = rng.randint(2005, 2024)
        sheet.append(
            [
                f"NEN-{i:05d}",
                f"Dự án nhập nền số {i}",
                rng.choice(["Dự án", "Phi dự án"]),
                rng.choice(["LKC-AU", "LKC-AU; GRA (thực hiện)"]),
                rng.choice(["11220", "11220:60; 12220:40"]),
                "; ".join(rng.sample(PLACES, rng.randint(1, 2))),
                "không rõ" if i == bad_row else rng.randint(1000, 900000),
                rng.choice(["USD", "AUD"]),
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="vien-tro-lon.xlsx"):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def post_file(client, data: bytes):
    form = client.get(URL).context["form"]
    xlsx = next(value for value, label in form.fields["format"].choices if label.lower() == "xlsx")
    return client.post(URL, {"resource": "0", "format": xlsx, "import_file": upload(data)})


def records() -> list[tuple]:
    """What the import wrote, as a reader compares it (no keys, no times)."""
    items = AidItem.objects.filter(code__startswith="NEN-")
    fields = ["code", "title", "form", "committed_amount", "committed_usd", "committed_vnd", "currency_id"]
    return [
        *items.order_by("code").values_list(*fields),
        *AidProvider.objects.filter(aid_item__in=items)
        .order_by("aid_item__code", "partner__code")
        .values_list("aid_item__code", "partner__code", "role"),
        *AidSector.objects.filter(aid_item__in=items)
        .order_by("aid_item__code", "sector_id")
        .values_list("aid_item__code", "sector_id", "percentage"),
        *AidLocation.objects.filter(aid_item__in=items)
        .order_by("aid_item__code", "place_text")
        .values_list("aid_item__code", "place_text", "place_recorded_id", "place_current_id"),
    ]


@pytest.fixture
def setup(reference_data):
    return make_importer()


def make_importer():
    """Rates, two funders and a member of data entry staff."""
    make_identity()
    for code, rate in [("USD", "18000"), ("AUD", "14000")]:
        ExchangeRate.objects.create(currency_id=code, date=datetime.date(2004, 1, 1), rate=Decimal(rate))
    make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC")
    make_partner(code="GRA-DE", name="Green Roots Aid", acronym="GRA", country_id="DE")
    return UserFactory(username="nhaplieu-nen", role="data_entry")


@pytest.mark.django_db
def test_a_2000_row_file_is_previewed_and_written_off_the_request_with_the_same_records(client, settings, setup):
    client.force_login(setup)
    data = workbook(2000)
    # The same file imported in the request (the threshold above its size), rolled back after.
    settings.IMPORT_BACKGROUND_ROWS = 5000
    with transaction.atomic():
        preview = post_file(client, data)
        confirm = preview.context["confirm_form"]
        response = client.post(
            "/admin/aid/aiditem/process_import/",
            {k: confirm.initial[k] for k in confirm.fields if k in confirm.initial},
        )
        assert response.status_code == 302
        synchronous = records()
        transaction.set_rollback(True)
    assert len(synchronous) > 2000 and not AidItem.objects.filter(code__startswith="NEN-").exists()

    # Above the threshold: the file is stored and queued, the page shows the job waiting.
    settings.IMPORT_BACKGROUND_ROWS = 500
    settings.TASKS = QUEUE
    response = post_file(client, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}?job={job.pk}"
    assert (job.status, job.rows_total, job.file_name, job.user) == ("queued", 2000, "vien-tro-lon.xlsx", setup)
    page = client.get(response["Location"]).content.decode()
    assert "Đang chờ tiến trình chạy nền" in page and '<progress id="progress-validated"' in page
    assert 'src="/static/js/import-progress.js"' in page and "<noscript>" in page
    assert "<script>" not in page and " style=" not in page  # CSP: no inline script or style
    assert client.get(response["Location"] + "&json=1").json()["status"] == "queued"

    imports_jobs.run_preview(job.pk)  # what the worker does with the queued task
    job.refresh_from_db()
    assert (job.status, job.new, job.errors, job.rows_read, job.rows_validated) == ("previewed", 2000, 0, 2000, 2000)
    assert not AidItem.objects.filter(code__startswith="NEN-").exists()  # a preview writes nothing
    page = client.get(f"{URL}?job={job.pk}").content.decode()
    assert "Xem trước: kiểm tra từng dòng" in page and "NEN-00000" in page and "Xác nhận nhập" in page
    assert "<noscript>" not in page  # nothing left to watch

    response = client.post(URL, {"job": job.pk, "confirm": "1"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "queued"
    imports_jobs.run_write(job.pk)
    job.refresh_from_db()
    assert (job.status, job.new, job.rows_written) == ("done", 2000, 2000), job.message
    assert records() == synchronous
    assert LogEntry.objects.filter(user=setup, action_flag=1).count() == 2000  # as the admin logs an import
    page = client.get(URL).content.decode()
    assert "Các lần nhập gần đây" in page and f"?job={job.pk}" in page and "Đã nhập xong" in page

    # Another member of staff does not see it; confirming again does nothing.
    other = UserFactory(username="nhaplieu-khac", role="data_entry")
    client.force_login(other)
    assert client.get(f"{URL}?job={job.pk}").status_code == 404
    assert f"?job={job.pk}" not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_large_file_with_a_bad_cell_names_it_and_writes_nothing(client, settings, setup):
    client.force_login(setup)
    settings.IMPORT_BACKGROUND_ROWS = 5
    response = post_file(client, workbook(12, bad_row=7))  # immediate backend: previewed at once
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.errors == 1
    page = client.get(response["Location"]).content.decode()
    assert "Dòng 9, cột “Giá trị cam kết”: “không rõ”" in page
    assert "Xác nhận nhập" not in page
    assert client.post(URL, {"job": job.pk, "confirm": "1"}).status_code == 302
    job.refresh_from_db()
    assert job.status == "failed" and not AidItem.objects.filter(code__startswith="NEN-").exists()
    assert client.get(f"{URL}?job=%C2%B2").status_code == 404  # "²" is no job number


@pytest.mark.parametrize("data", [b"Danh sach vien tro", b"PK\x03\x04 cut short"], ids=["text", "broken"])
def test_a_file_that_is_no_workbook_is_named_so_in_vietnamese_and_writes_nothing(client, setup, data):
    """A text file or a cut-off download sent as .xlsx: the job fails saying what is
    wrong with the file and what to do, not with a library's exception."""
    before = AidItem.objects.count()
    client.force_login(setup)
    response = post_file(client, data)
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.message.startswith("Không đọc được tệp Excel (.xlsx): tệp bị hỏng"), job.message
    page = client.get(response["Location"]).content.decode()
    assert "Không đọc được tệp Excel (.xlsx)" in page and "lưu lại dạng .xlsx" in page
    assert "Error" not in job.message and "Xác nhận nhập" not in page
    assert AidItem.objects.count() == before


def far_cell(row: int, column: int) -> bytes:
    """A workbook of a few KB: the headers, one row, and one cell written at (row, column)."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["NEN-XA", "Xa", "Dự án", "DEMO-001", "11220", PLACES[0], 1000, "USD", "01/01/2020"])
    sheet.cell(row=row, column=column, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        # One cell at the sheet's last row and column: calamine asked for 17 billion cells and the
        # process aborted (this test's worker with it).
        (lambda: far_cell(1_048_576, 16_384), "có ô đến dòng 1.048.576, cột 16.384"),
        (lambda: far_cell(2, 300), "có ô đến dòng 2, cột 300"),
        (lambda: far_cell(200_000, 20), "có ô đến dòng 200.000, cột 20"),
    ],
    ids=["last-cell", "300-columns", "200000-rows"],
)
def test_a_workbook_too_large_to_lay_out_is_refused_in_vietnamese_and_writes_nothing(client, setup, data, said):
    """A few KB whose cells' addresses make a huge grid: refused at upload, before any reader lays it
    out, saying where its last cell is and what to do; the job fails and nothing is written."""
    before = AidItem.objects.count()
    client.force_login(setup)
    response = post_file(client, data())
    job = ImportJob.objects.get()
    assert job.status == "failed", job.message
    assert job.message.startswith("Bảng tính quá lớn để nhập: " + said), job.message
    page = client.get(response["Location"]).content.decode()
    assert "Xóa các dòng, cột thừa ở cuối bảng" in page and "Xác nhận nhập" not in page
    assert AidItem.objects.count() == before


def test_a_workbook_that_unpacks_past_the_limit_is_refused(client, setup, monkeypatch):
    """A zip's members are read at the sizes it declares: past MAX_UNPACKED together, refused."""
    from friendship_union.core import imports

    monkeypatch.setattr(imports, "MAX_UNPACKED", 64 * 1024)
    client.force_login(setup)
    post_file(client, workbook(400))  # about 130 KB of sheet once unpacked
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.message.startswith("Tệp Excel quá lớn: giải nén ra hơn"), job.message
    assert not AidItem.objects.filter(code__startswith="NEN-").exists()


@pytest.mark.django_db
def test_the_job_page_and_its_json_cost_the_same_queries_however_many_imports_there_were(client, settings, setup):
    client.force_login(setup)
    job = imports_jobs.create_job(kind="aid-items", user=setup, file_name="a.xlsx", file_format="xlsx", data=b"x")
    client.get(f"{URL}?job={job.pk}")  # the session and the menus read once

    def cost(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = {url: cost(url) for url in (f"{URL}?job={job.pk}", f"{URL}?job={job.pk}&json=1", URL)}
    for n in range(25):
        imports_jobs.record_synchronous(kind="aid-items", user=setup, file_name=f"{n}.xlsx", counts={"new": n})
    after = {url: cost(url) for url in before}
    assert after == before, (before, after)
    assert before[f"{URL}?job={job.pk}&json=1"] <= 6  # polled every second while a file is read


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_import_writes_nothing_and_fails_the_job_clearly(client, settings, setup):
    settings.TASKS = QUEUE
    client.force_login(setup)
    job = imports_jobs.create_job(
        kind="aid-items", user=setup, file_name="vien-tro.xlsx", file_format="xlsx", data=workbook(3000)
    )
    job.status, job.preview_html, job.new = "queued", "<p>xem trước</p>", 3000  # previewed and confirmed
    job.save()
    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": QUEUE["default"]["BACKEND"]}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        write_import.enqueue(job.pk)
        deadline = time.monotonic() + 60
        while True:  # the page's JSON shows the rows being checked and written, then the kill
            progress = client.get(f"{URL}?job={job.pk}&json=1").json()
            if progress["status"] == "importing" and progress["rows_written"] >= 500:
                break
            assert progress["status"] in ("queued", "importing"), progress
            assert time.monotonic() < deadline, progress
            time.sleep(0.1)
        assert 0 < progress["rows_validated"] < 3000
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(timeout=30)
    page = client.get(f"{URL}?job={job.pk}").content.decode()  # the page finds the worker gone
    job.refresh_from_db()
    assert job.status == "failed"
    assert f"mã {job.worker_pid}) đã dừng giữa lúc ghi tệp" in job.message
    assert "Không có dòng nào được ghi" in page
    assert not AidItem.objects.filter(code__startswith="NEN-").exists()
    assert not AidItem.history.filter(code__startswith="NEN-").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_the_import_command_shows_a_progress_bar_on_a_terminal_only(setup, tmp_path):
    path = tmp_path / "vien-tro-lon.xlsx"
    path.write_bytes(workbook(30))
    terminal, out = Terminal(), io.StringIO()
    call_command("import_records", "aid-items", str(path), stdout=out, stderr=terminal)
    assert "Đã nhập: 30 mới" in out.getvalue()
    bar = terminal.getvalue()
    assert "Kiểm tra và ghi" in bar and "30/30" in bar and "đã ghi 30" in bar
    piped = io.StringIO()  # a log or a pipe: the summary alone
    call_command("import_records", "aid-items", str(path), "--dry-run", stdout=out, stderr=piped)
    assert piped.getvalue() == "" and "30 không đổi" in out.getvalue()
