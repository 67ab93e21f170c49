"""Tasks of the ground floor (Django's django.tasks, any backend)."""

from django.tasks import task
from django.utils import timezone


@task
def heartbeat() -> str:
    """Does nothing but answer: `manage.py healthcheck` enqueues it and waits for the worker to run it."""
    return timezone.now().isoformat()
