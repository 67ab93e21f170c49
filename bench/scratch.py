"""What every benchmark shares: a scratch PostgreSQL database (BENCH_DATABASE_URL, or the script's
default) and production-like settings — DEBUG off (no per-query logging), plain HTTP for the test
client. Import before Django is set up."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_scratch_database(default_name: str) -> str:
    """Point Django at the scratch database and production-like settings; returns its URL."""
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{default_name}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_HTTPS", "0")
    os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendship_union.settings")
    use_shared_cache()
    return url


def _redis_up(host: str = "127.0.0.1", port: int = 6379) -> bool:
    import socket

    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def use_shared_cache() -> None:
    """The cache production has (Redis) when this machine runs one and CACHE_URL is not given: the
    local-memory cache keeps 300 entries, and the refresh's figures at ×100 (every partner page's
    three parts are 255) push others out of it — the dashboard's default view among them."""
    if "CACHE_URL" not in os.environ and _redis_up():
        os.environ["CACHE_URL"] = "redis://127.0.0.1:6379/5"


def recreate_database(url: str) -> None:
    """Drop and create the database named in `url` (connecting to the server's `postgres` database)."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        password=config["PASSWORD"] or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    connection.close()
