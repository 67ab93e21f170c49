"""The WSGI entry point leaves what loading made out of Python's full garbage collections."""

import subprocess
import sys

from django.conf import settings


def test_loading_the_application_freezes_what_it_made_for_the_garbage_collector():
    script = (
        "import gc, friendship_union.wsgi as w; "
        "assert w.application; print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    frozen, walked = map(int, out.split())
    # A full collection walks only what is not frozen: a small part of what the process holds.
    assert frozen > 50_000 and walked < frozen / 4, (frozen, walked)
