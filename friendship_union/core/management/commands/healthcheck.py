"""One health check for a timer or a monitor: the database, the cache, the task worker's heartbeat, the
mail server, and what apps add (their `health_checks`, e.g. reminders' mail queue). Exit status 0 when
all pass, 1 otherwise; one line per check."""

from django.core.mail import mailers
from django.core.management.base import BaseCommand, CommandError

from friendship_union.core.health import check_cache, check_database, check_worker_waiting, run


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
            ("worker", lambda: check_worker_waiting(worker_timeout)),
            ("mail", check_mail),
        ]
        failed = []
        for name, ok, message in run(checks):
            self.stdout.write(f"{'ok' if ok else 'FAIL'} {name}: {message}")
            if not ok:
                failed.append(name)
        if failed:
            raise CommandError(f"health check failed: {', '.join(failed)}")
