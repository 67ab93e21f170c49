"""Imports off the request, with progress (the `ImportJob` of core/models.py).

A file of more than `IMPORT_BACKGROUND_ROWS` rows (500) sent to an admin import page is stored in an
`ImportJob` and previewed by the task worker (`core.tasks.preview_import`); the job's page shows
the progress and, once previewed, the same preview the page shows for a small file, with the
confirmation, which hands the write to the worker (`core.tasks.write_import`). The rules stay those
of every import (core/resources): checked row by row, all or nothing in one transaction.

Progress counters (rows read, validated, written) are written through a database connection of
their own, in autocommit: the import's transaction is open until the last row, and what it writes is
invisible to anyone else until then. The counters carry the worker's heartbeat: a job whose worker
died (killed, the machine restarted) is marked failed when its page is next looked at, or before a
worker starts the next import — at once when
the worker ran on this machine and its process is gone, otherwise once it has been silent for
`IMPORT_STALE_SECONDS` (its transaction rolled back with the connection: nothing was written).
"""

import hashlib
import io
import logging
import os
import socket
import time
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV
from import_export.results import RowResult
from import_export.signals import post_import
from python_calamine import CalamineWorkbook

from .imports import UnreadableFile, Xlsx, import_kinds, inspect_xlsx, resource_for, result_messages
from .models import ImportJob, ImportJobStatus
from .templatetags.vn import number
from .versioning import background_write

logger = logging.getLogger(__name__)

FORMATS = {"xlsx": Xlsx, "csv": CSV}


# What this worker's last previews computed (core.resources.Prepared), by job: the write of a job
# previewed by the same worker process reuses it instead of checking every row again, when the
# stored file is the one previewed and nothing has changed since (Prepared.fits). A few at most.
PREPARED_KEPT = 2
_prepared: dict[int, tuple[str, object]] = {}


def _keep_prepared(job: ImportJob, prepared) -> None:
    _prepared.pop(job.pk, None)
    if prepared is None:
        return
    while len(_prepared) >= PREPARED_KEPT:
        _prepared.pop(next(iter(_prepared)))
    _prepared[job.pk] = (job.file_hash, prepared)


def _take_prepared(job: ImportJob):
    file_hash, prepared = _prepared.pop(job.pk, (None, None))
    return prepared if file_hash == job.file_hash else None


def background_rows() -> int:
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 500)


def stale_seconds() -> int:
    return getattr(settings, "IMPORT_STALE_SECONDS", 120)


def kind_of_resource(resource_class) -> str | None:
    """The import kind (`import_kinds` on the AppConfigs) whose resource is `resource_class`."""
    path = f"{resource_class.__module__}.{resource_class.__qualname__}"
    for kind, kind_path in import_kinds().items():
        if kind_path == path:
            return kind
    return None


def count_rows(data: bytes, file_format: str) -> int | None:
    """About how many data rows a file has (None: not a file of its format). xlsx: the first
    sheet's rows as calamine reads them (0,2 s for 10.000 rows; openpyxl counted a sheet written
    without its dimension by parsing every cell); csv: its line breaks."""
    if file_format == "csv":
        return max(data.count(b"\n") - 1, 0) + (0 if data.endswith(b"\n") else 1)
    try:
        inspect_xlsx(data)  # a workbook past the limits is never laid out (the import says why)
        end = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).end  # (row, column), 0-based
    except Exception:  # not a workbook: the import itself will say so
        return None
    return max(end[0], 0) if end else 0  # the rows after the header row


def create_job(*, kind: str, user, file_name: str, file_format: str, data: bytes) -> ImportJob:
    job = ImportJob(
        kind=kind,
        user=user,
        file_name=Path(file_name).name[:255],
        file_format=file_format,
        content=data,
        file_hash=hashlib.sha256(data).hexdigest(),
        rows_total=count_rows(data, file_format) or 0,
    )
    job._history_user = user
    job.save()
    return job


def dataset_of(job: ImportJob):
    """The job's file as the admin reads an uploaded one (django-import-export's formats)."""
    file_format = FORMATS[job.file_format](encoding="utf-8-sig")
    data = bytes(job.content)
    if not file_format.is_binary():
        data = data.decode("utf-8-sig")
    return file_format.create_dataset(data)


class Progress:
    """Counters of a running import, for whoever watches: `read(n)`, `validated(n)`, `written(n)`
    (totals so far). The resource calls them (VietnameseResource.progress); nothing is committed
    more often than every `every` seconds."""

    def __init__(self):
        self.counts = {"rows_read": 0, "rows_validated": 0, "rows_written": 0}

    def read(self, done: int) -> None:
        self._set("rows_read", done)

    def validated(self, done: int) -> None:
        self._set("rows_validated", done)

    def written(self, done: int) -> None:
        self._set("rows_written", done)

    def _set(self, name, done):
        self.counts[name] = done
        self.changed(name)

    def changed(self, name) -> None:
        pass

    def close(self) -> None:
        pass


class JobProgress(Progress):
    """Progress committed to the job's row through a connection of its own (autocommit), so the page
    sees it while the import's transaction is still open; each commit is the worker's heartbeat."""

    def __init__(self, job: ImportJob, every: float = 0.5):
        super().__init__()
        self.job_id, self.every, self.last = job.pk, every, 0.0
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        # SQLite (the quick start) has one writer at a time: a second connection would wait for the
        # import's transaction. There the page shows the counts when the step ends.
        self.live = self.connection.vendor == "postgresql"

    def changed(self, name) -> None:
        if self.live and time.monotonic() - self.last >= self.every:
            self.flush()

    def flush(self) -> None:
        self.last = time.monotonic()
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET rows_read = %s, rows_validated = %s, "
                    "rows_written = %s, heartbeat_at = %s WHERE id = %s",
                    [*self.counts.values(), timezone.now(), self.job_id],
                )
        except DatabaseError:  # progress is a courtesy: the import goes on without it
            logger.warning("import job %s: progress not recorded", self.job_id, exc_info=True)

    def close(self) -> None:
        if self.live:
            self.flush()
        self.connection.close()


def _start(job: ImportJob, status: str) -> None:
    job.status = status
    job.started_at = job.heartbeat_at = timezone.now()
    job.worker_host, job.worker_pid = socket.gethostname()[:255], os.getpid()
    job.rows_read = job.rows_validated = job.rows_written = 0
    job.message = ""
    job._history_user = job.user
    job.save()


def _finish(job: ImportJob, status: str, message: str = "", progress: Progress | None = None, **values) -> None:
    if progress is not None:
        values = {**progress.counts, **values}
    for name, value in values.items():
        setattr(job, name, value)
    job.status, job.message, job.finished_at = status, message, timezone.now()
    job.heartbeat_at = job.finished_at
    job._history_user = job.user
    job.save()


def _counted(job: ImportJob, counts: dict) -> dict:
    return {
        "new": counts.get("new", 0),
        "changed": counts.get("update", 0),
        "unchanged": counts.get("skip", 0),
        "errors": counts.get("errors", 0),
    }


def _claim(job_id: int, expected: tuple[str, ...]) -> ImportJob | None:
    """The job, if it is still waiting for this step (a task runs once even if enqueued twice)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in expected:
            return None
        return job


def fail_stale_jobs() -> int:
    """Mark failed every running job whose worker is gone (a worker does it before each import)."""
    return sum(fail_if_stale(job) for job in ImportJob.objects.filter(status__in=ImportJob.RUNNING))


def run_preview(job_id: int) -> str:
    fail_stale_jobs()
    job = _claim(job_id, (ImportJobStatus.QUEUED,))
    if job is None:
        return "skipped"
    _start(job, ImportJobStatus.PREVIEWING)
    progress = JobProgress(job)
    try:
        dataset = dataset_of(job)
    except UnreadableFile as exc:  # a broken file is the person's to mend, not an unexpected error
        progress.close()
        _finish(job, ImportJobStatus.FAILED, str(exc), progress)
        return job.status
    try:
        progress.read(len(dataset))
        resource = resource_for(job.kind)
        result = resource.import_data(dataset, dry_run=True, raise_errors=False, user=job.user, progress=progress)
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string("admin/core/import_preview.html", {"preview": result.preview})
    except Exception as exc:
        progress.close()
        _finish(job, ImportJobStatus.FAILED, unexpected(exc), progress)
        raise
    progress.close()
    preview = result.preview
    counts = _counted(job, preview.counts)
    if preview.has_errors:
        message = _("Tệp có lỗi — chưa có dòng nào được ghi. Sửa tệp rồi tải lên lại.")
        _finish(job, ImportJobStatus.FAILED, message, progress, preview_html=html, **counts)
    else:
        _keep_prepared(job, getattr(result, "prepared", None))
        _finish(job, ImportJobStatus.PREVIEWED, "", progress, preview_html=html, **counts)
    return job.status


def confirm(job: ImportJob, user) -> bool:
    """The person confirmed a previewed job: it waits for its write (`core.tasks.write_import`, which
    the caller enqueues); False when it is not waiting for a confirmation."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportJobStatus.PREVIEWED or not (locked.new or locked.changed):
            return False
        locked.status, locked.message = ImportJobStatus.QUEUED, ""
        locked.rows_written = 0
        locked._history_user = user
        locked.save()
    return True


def run_write(job_id: int) -> str:
    fail_stale_jobs()
    job = _claim(job_id, (ImportJobStatus.QUEUED,))
    if job is None or not job.preview_html:
        return "skipped"
    _start(job, ImportJobStatus.IMPORTING)
    progress = JobProgress(job)
    try:
        dataset = dataset_of(job)
        progress.read(len(dataset))
        resource = resource_for(job.kind)
        # Nobody waits for this commit: every page it changes is computed before it (partners' too).
        with background_write():
            result = resource.import_data(
                dataset,
                dry_run=False,
                raise_errors=False,
                user=job.user,
                progress=progress,
                retain_instance_in_row_result=True,
                reuse=_take_prepared(job),
            )
    except Exception as exc:
        progress.close()
        _finish(job, ImportJobStatus.FAILED, unexpected(exc), progress)
        raise
    progress.close()
    problems = result_messages(result)
    counts = _counted(job, result.counts)
    if problems:
        shown = problems[:20]
        more = len(problems) - len(shown)
        message = "\n".join(
            [
                _("Khi ghi, tệp không còn hợp lệ (dữ liệu đã đổi sau lúc xem trước?) — không ghi dòng nào:"),
                *shown,
                *([_("… và %(count)s lỗi khác.") % {"count": number(more)}] if more else []),
            ]
        )
        _finish(job, ImportJobStatus.FAILED, message, progress, **counts)
        return job.status
    log_entries(result, job.user)
    post_import.send(sender=None, model=resource._meta.model)
    written = counts["new"] + counts["changed"]
    _finish(job, ImportJobStatus.DONE, done_message(counts), progress, rows_written=written, **counts)
    return job.status


def log_entries(result, user) -> None:
    """The admin's log of what an import added and changed, as django-import-export's admin writes it."""
    if user is None or getattr(settings, "IMPORT_EXPORT_SKIP_ADMIN_LOG", False):
        return
    flags = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}
    rows: dict[str, list] = {}
    for row in result:
        if row.import_type in flags and row.instance is not None:
            rows.setdefault(row.import_type, []).append(row.instance)
    for import_type, instances in rows.items():
        LogEntry.objects.log_actions(
            user.pk,
            instances,
            flags[import_type],
            change_message=f"{import_type} through import_export",
            single_object=len(instances) == 1,
        )


def done_message(counts: dict) -> str:
    return _("Đã nhập: %(new)s mới, %(changed)s thay đổi, %(unchanged)s không đổi.") % {
        k: number(counts[k]) for k in ("new", "changed", "unchanged")
    }


def unexpected(exc: Exception) -> str:
    return _("Có lỗi không lường trước khi xử lý tệp — không ghi dòng nào. Chi tiết: %(error)s") % {
        "error": f"{type(exc).__name__}: {exc}"[:500]
    }


def record_synchronous(*, kind: str, user, file_name: str, counts: dict) -> ImportJob:
    """A small file imported in the request: recorded among the recent imports too."""
    now = timezone.now()
    counted = _counted(None, counts)
    job = ImportJob(
        kind=kind,
        user=user,
        file_name=Path(file_name or "").name[:255],
        background=False,
        status=ImportJobStatus.DONE,
        started_at=now,
        finished_at=now,
        message=done_message(counted),
        rows_written=counted["new"] + counted["changed"],
        **counted,
    )
    job._history_user = user
    job.save()
    return job


# --- a worker that died ------------------------------------------------------------------------------
def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet reaped by its parent is a zombie: gone all the same
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def fail_if_stale(job: ImportJob) -> bool:
    """Mark a running job failed when its worker is gone (True if it was). See the module docstring."""
    if job.status not in ImportJob.RUNNING or job.worker_pid is None:
        return False
    silent = (timezone.now() - (job.heartbeat_at or job.started_at or job.created_at)).total_seconds()
    here = job.worker_host == socket.gethostname()[:255]
    if not (here and not process_alive(job.worker_pid)) and silent < stale_seconds():
        return False
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != job.status or locked.heartbeat_at != job.heartbeat_at:
            return False  # it moved on meanwhile
        stage = _("kiểm tra") if locked.status == ImportJobStatus.PREVIEWING else _("ghi")
        locked.status = ImportJobStatus.FAILED
        locked.finished_at = timezone.now()
        locked.message = _(
            "Tiến trình chạy nền (máy %(host)s, mã %(pid)s) đã dừng giữa lúc %(stage)s tệp, sau %(rows)s dòng. "
            "Không có dòng nào được ghi: việc ghi chỉ có hiệu lực khi xong cả tệp. Hãy tải tệp lên lại."
        ) % {
            "host": locked.worker_host,
            "pid": locked.worker_pid,
            "stage": stage,
            "rows": number(locked.rows_validated),
        }
        locked._history_user = locked.user
        locked.save()
    job.refresh_from_db()
    return True


def progress_of(job: ImportJob) -> dict:
    """What the job's page shows, as JSON for its script."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "running": job.running,
        "rows_total": job.rows_total,
        "rows_read": job.rows_read,
        "rows_validated": job.rows_validated,
        "rows_written": job.rows_written,
        "new": job.new,
        "changed": job.changed,
        "unchanged": job.unchanged,
        "errors": job.errors,
        "message": job.message,
    }


def kind_model(kind: str):
    """The model an import kind writes."""
    return resource_for(kind)._meta.model
