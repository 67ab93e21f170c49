"""The deploy kit (deploy/) booted as plain processes on loopback: deploy/install.sh's app steps, then the
commands of the systemd units (gunicorn, the worker) and nginx with the kit's site — and a page, a static
file and a media file requested through nginx over TLS, the health check run against it all."""

import gzip
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from friendship_union.conftest import REQUIRE_BROWSER
from friendship_union.reminders.tests.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
HOST = "huunghi.example.vn"


@pytest.fixture(scope="module")
def nginx_binary():
    if NGINX is None:
        message = "nginx not found: the deploy kit's boot test cannot run (apt-get install nginx-light)."
        if REQUIRE_BROWSER:
            pytest.fail(message + " FU_REQUIRE_BROWSER=1 makes this a failure.", pytrace=False)
        pytest.skip(message)
    return NGINX


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def exec_start(unit: str) -> list[str]:
    """The ExecStart command of a unit in deploy/systemd, as a list."""
    text = (DEPLOY / "systemd" / unit).read_text()
    return shlex.split(re.search(r"^ExecStart=(.+)$", text, re.M).group(1))


def localize(args: list[str], replacements: dict[str, str]) -> list[str]:
    out = []
    for arg in args:
        for old, new in replacements.items():
            arg = arg.replace(old, new)
        out.append(arg)
    return out


def wait_port(port: int, process: subprocess.Popen, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert process.poll() is None, f"{process.args[0]} exited with {process.returncode}"
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            time.sleep(0.3)


def request(port: int, path: str, *, method="GET", headers=None, body=None, tls=True):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
    response = conn.getresponse()
    return response, response.read()


@pytest.mark.django_db
def test_units_and_nginx_serve_a_page_a_static_file_and_a_media_file(nginx_binary, tmp_path):
    from friendship_union.reminders.tests.test_worker import database_url

    web_port, https_port, http_port = free_port(), free_port(), free_port()
    static_root, media_root, logs = tmp_path / "static", tmp_path / "media", tmp_path / "log"
    for folder in (static_root, media_root, logs):
        folder.mkdir()
    (media_root / "gallery").mkdir()
    photo = b"\xff\xd8\xff\xe0 not really a jpeg, served as stored"
    (media_root / "gallery" / "a1b2c3.jpg").write_bytes(photo)

    with SmtpServer() as smtp:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TASKS_"))},
            "DJANGO_SECRET_KEY": "deploy-test-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "DATABASE_URL": database_url(),
            "DJANGO_HTTPS": "1",
            "DJANGO_BEHIND_PROXY": "1",
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_MEDIA_ROOT": str(media_root),
            "DJANGO_STATIC_MANIFEST": "1",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "PYTHON": sys.executable,
            "APP_DIR": str(ROOT),
        }
        # The install/upgrade script's app steps: pip, catalogs, migrate, collectstatic, check --deploy.
        install = subprocess.run(
            ["bash", str(DEPLOY / "install.sh"), "--app-only"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
        manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
        css = manifest["css/site.css"]

        where = {
            "/srv/friendship_union/.venv/bin/": str(Path(sys.executable).parent) + "/",
            "127.0.0.1:8000": f"127.0.0.1:{web_port}",
            "/var/log/friendship_union": str(logs),
        }
        web = subprocess.Popen(localize(exec_start("friendship-union-web.service"), where), cwd=ROOT, env=env)
        worker = subprocess.Popen(localize(exec_start("friendship-union-worker.service"), where), cwd=ROOT, env=env)

        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                f"/CN={HOST}",
                "-keyout",
                str(tmp_path / "privkey.pem"),
                "-out",
                str(tmp_path / "fullchain.pem"),
            ],
            check=True,
            capture_output=True,
        )
        site = (DEPLOY / "nginx" / "friendship-union.conf").read_text()
        for old, new in {
            "127.0.0.1:8000": f"127.0.0.1:{web_port}",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen [::]:80;": "",
            "/etc/ssl/friendship_union/": f"{tmp_path}/",
            "/srv/friendship_union/staticfiles/": f"{static_root}/",
            "/srv/friendship_union/media/": f"{media_root}/",
            "/var/log/nginx/": f"{logs}/",
        }.items():
            assert old in site, old
            site = site.replace(old, new)
        (tmp_path / "site.conf").write_text(site)
        (tmp_path / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {tmp_path}/nginx.pid;\nerror_log {logs}/nginx-main.log;\nevents {{}}\n"
            + f"http {{\n include /etc/nginx/mime.types;\n client_body_temp_path {tmp_path}/body;\n"
            + f" proxy_temp_path {tmp_path}/proxy;\n include {tmp_path}/site.conf;\n}}\n"
        )
        nginx = subprocess.Popen(
            [nginx_binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
        )
        try:
            wait_port(web_port, web)
            wait_port(https_port, nginx)

            response, body = request(https_port, "/")
            assert response.status == 200, body[:500]
            assert "Liên hiệp" in body.decode()
            assert response.getheader("Strict-Transport-Security")  # Django saw https (X-Forwarded-Proto)

            response, body = request(https_port, f"/static/{css}", headers={"Accept-Encoding": "gzip"})
            assert response.status == 200 and response.getheader("Content-Type") == "text/css"
            assert response.getheader("Content-Encoding") == "gzip"
            assert gzip.decompress(body) == (static_root / css).read_bytes()
            assert "immutable" in response.getheader("Cache-Control")

            response, body = request(https_port, "/media/gallery/a1b2c3.jpg")
            assert response.status == 200 and body == photo
            assert response.getheader("Content-Type") == "image/jpeg"

            response, _body = request(http_port, "/gioi-thieu/", tls=False)
            assert response.status == 301 and response.getheader("Location") == f"https://{HOST}/gioi-thieu/"
            response, _body = request(https_port, "/admin/login/", method="POST", body=b"x" * (26 * 1024 * 1024))
            assert response.status == 413  # client_max_body_size: refused by nginx, gunicorn never sees it

            # The client's address as nginx's real_ip and Django's client_address read it.
            response, body = request(https_port, "/healthz", headers={"X-Forwarded-For": "203.0.113.7"})
            assert response.status == 200
            # nginx writes a request's log line after it has sent the response (its log phase): wait for it.
            deadline = time.monotonic() + 10
            while True:
                access = (logs / "friendship_union.access.log").read_text()
                if "/healthz" in access or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert "203.0.113.7" in access  # from the trusted 127.0.0.1: the real client

            health = subprocess.run(
                [sys.executable, "manage.py", "healthcheck", "--worker-timeout", "30"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            assert health.returncode == 0, health.stdout + health.stderr
            for check in ("database", "cache", "worker", "mail", "mail-queue"):
                assert f"ok {check}:" in health.stdout
        finally:
            for process in (nginx, web, worker):
                process.send_signal(signal.SIGTERM if process is not nginx else signal.SIGQUIT)
            for process in (nginx, web, worker):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
    assert worker.returncode is not None and web.returncode is not None


def test_systemd_units_and_timers_are_valid(tmp_path):
    """systemd itself reads the kit's units (the commands pointed at this machine's virtualenv)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not found: the units' syntax is not checked here")
    venv_bin = str(Path(sys.executable).parent) + "/"
    for unit in (DEPLOY / "systemd").iterdir():
        (tmp_path / unit.name).write_text(unit.read_text().replace("/srv/friendship_union/.venv/bin/", venv_bin))
    units = sorted(str(path) for path in tmp_path.iterdir())
    assert len(units) == 6
    found = subprocess.run([analyze, "verify", "--man=no", *units], capture_output=True, text=True)
    assert found.returncode == 0 and found.stderr.strip() == "", found.stderr
    calendar = subprocess.run(
        [analyze, "calendar", "*-*-* 07:30:00 Asia/Ho_Chi_Minh"], capture_output=True, text=True, check=True
    )
    assert "Next elapse" in calendar.stdout


@pytest.mark.django_db
def test_the_daily_unit_prunes_finished_task_results_after_two_weeks_failed_after_ninety_days(settings):
    """The task queue keeps a row per task run (a refresh after every save, heartbeats, imports): the
    reminders unit's second command, as written in the kit, deletes the finished ones older than 14
    days and the failed ones older than 90, and leaves the rest."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from friendship_union.core.tasks import refresh_figures

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}  # production's
    text = (DEPLOY / "systemd" / "friendship-union-reminders.service").read_text()
    commands = [shlex.split(line) for line in re.findall(r"^ExecStart=(.+)$", text, re.M)]
    assert [c[1] for c in commands] == ["manage.py", "manage.py"] and commands[0][2] == "send_reminders"
    prune = commands[1][2:]
    assert prune[0] == "prune_db_task_results"

    def result(status: str, days: int) -> DBTaskResult:
        finished = timezone.now() - datetime.timedelta(days=days)
        return DBTaskResult.objects.create(
            task_path=refresh_figures.module_path,
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            enqueued_at=finished,
            started_at=finished,
            finished_at=finished,
            queue_name="default",
            backend_name="default",
        )

    old, recent = result("SUCCESSFUL", 15), result("SUCCESSFUL", 13)
    failed, failed_old = result("FAILED", 30), result("FAILED", 91)
    call_command(*prune)
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) >= {recent.pk, failed.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old.pk, failed_old.pk]).exists()


def test_the_worker_looks_at_the_queue_every_fifth_of_a_second_as_deployed_and_in_make_serve():
    """The figures a write moved are computed by the worker's refresh as soon as it sees the task:
    idle, it looks every --interval seconds (django-tasks-db sleeps that long between empty polls).
    0,2 s as deployed and under `make serve` (it was 1 s: a reader could come up to a second before
    the refresh began)."""
    unit = (ROOT / "deploy/systemd/friendship-union-worker.service").read_text()
    command = shlex.split(re.search(r"^ExecStart=(.+)$", unit, re.M).group(1))
    assert command[1:3] == ["manage.py", "db_worker"], command
    assert float(command[command.index("--interval") + 1]) <= 0.2, command
    serve = re.search(r"^serve:\n(?:\t.*\n)+", (ROOT / "Makefile").read_text(), re.M).group(0)
    worker = shlex.split(re.search(r"manage\.py (db_worker[^&]*)&", serve).group(1))
    assert float(worker[worker.index("--interval") + 1]) <= 0.2, worker
