"""One health check for a timer or a monitor: the database, the cache, the task worker's heartbeat, the
mail server, and what apps add (their `health_checks`, e.g. reminders' mail queue). Exit status 0 when
all pass, 1 otherwise; one line per check."""

import time
import uuid

from django.core.cache import cache
from django.core.mail import mailers
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils.module_loading import import_string

from friendship_union.core.contributions import contributions
from friendship_union.core.tasks import heartbeat


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "answers"


def check_cache():
    key, value = f"healthcheck-{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        raise RuntimeError("a value written was not read back")
    return "writes and reads"


def check_worker(timeout: float):
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


def check_mail():
    with mailers.default as mail:
        name = type(mail).__module__.rsplit(".", 1)[-1]
    return f"{name} backend opens a connection"


class Command(BaseCommand):
    help = "Kiểm tra cơ sở dữ liệu, bộ nhớ đệm, tiến trình chạy nền, thư điện tử. Health check."

    def add_arguments(self, parser):
        parser.add_argument("--worker-timeout", type=float, default=20, help="Seconds to wait for the heartbeat task.")

    def handle(self, *args, worker_timeout=20, **options):
        checks = [
            ("database", check_database),
            ("cache", check_cache),
            ("worker", lambda: check_worker(worker_timeout)),
            ("mail", check_mail),
        ]
        failed = []
        for name, check in checks:
            try:
                self.stdout.write(f"ok {name}: {check()}")
            except Exception as exc:  # every failure is reported, none stops the others
                failed.append(name)
                self.stdout.write(f"FAIL {name}: {exc}")
        for _config, paths in contributions("health_checks"):
            for path in paths:
                try:
                    name, ok, message = import_string(path)()
                except Exception as exc:
                    name, ok, message = path, False, str(exc)
                self.stdout.write(f"{'ok' if ok else 'FAIL'} {name}: {message}")
                if not ok:
                    failed.append(name)
        if failed:
            raise CommandError(f"health check failed: {', '.join(failed)}")
