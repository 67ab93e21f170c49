"""Benchmark: server time of the dashboard page and the JSON summary on a dataset N times the demo.
Target: under 300 ms each. Scratch database BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/friendship_union_bench_dash), rebuilt unless --reuse.

    make bench-dashboard                     # or: .venv/bin/python bench/dashboard.py [FACTOR] [--reuse]
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/friendship_union_bench_dash")
os.environ["DATABASE_URL"] = BENCH_URL
# Production-like settings (DEBUG off: no per-query logging), plain HTTP on the test client.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendship_union.settings")


def recreate_database():
    import environ
    import psycopg2

    config = environ.Env.db_url_config(BENCH_URL)
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


def main(factor: int, reuse: bool) -> None:
    if not reuse:
        recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from friendship_union.core.tests.factories import UserFactory
    from friendship_union.core.versioning import bump_records_version

    if reuse:
        call_command("migrate", verbosity=0)
    else:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
        call_command("generate_scale_data", factor=factor, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"dataset ×{factor} built in {time.monotonic() - started:.0f} s")
    user = UserFactory(username="bench-leader", role="leadership")  # get_or_create
    client = Client()
    client.force_login(user)
    over = 0
    for label, url in [
        ("dashboard 2003–2015", "/bang-dieu-khien/?tu=2003&den=2015"),
        ("dashboard all time", "/bang-dieu-khien/?tat_ca=1"),
        ("json 2003–2015", "/bang-dieu-khien/tong-hop.json?from=2003&to=2015"),
    ]:
        cold = []
        for _ in range(5):  # right after a change to the records: everything computed
            bump_records_version()
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            cold.append((time.perf_counter() - started) * 1000)
        warm = []
        for _ in range(10):  # records unchanged since the last view: figures from the cache
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            warm.append((time.perf_counter() - started) * 1000)
        # The target is judged on the worst case a leader meets: the first view after a change.
        verdict = "OK" if statistics.median(cold) < 300 else "OVER"
        over += verdict == "OVER"
        print(
            f"{label:22} after a change: median {statistics.median(cold):5.0f} ms min {min(cold):5.0f} ms · "
            f"unchanged: median {statistics.median(warm):4.0f} ms max {max(warm):4.0f} ms · "
            f"target<300ms after a change: {verdict}"
        )
    return over


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(1 if main(int(args[0]) if args else 100, "--reuse" in sys.argv) else 0)
