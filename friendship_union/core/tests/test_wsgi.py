"""The WSGI entry point leaves what loading made out of Python's full garbage collections."""

import subprocess
import sys

from django.conf import settings


def fresh_process(script: str) -> str:
    """What `script` prints, run by a new Python process (nothing of this test run frozen in it)."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_loading_the_application_freezes_what_it_made_for_the_garbage_collector():
    out = fresh_process(
        "import gc, friendship_union.wsgi as w; "
        "assert w.application; print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    frozen, walked = map(int, out.split())
    # A full collection walks only what is not frozen: a small part of what the process holds.
    assert frozen > 50_000 and walked < frozen / 4, (frozen, walked)


def test_what_serving_the_first_pages_made_is_frozen_too_once_the_worker_has_served_twenty():
    """Templates compiled and patterns resolved by a worker's first pages live as long as it does:
    after its 20th response they are frozen as well, and a full collection walks little."""
    out = fresh_process(
        "import gc, friendship_union.wsgi as w\n"
        "from django.test import Client\n"
        "client = Client(raise_request_exception=False)\n"
        "seen = []\n"
        "for n in range(1, 23):\n"
        "    client.get('/khong-co-trang-nay/' if n % 2 else '/en/no-such-page/')\n"
        "    seen.append((n, gc.get_freeze_count(), len(gc.get_objects())))\n"
        "print(seen[18][1], seen[18][2], seen[19][1], seen[19][2])\n"
    )
    frozen_before, walked_before, frozen_after, walked_after = map(int, out.split()[-4:])
    # Served 19 pages: what they made is walked by every full collection. The 20th frozen it.
    assert walked_before > 5_000, walked_before
    assert frozen_after > frozen_before + walked_before / 2 and walked_after < 1_000, (frozen_after, walked_after)
