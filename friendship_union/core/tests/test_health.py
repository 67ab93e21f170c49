"""/healthz/ready, the health check a monitor calls: the database, the cache, the task worker's heartbeat
and the mail queue, each named in its JSON; 503 when one fails. /healthz stays the one-query liveness."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from friendship_union.core.tasks import heartbeat

pytestmark = pytest.mark.django_db
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_ready_names_every_check_and_passes_when_all_pass(client):
    response = client.get("/healthz/ready")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok", body
    assert {"database", "cache", "worker", "mail-queue"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-cache" in response["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert len(queries) == 1  # the liveness answer stays one query (bench/load.py's floor)


def test_a_heartbeat_no_worker_takes_fails_the_worker_check(client, settings):
    settings.TASKS = QUEUE
    # A real worker run earlier in this process's database (portal's deploy-kit test runs the unit's
    # db_worker, outside any test transaction) leaves its heartbeats: this test starts with none.
    DBTaskResult.objects.filter(task_path=heartbeat.module_path).delete()
    first = client.get("/healthz/ready").json()
    assert first["checks"]["worker"] == {"ok": True, "detail": "first heartbeat queued"}
    waiting = DBTaskResult.objects.get(task_path=heartbeat.module_path, status="READY")
    assert client.get("/healthz/ready").status_code == 200  # one heartbeat waits, not one per call
    assert DBTaskResult.objects.filter(task_path=heartbeat.module_path).count() == 1

    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))
    response = client.get("/healthz/ready")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "error"
    assert body["checks"]["worker"]["ok"] is False
    assert "is the worker running?" in body["checks"]["worker"]["detail"]
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]

    # The worker ran it: the check says when, and queues the next heartbeat.
    DBTaskResult.objects.filter(pk=waiting.pk).update(status="SUCCESSFUL", finished_at=timezone.now())
    body = client.get("/healthz/ready").json()
    assert body["checks"]["worker"]["ok"] and body["checks"]["worker"]["detail"].startswith("last heartbeat ran")


def test_a_cache_that_loses_what_it_is_given_fails_the_check(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "detail": "a value written was not read back"}
