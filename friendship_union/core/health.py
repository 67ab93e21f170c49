"""The health checks, shared by `manage.py healthcheck` (the timer) and `/healthz/ready` (a monitor):
the database, the cache, the task worker's heartbeat and what apps add (`health_checks` on their
AppConfig: reminders' mail queue). Each check answers (ok, what it found).

The command waits for the worker to run a heartbeat task (it may take seconds); the page may not, so
it looks at the queue instead: it enqueues a heartbeat when none waits, and the worker fails when one
has waited longer than `HEALTH_WORKER_SECONDS` (120) — no worker takes the queue's tasks.
`/healthz` itself stays the one-query liveness answer a load balancer asks for every few seconds."""

import datetime
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .contributions import contributions
from .tasks import heartbeat


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "answers"


def check_cache() -> str:
    key, value = f"healthcheck-{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        raise RuntimeError("a value written was not read back")
    return "writes and reads"


def check_worker_waiting(timeout: float) -> str:
    """Enqueue a heartbeat and wait up to `timeout` seconds for the worker to run it (the command)."""
    result = heartbeat.enqueue()
    deadline = time.monotonic() + timeout
    while True:
        if result.status == TaskResultStatus.SUCCESSFUL:
            return f"ran a heartbeat task in {result.finished_at - result.enqueued_at}"
        if result.status == TaskResultStatus.FAILED or time.monotonic() > deadline:
            raise RuntimeError(
                f"heartbeat task {result.id} still {result.status} after {timeout:g} s: is the worker running?"
            )
        time.sleep(0.5)
        result.refresh()


def check_worker_queue() -> str:
    """The worker's heartbeat from the queue, without waiting (the page; see the module docstring)."""
    if not isinstance(heartbeat.get_backend(), DatabaseBackend):
        return (
            f"tasks run by {heartbeat.get_backend().alias} ({type(heartbeat.get_backend()).__name__}): no queue to read"
        )
    beats = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    waiting = beats.filter(status=TaskResultStatus.READY).order_by("enqueued_at").values_list("enqueued_at", flat=True)
    oldest = waiting.first()
    last = (
        beats.filter(status=TaskResultStatus.SUCCESSFUL)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    now = timezone.now()
    limit = datetime.timedelta(seconds=getattr(settings, "HEALTH_WORKER_SECONDS", 120))
    if oldest is not None and now - oldest > limit:
        raise RuntimeError(f"a heartbeat task has waited {seconds(now - oldest)} s: is the worker running?")
    if oldest is None:
        heartbeat.enqueue()
    return f"last heartbeat ran {seconds(now - last)} s ago" if last else "first heartbeat queued"


def seconds(delta: datetime.timedelta) -> int:
    return int(delta.total_seconds())


def app_checks() -> list[tuple[str, bool, str]]:
    """What the apps add (`health_checks` on their AppConfig): (name, ok, message) each."""
    found = []
    for _config, paths in contributions("health_checks"):
        for path in paths:
            try:
                found.append(tuple(import_string(path)()))
            except Exception as exc:  # a check that fails to run is a failed check
                found.append((path, False, str(exc)))
    return found


def run(checks) -> list[tuple[str, bool, str]]:
    """Run (name, function) checks and the apps' own: (name, ok, message) each, none stopping another."""
    found = []
    for name, check in checks:
        try:
            found.append((name, True, check()))
        except Exception as exc:  # every failure is reported, none stops the others
            found.append((name, False, str(exc) or type(exc).__name__))
    return found + app_checks()


def readiness() -> list[tuple[str, bool, str]]:
    """The page's checks: quick, no waiting."""
    return run([("database", check_database), ("cache", check_cache), ("worker", check_worker_queue)])
