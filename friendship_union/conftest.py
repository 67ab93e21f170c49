"""Shared test fixtures: Playwright on Debian's Chromium, console-error capture, small factories."""

import io
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


class Snapshot:
    """Rows of some tables, copied out of PostgreSQL with COPY and kept in memory, so a transactional
    test (browser tests), whose tables are emptied after it, gets them back in milliseconds instead of
    loading them again from their sources (reference data: ~6 s; demo data: ~20 s). Kept in memory,
    not in the database, so the backup round-trip test sees only the project's own tables."""

    def __init__(self, tables: list[str]):
        from django.db import connection

        self.data: dict[str, tuple[list[str], bytes]] = {}
        with connection.cursor() as cursor:
            for table in tables:
                columns = _insertable_columns(cursor, table)
                buffer = io.BytesIO()
                cursor.copy_expert(f'COPY "{table}" ({", ".join(columns)}) TO STDOUT (FORMAT binary)', buffer)
                self.data[table] = (columns, buffer.getvalue())

    def restore(self, only_empty: bool = True) -> None:
        """Copy the rows back: into each table that is empty now (only_empty), or into every table
        after emptying all of the project's tables (the database as it was when taken)."""
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            # Triggers (foreign-key checks among them) are off while the rows, consistent when taken, go back.
            cursor.execute("SET session_replication_role = replica")
            try:
                if not only_empty:
                    empty(cursor, nonempty_tables(cursor))
                for table, (columns, rows) in self.data.items():
                    if only_empty:
                        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
                        if cursor.fetchone()[0]:
                            continue
                    copy = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN (FORMAT binary)'
                    cursor.copy_expert(copy, io.BytesIO(rows))
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            models = [m for m in django_models() if m._meta.db_table in self.data]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def nonempty_tables(cursor) -> set[str]:
    from django.db import connection

    every = connection.introspection.django_table_names(only_existing=True)
    cursor.execute(" UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in every))
    return {t for (t,) in cursor.fetchall()}


def empty(cursor, tables) -> None:
    """DELETE, not TRUNCATE: these tables hold a few thousand rows at most, and TRUNCATE costs a file
    operation per table (~3 s for all of them). Run with triggers off (session_replication_role), so
    the order does not matter; the caller leaves no row pointing at a deleted one."""
    for table in tables:
        cursor.execute(f'DELETE FROM "{table}"')


def _insertable_columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [f'"{name}"' for (name,) in cursor.fetchall()]


def django_models():
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def filled_tables() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        tables = []
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
            if cursor.fetchone()[0]:
                tables.append(table)
    return tables


def fingerprints(tables: list[str]) -> dict[str, str]:
    """A hash of each table's rows, in one query: to tell whether a test changed them."""
    from django.db import connection

    row = "md5(r::text)"
    parts = [f"SELECT '{t}', (SELECT md5(string_agg({row}, '' ORDER BY {row})) FROM \"{t}\" r)" for t in tables]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


class Baseline:
    """The database every test starts from: migrations, the rows post_migrate makes (content types,
    permissions, the roles' groups) and the reference data. After a transactional test Django would
    flush every table and emit post_migrate again (~6 s a test here: 120 TRUNCATEs, 460 permissions
    and the reference data loaded again); instead only the tables the test wrote are emptied, and
    the baseline's own tables are copied back only if the test changed them."""

    def __init__(self):
        self.tables = filled_tables()
        self.snapshot = Snapshot(self.tables)
        self.prints = fingerprints(self.tables)

    def reset(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            written = nonempty_tables(cursor) - set(self.tables)
            changed = {t for t, value in fingerprints(self.tables).items() if value != self.prints[t]}
            cursor.execute("SET session_replication_role = replica")
            try:
                empty(cursor, written | changed)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
        self.snapshot.restore()  # the baseline's tables emptied above


_SNAPSHOTS: dict[str, Snapshot] = {}
_BASELINE: list[Baseline] = []


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_keepdb, django_db_createdb):
    """Each worker's test database is a copy of a template holding the migrated schema and the
    reference data (testing_db.py), made once for the present migrations and reference files."""
    from django.conf import settings

    from friendship_union import testing_db

    if not testing_db.enabled() or (django_db_keepdb and not django_db_createdb):
        return
    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["TEMPLATE"] = testing_db.ensure(database)
    _FROM_TEMPLATE.append(True)


_FROM_TEMPLATE: list[bool] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (units of both eras, countries, currencies, sectors) loaded once per run (in
    the template the database was copied from, or now); the database as it is then is the baseline
    that transactional tests are reset to."""
    from django.test import TransactionTestCase

    from friendship_union.reference.loaders import load_all

    with django_db_blocker.unblock():
        if not _FROM_TEMPLATE:
            load_all()
        _BASELINE.append(Baseline())

    def _fixture_teardown(self):
        _BASELINE[0].reset()

    TransactionTestCase._fixture_teardown = _fixture_teardown


_DEMO = {"loaded": False}


@pytest.fixture(scope="session")
def demo_once(django_db_setup, django_db_blocker):
    """The demo data (Cà Mau, as `make run` loads it without the development-only accounts and drawn
    photos), loaded once per test run and committed. Tests asking for `demo` run after every other
    database test of their kind (see pytest_collection_modifyitems), so the rows are seen only by
    them; each such test still runs in its own rolled-back transaction."""
    from django.core.management import call_command
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(DEMO_MODE=False):
        call_command("load_demo", stdout=io.StringIO())
        _SNAPSHOTS["demo"] = Snapshot(filled_tables())
    _DEMO["loaded"] = True


@pytest.fixture(autouse=True)
def _transactional_tests_start_without_the_committed_demo(request, django_db_blocker):
    """The committed demo rows are for the tests asking for `demo`; the first transactional test
    after them (flushed only at its end) would otherwise start with them, and a test creating the
    site identity would collide with the demo's."""
    if _DEMO["loaded"] and not _DEMO.get("flushed") and _database_group(request.node) == 1:
        with django_db_blocker.unblock():
            _BASELINE[0].reset()
        _DEMO["flushed"] = True


@pytest.fixture
def demo(demo_once, reference_data):
    """Demo data present for this test (loaded once per run; see demo_once)."""


@pytest.fixture
def short_admin_lists(monkeypatch):
    """Admin lists of a few rows: for the walks over every admin page (fuzz, role matrix, figure
    links), which check what a list answers, counts and offers, not how its hundredth row is drawn
    (a full page of 100 rows is ~40 % of a list's time; the lists' rows are drawn by the tests that
    look at them, such as the widths test)."""
    from django.contrib import admin

    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "list_per_page", 3)
        monkeypatch.setattr(model_admin, "list_max_show_all", 3)


@pytest.fixture
def demo_transactional(transactional_db, demo_once, settings):
    """Demo data for a transactional test (browser tests): tables are flushed after each such test,
    so the database is put back as the demo load left it (the first fixture to touch the database)."""
    settings.DEMO_MODE = False
    _SNAPSHOTS["demo"].restore(only_empty=False)


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
    from friendship_union.reference.models import AdministrativeUnit

    if not AdministrativeUnit.objects.exists():
        _BASELINE[0].snapshot.restore()


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
