"""Backups that restore (`manage.py backup`, `manage.py restore`).

A backup is one folder holding the database in pg_dump's custom format (`database.dump`), MEDIA_ROOT
as `media.tar.gz`, and `manifest.json`: the rows of every table and the applied migrations — both
read in the very snapshot pg_dump dumps, so they describe the dump even while the site keeps
writing — the app version, the time (Asia/Ho_Chi_Minh) and each file's SHA-256.

A restore checks everything before it writes anything (manifest, checksums, every path in the media
archive, migrations the code does not know, an empty target), restores the database in one
transaction, unpacks the media with tarfile's `data` filter, and counts every table again against
the manifest.

Why not dumpdata/loaddata: loaddata saves row by row, so django-simple-history writes historical
rows of its own and the visit triggers add the monthly totals a second time. pg_restore copies the
rows as they were, creates triggers and indexes after the data, and brings sequences, the
`unaccent`/`pg_trgm` extensions and the `vi_unaccent` search configuration along.

Knows no app: tables and migrations are read through the connection, not through models.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
PREFIX = "friendship_union-"

# Relations whose rows pg_dump copies: ordinary and partitioned tables outside the system schemas,
# not the members of an extension (their rows belong to the extension).
USER_TABLES = r"""
SELECT n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e')
ORDER BY 1, 2
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do, in Vietnamese."""


@dataclass
class Restored:
    """What a restore did."""

    manifest: dict
    tables: int
    rows: int
    media_files: int
    pending_migrations: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------
# The database server and its client programs


def require_postgresql(connection: BaseDatabaseWrapper) -> None:
    """A PostgreSQL database that answers (on a new machine: created first, with createdb)."""
    if connection.vendor != "postgresql":
        raise BackupError(
            _(
                "Sao lưu và khôi phục chỉ dành cho PostgreSQL (DATABASE_URL=postgres://…); cơ sở dữ liệu "
                "hiện tại là %(vendor)s."
            )
            % {"vendor": connection.vendor}
        )
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(
            _("Không kết nối được cơ sở dữ liệu “%(name)s” (DATABASE_URL): %(reason)s")
            % {"name": connection.settings_dict["NAME"], "reason": reason}
        ) from None


def client_program(name: str, connection: BaseDatabaseWrapper) -> str:
    """The path of pg_dump or pg_restore, checked to be at least the server's major version (an older
    client cannot read a newer server, and cannot read the archives a newer client wrote)."""
    server = connection.pg_version // 10000
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("Không tìm thấy chương trình %(program)s: hãy cài gói postgresql-client-%(server)s rồi chạy lại.")
            % {"program": name, "server": server}
        )
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", version)
    if found and int(found.group(1)) < server:
        raise BackupError(
            _(
                "%(program)s %(client)s cũ hơn máy chủ PostgreSQL %(server)s: hãy cài gói "
                "postgresql-client-%(server)s rồi chạy lại."
            )
            % {"program": name, "client": found.group(1), "server": server}
        )
    return path


def libpq(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment that connect pg_dump/pg_restore to a database. The
    password goes only into the environment (PGPASSWORD): a command line is visible to every user of
    the machine (`ps`), and nothing here is written to the manifest."""
    options = settings_dict.get("OPTIONS") or {}
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    args += [f"--dbname={settings_dict['NAME']}", "--no-password"]  # never wait for a prompt
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


def run_client(args: list[str], env: dict[str, str], *, failure: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = "\n".join(done.stderr.strip().splitlines()[-5:]) or f"exit {done.returncode}"
        raise BackupError(f"{failure}\n{detail}")


# ---------------------------------------------------------------------------------------------------
# What a database holds


def user_tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(USER_TABLES)
    return [tuple(row) for row in cursor.fetchall()]


def row_counts(cursor, quote_name) -> dict[str, int]:
    """Exact rows of every user table, as {"schema.table": rows}."""
    counts = {}
    for schema, table in user_tables(cursor):
        cursor.execute(f"SELECT count(*) FROM {quote_name(schema)}.{quote_name(table)}")
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor, tables: dict[str, int]) -> dict[str, list[str]]:
    """The rows of django_migrations, as {app: [name, …]} in the order they were applied."""
    applied: dict[str, list[str]] = {}
    if any(name.endswith(".django_migrations") for name in tables):
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            applied.setdefault(app, []).append(name)
    return applied


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this code has on disk, and those its squashed migrations replace."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(tuple(key) for key in migration.replaces or ())
    return known


def app_version() -> str | None:
    """`git describe` of the code, when it is a git checkout and git is installed."""
    try:
        done = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------------
# Backup


def backup(connection: BaseDatabaseWrapper, *, into: Path, media_root: Path | None) -> tuple[Path, dict]:
    """Write a new backup folder under `into`; return it and its manifest. The folder appears only
    when complete (it is written as a hidden `.partial` folder first); it and its files are readable
    by their owner only, since they hold personal contacts. `media_root=None` leaves the media out."""
    require_postgresql(connection)
    pg_dump = client_program("pg_dump", connection)
    created = timezone.localtime()
    into.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{created:%Y%m%d-%H%M%S}"
    final = into / name
    suffix = 1
    while final.exists():
        suffix += 1
        final = into / f"{name}-{suffix}"
    partial = into / f".{final.name}.partial"
    partial.mkdir(mode=0o700)
    try:
        manifest = {"format": FORMAT, "created_at": created.isoformat(), "app_version": app_version()}
        manifest.update(_dump_database(connection, pg_dump, partial / DATABASE_FILE))
        manifest["media"] = _archive_media(media_root, partial / MEDIA_FILE) if media_root else None
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        for path in partial.iterdir():
            path.chmod(0o600)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final, manifest


def _dump_database(connection: BaseDatabaseWrapper, pg_dump: str, target: Path) -> dict:
    """pg_dump in the snapshot of a read-only transaction that counts the rows and reads the migrations
    (pg_export_snapshot / --snapshot): the manifest and the dump see the same data."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            tables = row_counts(cursor, connection.ops.quote_name)
            migrations = applied_migrations(cursor, tables)
            args, env = libpq(connection.settings_dict)
            run_client(
                [pg_dump, *args, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                env,
                failure=_("pg_dump không sao lưu được cơ sở dữ liệu:"),
            )
            cursor.execute("COMMIT")
    finally:
        raw.close()
    return {
        "database": {
            "file": DATABASE_FILE,
            "sha256": sha256(target),
            "bytes": target.stat().st_size,
            "name": connection.settings_dict["NAME"],
            "server_version": server_version,
        },
        "migrations": migrations,
        "tables": tables,
    }


def _archive_media(media_root: Path, target: Path) -> dict:
    """MEDIA_ROOT as a tar.gz of paths relative to it (read after the dump, so every file a record
    names is there)."""
    files = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
                files += path.is_file() and not path.is_symlink()
    return {"file": MEDIA_FILE, "sha256": sha256(target), "bytes": target.stat().st_size, "files": files}


# ---------------------------------------------------------------------------------------------------
# Restore


def read_backup(folder: Path, *, media_root: Path) -> dict:
    """The manifest of a backup folder, once its files are all there and unchanged and every path in
    the media archive stays inside MEDIA_ROOT. Raises BackupError otherwise."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(
            _("Không có tệp %(file)s trong “%(folder)s”: đây không phải thư mục do manage.py backup tạo ra.")
            % {"file": MANIFEST, "folder": folder}
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(manifest.get("format"))
        parts = [manifest["database"]] + ([manifest["media"]] if manifest.get("media") else [])
        expected = {part["file"]: part["sha256"] for part in parts}
        if not isinstance(manifest["tables"], dict) or not isinstance(manifest["migrations"], dict):
            raise ValueError("tables, migrations")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(
            _(
                "Tệp %(file)s trong “%(folder)s” không đọc được hoặc không đúng định dạng %(format)s. "
                "Không khôi phục gì."
            )
            % {"file": MANIFEST, "folder": folder, "format": FORMAT}
        ) from None
    for name, digest in expected.items():
        path = folder / name
        if name not in (DATABASE_FILE, MEDIA_FILE) or not path.is_file():
            raise BackupError(
                _("Thiếu tệp %(file)s trong “%(folder)s”. Không khôi phục gì.") % {"file": name, "folder": folder}
            )
        if sha256(path) != digest:
            raise BackupError(
                _(
                    "Tệp %(file)s không khớp với mã kiểm tra trong %(manifest)s: tệp bị hỏng hoặc đã bị sửa. "
                    "Không khôi phục gì."
                )
                % {"file": name, "manifest": MANIFEST}
            )
    if manifest.get("media"):
        _check_media_archive(folder / MEDIA_FILE, media_root)
    return manifest


def _check_media_archive(path: Path, media_root: Path) -> None:
    """Every member passes tarfile's `data` filter (no absolute path, no `..`, no link out of
    MEDIA_ROOT, no device) before a single file is written."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                try:
                    # The filter would strip a leading "/" and extract the file anyway: a backup never
                    # holds one, so an archive that does was not written by `backup` and is refused.
                    if tarfile.data_filter(member, str(media_root)).name != member.name:
                        raise tarfile.AbsolutePathError(member)
                except tarfile.FilterError:
                    raise BackupError(
                        _(
                            "Tệp %(file)s chứa đường dẫn “%(member)s” ra ngoài thư mục ảnh và tệp tải lên "
                            "(hoặc một liên kết, thiết bị không được phép). Không khôi phục gì."
                        )
                        % {"file": MEDIA_FILE, "member": member.name}
                    ) from None
    except (tarfile.TarError, EOFError, OSError):
        raise BackupError(
            _("Tệp %(file)s không đọc được (hỏng hoặc không phải tar.gz). Không khôi phục gì.") % {"file": MEDIA_FILE}
        ) from None


def check_migrations(manifest: dict) -> None:
    """Refuse a backup whose database has migrations this code does not know: the code is older than
    the data (restore it with the version that wrote it, or a newer one)."""
    known = known_migrations()
    unknown = [
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu mới hơn mã nguồn này: cơ sở dữ liệu đã chạy %(count)d migration mà mã này không có "
                "(%(names)s). Hãy cài phiên bản ứng dụng đã tạo bản sao lưu (%(version)s) hoặc mới hơn rồi khôi phục. "
                "Không khôi phục gì."
            )
            % {
                "count": len(unknown),
                "names": ", ".join(unknown[:5]) + ("…" if len(unknown) > 5 else ""),
                "version": manifest.get("app_version") or "?",
            }
        )


def check_target(connection: BaseDatabaseWrapper, manifest: dict, *, media_root: Path, replace: bool) -> None:
    """The database has no table and MEDIA_ROOT no file — unless `replace`, and then every table of
    the database is one the backup brings back (a table it lacks would survive the restore and
    stand in the way of `migrate`)."""
    with connection.cursor() as cursor:
        tables = [f"{schema}.{table}" for schema, table in user_tables(cursor)]
    name = connection.settings_dict["NAME"]
    if tables and not replace:
        raise BackupError(
            _(
                "Cơ sở dữ liệu “%(name)s” không trống: đã có %(count)d bảng. Hãy khôi phục vào một cơ sở dữ liệu "
                "mới, trống (createdb), hoặc thêm --replace để thay toàn bộ dữ liệu hiện có. Không khôi phục gì."
            )
            % {"name": name, "count": len(tables)}
        )
    foreign = sorted(set(tables) - set(manifest["tables"]))
    if foreign:
        raise BackupError(
            _(
                "Cơ sở dữ liệu “%(name)s” có %(count)d bảng mà bản sao lưu không có (%(tables)s): --replace sẽ để "
                "chúng lại. Hãy khôi phục vào một cơ sở dữ liệu mới, trống. Không khôi phục gì."
            )
            % {
                "name": name,
                "count": len(foreign),
                "tables": ", ".join(foreign[:5]) + ("…" if len(foreign) > 5 else ""),
            }
        )
    if manifest.get("media") and media_root.is_dir() and any(media_root.iterdir()) and not replace:
        raise BackupError(
            _(
                "Thư mục ảnh và tệp tải lên “%(path)s” không trống. Hãy dùng một thư mục trống (DJANGO_MEDIA_ROOT), "
                "hoặc thêm --replace để ghi đè các tệp trùng tên. Không khôi phục gì."
            )
            % {"path": media_root}
        )


def restore(connection: BaseDatabaseWrapper, folder: Path, *, media_root: Path, replace: bool = False) -> Restored:
    """Restore a backup folder into the database and MEDIA_ROOT, then count every table against the
    manifest. Nothing is written unless every check passes; the database is restored in one
    transaction (a failure leaves it as it was). Raises BackupError."""
    require_postgresql(connection)
    pg_restore = client_program("pg_restore", connection)
    manifest = read_backup(folder, media_root=media_root)
    check_migrations(manifest)
    check_target(connection, manifest, media_root=media_root, replace=replace)

    args, env = libpq(connection.settings_dict)
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if replace:
        options += ["--clean", "--if-exists"]
    connection.close()  # hold no lock on the tables pg_restore replaces
    run_client(
        [pg_restore, *args, *options, str(folder / DATABASE_FILE)],
        env,
        failure=_("pg_restore không khôi phục được cơ sở dữ liệu (không có gì thay đổi):"),
    )
    media_files = 0
    if manifest.get("media"):
        try:
            media_root.mkdir(parents=True, exist_ok=True)
            with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
                archive.extractall(media_root, filter="data")
        except (OSError, tarfile.TarError) as exc:
            raise BackupError(
                _(
                    "Đã khôi phục cơ sở dữ liệu nhưng chưa giải nén xong ảnh và tệp tải lên vào “%(path)s”: "
                    "%(reason)s. Sửa lỗi rồi chạy lại với --replace."
                )
                % {"path": media_root, "reason": exc}
            ) from None
        media_files = manifest["media"]["files"]

    with connection.cursor() as cursor:
        counts = row_counts(cursor, connection.ops.quote_name)
    differences = [
        f"{table}: {manifest['tables'].get(table, '—')} → {counts.get(table, '—')}"
        for table in sorted(set(counts) | set(manifest["tables"]))
        if counts.get(table) != manifest["tables"].get(table)
    ]
    if differences:
        raise BackupError(
            _(
                "Số dòng sau khi khôi phục không khớp với %(manifest)s ở %(count)d bảng "
                "(bản kê → đã khôi phục): %(tables)s"
            )
            % {"manifest": MANIFEST, "count": len(differences), "tables": "; ".join(differences[:10])}
        )
    return Restored(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=media_files,
        pending_migrations=_pending_migrations(connection),
    )


def _pending_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
