"""The test database's starting point, built once and copied (used by conftest.py).

Migrating an empty database takes about a minute of CPU here (Django renders the models' state again
for every operation, and the history models all point at the user model), and loading the reference
data another 13 s; every pytest-xdist worker paid both at the start of every run. Instead the first
worker migrates a database and loads the reference data into it, under a PostgreSQL advisory lock,
and keeps it as a template named by a hash of what it was made from (migrations, the apps' role
declarations, the reference data and its loaders, core, settings, fixtures, requirements). Every
worker's test database is then `CREATE DATABASE … TEMPLATE` of it (about a second), and the next run
with the same inputs reuses the template. A change to any of those files gives another name, so a
template is never used for code it was not made by; the oldest templates beyond the newest few are
dropped.

Nothing depends on a template being there: without one, it is built (the same minute as before, on
one core while the other worker waits), and `FU_TEST_DB_TEMPLATE=0` turns the whole thing off.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "friendship_union"
PREFIX = "fu_template_"
KEEP = 3  # templates kept (newest first): another checkout or branch may use an older one
LOCK = 7_346_120_211  # pg_advisory_lock key: "the test template is being built"


def inputs() -> list[Path]:
    """Every file whose content the template depends on."""
    files = [*PACKAGE.glob("*/migrations/*.py"), *PACKAGE.glob("*/apps.py"), *PACKAGE.glob("core/*.py")]
    files += [p for p in (PACKAGE / "reference").rglob("*.py") if "tests" not in p.parts]
    files += [p for p in (ROOT / "fixtures").rglob("*") if p.is_file()]
    files += [PACKAGE / "settings.py", Path(__file__), ROOT / "requirements.txt"]
    return sorted(set(files))


def template_name() -> str:
    digest = hashlib.sha256()
    for path in inputs():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return PREFIX + digest.hexdigest()[:20]


def enabled() -> bool:
    return os.environ.get("FU_TEST_DB_TEMPLATE", "1") != "0"


def _connect(database: dict):
    import psycopg2

    connection = psycopg2.connect(
        dbname="postgres",
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


def _url(database: dict, name: str) -> str:
    from urllib.parse import quote

    user = quote(database.get("USER") or "")
    password = f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{user}{password}{'@' if user else ''}{host}{port}/{name}"


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _drop(cursor, name: str) -> None:
    cursor.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false ALLOW_CONNECTIONS true')
    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure(database: dict) -> str:
    """The name of a template database holding the migrated schema and the reference data, built now
    if none was made from the present files. Safe to call from several processes at once."""
    name = template_name()
    connection = _connect(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
            try:
                if not _exists(cursor, name):
                    _build(cursor, database, name)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    finally:
        connection.close()
    return name


def _build(cursor, database: dict, name: str) -> None:
    building = f"{name}_building"
    cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    cursor.execute(f'CREATE DATABASE "{building}"')
    environment = {**os.environ, "DATABASE_URL": _url(database, building)}
    try:
        for command in (["migrate", "--noinput", "-v0"], ["load_reference", "-v0"]):
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), *command],
                env=environment,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
    except BaseException:
        cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        raise
    cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    cursor.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
    # The newest few stay (another checkout may be on other migrations); older ones go.
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname NOT LIKE %s ORDER BY oid DESC",
        [PREFIX + "%", "%_building"],
    )
    for (old,) in cursor.fetchall()[KEEP:]:
        _drop(cursor, old)
