"""Tasks through a real worker process (`manage.py db_worker`), the queue in PostgreSQL."""

import datetime
import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone

from friendship_union.core.tests.factories import UserFactory
from friendship_union.partners.tests.factories import make_certificate, make_partner
from friendship_union.reminders import tasks
from friendship_union.reminders.models import SentReminder

from .smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[3]
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    """The test database as a DATABASE_URL, for a process of its own."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(env_extra: dict) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": DB_BACKEND["default"]["BACKEND"], **env_extra}
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(result, seconds=60):
    deadline = time.monotonic() + seconds
    while result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        assert time.monotonic() < deadline, f"task {result.id} still {result.status}"
        time.sleep(0.2)
        result.refresh()
    return result


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_reminders_and_answers_the_health_check(settings, reference_data):
    settings.TASKS = DB_BACKEND
    UserFactory(username="nhaplieu", email="nhaplieu@huunghi.example", role="data_entry")
    today = timezone.localdate()
    make_certificate(
        make_partner(),
        number="09/GĐK",
        issue=today - datetime.timedelta(days=400),
        expiry=today + datetime.timedelta(days=20),
    )
    with SmtpServer() as server:
        worker = start_worker({"EMAIL_URL": f"smtp://127.0.0.1:{server.port}"})
        try:
            result = tasks.send_reminders.enqueue()
            assert result.status == TaskResultStatus.READY  # queued in PostgreSQL, not run here
            wait_for(result)
            assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
            assert result.return_value["items"] >= 1
            [message] = [m for m in server.inbox.messages if m["Subject"].startswith("Giấy đăng ký")]
            assert (
                message["To"] == "nhaplieu@huunghi.example" and "09/GĐK" in message.get_body(("plain",)).get_content()
            )
            assert SentReminder.objects.filter(kind="certificate").count() == 1

            out = StringIO()
            call_command("healthcheck", stdout=out)
            assert "ok worker: ran a heartbeat task" in out.getvalue()
            assert "ok database" in out.getvalue() and "ok cache" in out.getvalue()
        finally:
            worker.terminate()
            log = worker.communicate(timeout=30)[0]
    assert worker.returncode is not None, log

    # The worker stopped: the heartbeat waits in the queue and the check says so.
    out = StringIO()
    with pytest.raises(CommandError, match="worker"):
        call_command("healthcheck", "--worker-timeout", "1", stdout=out)
    assert "FAIL worker: heartbeat task" in out.getvalue() and "is the worker running?" in out.getvalue()


def session_processes(sid: int) -> list[str]:
    """Command lines of the live processes in session `sid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(cmdline)
    return found


@pytest.mark.django_db
def test_make_serve_runs_the_worker_beside_the_web_server_and_ctrl_c_stops_both():
    import signal
    import urllib.request

    from .smtp import free_port

    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "PORT": str(port)}
    env.pop("TASKS_BACKEND")  # make's own settings: the database queue
    make = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the web server did not answer"
                time.sleep(0.5)
        running = session_processes(make.pid)
        assert any("manage.py db_worker" in cmd for cmd in running), running
        assert any("manage.py runserver" in cmd for cmd in running), running
        os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
        make.wait(timeout=30)
        deadline = time.monotonic() + 15
        while session_processes(make.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert session_processes(make.pid) == []  # neither the server nor the worker is left
    finally:
        if make.poll() is None or session_processes(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
