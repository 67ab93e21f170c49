"""pytest plugin (loaded with `-p` before Django starts): the environment the test suite runs in.

Tests run with DEBUG off, like production, but over plain HTTP on localhost, so HTTPS-only settings
(redirect, secure cookies, HSTS) are off. Values already set in the environment win.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789abcdef")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/friendship_union")
# Tasks run at once, in the test (a test that needs the real worker says so).
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Uploaded files go to a folder of this test process's own, removed at its end, never into the
# checkout's media/. A pytest-xdist worker inherits its parent's environment, so it makes its own.
if os.environ.get("DJANGO_MEDIA_ROOT", "") == os.environ.get("FU_TEST_MEDIA_ROOT_MADE", ""):
    _media = tempfile.mkdtemp(prefix="fu-test-media-")
    atexit.register(shutil.rmtree, _media, ignore_errors=True)
    os.environ["DJANGO_MEDIA_ROOT"] = os.environ["FU_TEST_MEDIA_ROOT_MADE"] = _media
# Passwords hashed fast (MD5) in tests only: PBKDF2's half second per account and login is real
# production cost, not behaviour a test checks (settings.py; never set in production).
os.environ.setdefault("FU_TEST_FAST_PASSWORD_HASHER", "1")
# Public pages from the cache are off unless a test turns them on (portal/tests/test_page_cache.py):
# tests change records between requests in ways a reader never could (without a save) and pin the
# queries a page's render costs.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
# The figures a write moves are computed by the first reader, not refreshed at once after every
# write of every test (core/tests/test_figures_refresh.py turns it on): tests write thousands of records.
os.environ.setdefault("FIGURES_REFRESH_ON_WRITE", "0")
