"""Reminders as a task (django.tasks): `manage.py send_reminders --enqueue` hands the run to the worker."""

from django.tasks import task

from . import services


@task
def send_reminders() -> dict:
    return services.send_due()
