"""Tasks of the ground floor (Django's django.tasks, any backend)."""

from django.tasks import task
from django.utils import timezone

from . import imports_jobs


@task
def heartbeat() -> str:
    """Does nothing but answer: `manage.py healthcheck` enqueues it and waits for the worker to run it."""
    return timezone.now().isoformat()


@task
def preview_import(job_id: int) -> str:
    """Check every row of a stored import file (a dry run), for the job's page (core/imports_jobs.py)."""
    return imports_jobs.run_preview(job_id)


@task
def write_import(job_id: int) -> str:
    """Write a previewed, confirmed import file: all or nothing, in one transaction."""
    return imports_jobs.run_write(job_id)


@task
def refresh_figures() -> dict:
    """Compute the figures the last writes moved (core.versioning.refresh_figures), queued once a
    write commits, so the next reader of the home page, the lists and the dashboard does not wait."""
    from . import versioning

    return versioning.refresh_figures()
