"""Shared test fixtures: Playwright on Debian's Chromium, console-error capture, small factories."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("FU_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("FU_REQUIRE_BROWSER") == "1"
_skipped_browser_tests = []


def chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese: a request to /en/ earlier in the same thread must not leave
    English active for the next test (LocaleMiddleware activates, it never deactivates)."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and figures are keyed by the records version,
    which restarts with every test's rolled-back database, so two tests could share a key."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (units of both eras, countries, currencies, sectors) loaded once per run."""
    from friendship_union.reference.loaders import load_all

    with django_db_blocker.unblock():
        load_all()


_DEMO = {"loaded": False}


@pytest.fixture(scope="session")
def demo_once(django_db_setup, django_db_blocker):
    """The demo data (Cà Mau, as `make run` loads it without the development-only accounts and drawn
    photos), loaded once per test run and committed. Tests asking for `demo` run after every other
    database test of their kind (see pytest_collection_modifyitems), so the rows are seen only by
    them; each such test still runs in its own rolled-back transaction."""
    import io

    from django.core.management import call_command
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(DEMO_MODE=False):
        call_command("load_demo", stdout=io.StringIO())
    _DEMO["loaded"] = True


@pytest.fixture
def demo(demo_once, reference_data):
    """Demo data present for this test (loaded once per run; see demo_once)."""


@pytest.fixture
def demo_transactional(transactional_db, reference_data, settings):
    """Demo data for a transactional test (browser tests): tables are flushed after each such test,
    so it is loaded again here, in the test."""
    import io

    from django.core.management import call_command

    settings.DEMO_MODE = False
    call_command("load_demo", stdout=io.StringIO())


def _database_group(item) -> int:
    """pytest-django's order: 0 database tests in a transaction, 1 transactional, 2 no database."""
    fixtures = getattr(item, "fixturenames", [])
    marker = item.get_closest_marker("django_db")
    if "transactional_db" in fixtures or "live_server" in fixtures or (marker and marker.kwargs.get("transaction")):
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that read the committed demo data run last among the tests in a transaction, so no other
    test sees those rows (they are flushed by the first transactional test after them)."""
    items.sort(key=lambda item: (_database_group(item), "demo" in getattr(item, "fixturenames", [])))


@pytest.fixture
def reference_data(db):
    """Reference data present even after a transactional test flushed the tables."""
    from friendship_union.reference.loaders import load_all
    from friendship_union.reference.models import AdministrativeUnit

    if not AdministrativeUnit.objects.exists():
        load_all()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (never a downloaded build) with the flags a root CI box needs."""
    path = chromium_path()
    if path is None:
        message = f"Chromium not found at {CHROMIUM}: browser tests cannot run (apt-get install chromium)."
        if REQUIRE_BROWSER:
            pytest.fail(message + " FU_REQUIRE_BROWSER=1 makes this a failure.", pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught page error (CSP violations are console errors in Chromium)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    return errors


def pytest_runtest_logreport(report):
    if report.skipped and "Chromium not found" in str(report.longrepr):
        _skipped_browser_tests.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser_tests:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_skipped_browser_tests)} browser tests did not run: Chromium is not installed. "
            "Install it (apt-get install chromium) or run .ci/run, which does.",
            red=True,
        )
