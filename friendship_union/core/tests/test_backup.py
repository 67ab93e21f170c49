"""Backups that restore (#12): `manage.py backup` of the test database holding the demo data (reference
data and demo rows are committed there, so pg_dump sees them), `manage.py restore` into a new, empty
database by another process, as an operator would run it; then every table has the rows it had, the
visit triggers and sequences work, the site renders from the copy — and every refusal leaves the
database and the media as they were."""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from friendship_union.core.backups import libpq, sha256
from friendship_union.core.models import SiteIdentity

# Given to the backup's connection (the test server trusts local connections, so it is not checked):
# it must reach pg_dump only through the environment, and never the manifest.
PASSWORD = "mật-khẩu-không-được-lộ-7Qx"
MEDIA = {"albums/2025/ảnh Đất Mũi.jpg": b"\xff\xd8\xff\xe0 not really a jpeg", "van-ban/Quyết định 12.pdf": b"%PDF-1"}
DELEGATION = "Tổng Lãnh sự Nhật Bản tại TP. Hồ Chí Minh thăm Đất Mũi"  # demo: a delegation and an article


def public_tables(conn) -> dict[str, int]:
    """Rows of every table, read on its own here (not with the code under test)."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def connect(dbname: str):
    """A connection of its own, outside the test's transaction: it sees only committed rows."""
    raw = connection.get_new_connection({**connection.get_connection_params(), "dbname": dbname})
    raw.autocommit = True
    return raw


def database_url(dbname: str) -> str:
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{dbname}"


def manage(*args, dbname: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url(dbname), "DJANGO_MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def restored(demo_once, django_db_blocker, tmp_path_factory):
    """Back up the test database (demo data committed) with media, then restore it into a new database
    from another process."""
    tmp = tmp_path_factory.mktemp("backup")
    media = tmp / "media"
    for name, content in MEDIA.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    source_name = connection.settings_dict["NAME"]
    scratch = f"{source_name}_restored"[:63]
    drop = f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'
    with django_db_blocker.unblock():
        server = connect("postgres")
        with server.cursor() as cursor:
            cursor.execute(drop)
            cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        with django_db_blocker.unblock():
            done = back_up_and_restore(tmp, media, source_name, scratch)
        yield done
    finally:
        with django_db_blocker.unblock(), server.cursor() as cursor:
            cursor.execute(drop)
        server.close()


def back_up_and_restore(tmp: Path, media: Path, source_name: str, scratch: str) -> SimpleNamespace:
    source = connect(source_name)
    try:
        source_counts = public_tables(source)
        with source.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            source_migrations = cursor.fetchall()
    finally:
        source.close()
    out = io.StringIO()
    real_password = connection.settings_dict["PASSWORD"]
    connection.settings_dict["PASSWORD"] = PASSWORD
    try:
        with override_settings(MEDIA_ROOT=media):
            call_command("backup", output=str(tmp / "backups"), stdout=out)
    finally:
        connection.settings_dict["PASSWORD"] = real_password
    [folder] = (tmp / "backups").iterdir()
    return SimpleNamespace(
        tmp=tmp,
        folder=folder,
        manifest_text=(folder / "manifest.json").read_text(encoding="utf-8"),
        backup_output=out.getvalue(),
        source_counts=source_counts,
        source_migrations=source_migrations,
        scratch=scratch,
        result=manage("restore", str(folder), dbname=scratch, media_root=tmp / "restored-media"),
    )


def test_restore_brings_back_every_row_and_file(restored, demo):
    assert restored.result.returncode == 0, restored.result.stderr
    assert "khớp với bản kê" in restored.result.stdout
    copy = connect(restored.scratch)
    try:
        restored_counts = public_tables(copy)
    finally:
        copy.close()
    assert len(restored_counts) >= 100
    assert restored_counts == restored.source_counts
    # Where loaddata failed (history rows) or counted twice (monthly totals), and the bulk of the data.
    for table in ("aid_aiditem", "aid_historicalaiditem", "diaspora_visitmonthtotal", "reference_administrativeunit"):
        assert restored_counts[table] > 0, table
    for name, content in MEDIA.items():
        assert (restored.tmp / "restored-media" / name).read_bytes() == content


def test_restored_database_keeps_triggers_sequences_and_search(restored, demo):
    copy = connect(restored.scratch)
    recount = (
        "SELECT month, records, visitors FROM diaspora_visitmonthtotal WHERE records <> 0 EXCEPT "
        "SELECT date_trunc('month', date)::date, count(*), sum(visitors) FROM diaspora_homelandvisit GROUP BY 1"
    )
    try:
        with copy.cursor() as cursor:
            cursor.execute(recount)
            assert cursor.fetchall() == []  # the totals were copied, not counted twice
            cursor.execute("SELECT coalesce(sum(visitors), 0) FROM diaspora_visitmonthtotal WHERE month = '2031-05-01'")
            before = cursor.fetchone()[0]
            cursor.execute(  # no id given: the sequence must be past the restored rows
                "INSERT INTO diaspora_homelandvisit (date, visitors, group_description, purpose, created_at, "
                "updated_at) VALUES ('2031-05-09', 7, 'Đoàn sau khôi phục', '', now(), now())"
            )
            cursor.execute("SELECT visitors FROM diaspora_visitmonthtotal WHERE month = '2031-05-01'")
            assert cursor.fetchone()[0] == before + 7  # the trigger keeps the totals
            cursor.execute(recount)
            assert cursor.fetchall() == []
    finally:
        copy.close()
    pages = manage(
        "shell",
        "--no-imports",
        "-c",
        "import json; from django.test import Client; c = Client(); "
        "print(json.dumps({u: [r.status_code, r.content.decode()] for u in ('/', '/tim-kiem/?q=dat+mui') "
        "for r in [c.get(u)]}))",
        dbname=restored.scratch,
        media_root=restored.tmp / "restored-media",
    )
    assert pages.returncode == 0, pages.stderr
    found = json.loads(pages.stdout.strip().splitlines()[-1])
    home_status, home = found["/"]
    assert home_status == 200
    assert SiteIdentity.objects.get().name in home
    search_status, search = found["/tim-kiem/?q=dat+mui"]
    assert search_status == 200
    # "dat mui" finds Đất Mũi: the unaccent extension and the vi_unaccent configuration came along.
    assert DELEGATION in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", search))


def test_manifest_counts_rows_and_migrations_and_names_no_password(restored, demo):
    manifest = json.loads(restored.manifest_text)
    assert {table.removeprefix("public."): rows for table, rows in manifest["tables"].items()} == (
        restored.source_counts
    )
    applied = [(app, name) for app, names in manifest["migrations"].items() for name in names]
    assert sorted(applied) == sorted(restored.source_migrations)
    assert manifest["created_at"].endswith("+07:00")  # Asia/Ho_Chi_Minh
    described = subprocess.run(
        ["git", "describe", "--tags", "--always", "--dirty"], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert manifest["app_version"] == (described.stdout.strip() if described.returncode == 0 else None)
    assert manifest["media"]["files"] == len(MEDIA)
    assert PASSWORD not in restored.manifest_text
    assert quote(PASSWORD) not in restored.manifest_text
    assert "Đã sao lưu" in restored.backup_output
    assert stat_mode(restored.folder) == 0o700 and stat_mode(restored.folder / "database.dump") == 0o600


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_password_reaches_pg_dump_only_through_its_environment():
    args, env = libpq(
        {"NAME": "hoso", "USER": "friendship", "PASSWORD": PASSWORD, "HOST": "db", "PORT": 5432, "OPTIONS": {}}
    )
    assert not any(PASSWORD in arg for arg in args)  # a command line is visible to `ps`
    assert env["PGPASSWORD"] == PASSWORD
    assert "--dbname=hoso" in args and "--no-password" in args


def restore_here(folder: Path, media_root: Path) -> str:
    """Restore into the test database (which has tables): return the refusal."""
    with override_settings(MEDIA_ROOT=media_root), pytest.raises(CommandError) as refused:
        call_command("restore", str(folder), stdout=io.StringIO())
    return str(refused.value)


def test_restore_refuses_a_database_that_has_tables(restored, demo, tmp_path):
    before = public_tables(connection)
    message = restore_here(restored.folder, tmp_path / "media")
    assert f"Cơ sở dữ liệu “{connection.settings_dict['NAME']}” không trống" in message
    assert "--replace" in message and "Không khôi phục gì." in message
    assert public_tables(connection) == before
    assert not (tmp_path / "media").exists()


def test_restore_refuses_a_backup_newer_than_the_code(restored, demo, tmp_path):
    folder = Path(shutil.copytree(restored.folder, tmp_path / "newer"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["migrations"]["aid"].append("9999_from_a_newer_version")
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    message = restore_here(folder, tmp_path / "media")
    assert "Bản sao lưu mới hơn mã nguồn này" in message
    assert "aid.9999_from_a_newer_version" in message


def reseal(folder: Path) -> None:
    """Give the manifest the checksum of the media archive as it is now: a backup tampered with by
    someone who also rewrote its manifest."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["media"]["sha256"] = sha256(folder / "media.tar.gz")
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def hostile_media(folder: Path, add) -> None:
    """Replace the media archive by one that `add(archive)` writes."""
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        add(archive)
    reseal(folder)


def member(name: str, content: bytes = b"x", **fields) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    for key, value in fields.items():
        setattr(info, key, value)
    return info, io.BytesIO(content)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("manifest", "đây không phải thư mục do manage.py backup tạo ra"),
        ("dump", "Tệp database.dump không khớp với mã kiểm tra"),
        ("traversal", "chứa đường dẫn “../../escaped.txt” ra ngoài"),
        ("absolute", "chứa đường dẫn “/tmp/escaped-absolute.txt” ra ngoài"),
        ("link", "chứa đường dẫn “passwd” ra ngoài"),
        ("truncated", "Tệp media.tar.gz không đọc được"),
    ],
)
def test_restore_refuses_a_damaged_or_hostile_backup(restored, demo, tmp_path, damage, message):
    folder = Path(shutil.copytree(restored.folder, tmp_path / "backup"))
    if damage == "manifest":
        (folder / "manifest.json").unlink()
    elif damage == "dump":
        with (folder / "database.dump").open("r+b") as dump:
            dump.seek(-10, os.SEEK_END)
            dump.write(b"0123456789")
    elif damage == "traversal":
        hostile_media(folder, lambda a: a.addfile(*member("../../escaped.txt")))
    elif damage == "absolute":
        hostile_media(folder, lambda a: a.addfile(*member("/tmp/escaped-absolute.txt")))
    elif damage == "link":
        hostile_media(
            folder, lambda a: a.addfile(member("passwd", b"", type=tarfile.SYMTYPE, linkname="/etc/passwd")[0])
        )
    elif damage == "truncated":
        hostile_media(folder, lambda a: a.addfile(*member("albums/big.jpg", os.urandom(200_000))))
        path = folder / "media.tar.gz"
        path.write_bytes(path.read_bytes()[:50_000])
        reseal(folder)
    before = public_tables(connection)
    media_root = tmp_path / "deep" / "down" / "media"
    refusal = restore_here(folder, media_root)
    assert message in refusal
    assert public_tables(connection) == before
    assert not (tmp_path / "deep").exists()
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/escaped-absolute.txt").exists()


def test_replace_restores_over_a_database_restored_before(restored, demo):
    """--replace: the same backup again over a changed copy (stop the site first) gives the backup's rows."""
    copy = connect(restored.scratch)
    try:
        with copy.cursor() as cursor:
            cursor.execute("DELETE FROM aid_historicalaiditem")
    finally:
        copy.close()
    again = manage(
        "restore", "--replace", str(restored.folder), dbname=restored.scratch, media_root=restored.tmp / "m2"
    )
    assert again.returncode == 0, again.stderr
    copy = connect(restored.scratch)
    try:
        assert public_tables(copy) == restored.source_counts
    finally:
        copy.close()
