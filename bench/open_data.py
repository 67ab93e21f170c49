"""Benchmark: the streamed data files on a dataset N times the demo — the IATI activities file, and the
aid items' and delegations' CSV and JSON: time to the last byte (and this process's CPU time, the
part a busy machine does not inflate), size, and the largest amount of
memory Python held while building them (tracemalloc), which stays far below the file's size when the
file is streamed. Scratch database BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/friendship_union_bench_open), rebuilt unless --reuse.

    .venv/bin/python bench/open_data.py [FACTOR] [--reuse]
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import recreate_database, use_scratch_database

BENCH_URL = use_scratch_database("friendship_union_bench_open")


URLS = [
    "/iati/activities.xml",
    "/vien-tro/?format=csv",
    "/vien-tro/?format=json",
    "/doan-ra-doan-vao/?format=csv",
    "/doan-ra-doan-vao/?format=json",
]


def main(factor: int, reuse: bool) -> None:
    if not reuse:
        recreate_database(BENCH_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from friendship_union.aid.models import AidBudget, AidItem
    from friendship_union.core.models import SiteIdentity

    call_command("migrate", verbosity=0)
    if not reuse:
        started = time.monotonic()
        call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
        call_command("generate_scale_data", factor=factor, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"dataset ×{factor} built in {time.monotonic() - started:.0f} s")
    identity = SiteIdentity.current()
    if not identity.iati_org_identifier:
        identity.iati_org_identifier = "VN-COA-1234567"
        identity.save()
    print(f"{AidItem.objects.public().count()} public aid items, {AidBudget.objects.count()} budgets")
    client = Client()

    def download(url: str) -> tuple[float, float, int, int]:
        started, cpu = time.perf_counter(), time.process_time()
        size = pieces = 0
        for piece in client.get(url).streaming_content:
            size += len(piece)
            pieces += 1
        return time.perf_counter() - started, time.process_time() - cpu, size, pieces

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for url in URLS:
        seconds, cpu, size, pieces = download(url)
        print(f"{url:34} {seconds:6.1f} s (Python CPU {cpu:5.1f} s)  {size / 1e6:7.1f} MB in {pieces:6} pieces")
    # Again, for the memory held (tracemalloc slows Python: not timed): the highest, and what is held
    # in the first and the last quarter of the file — a chunk of records at a time, not growing.
    for url in URLS[:2]:
        tracemalloc.start()
        held = []
        for _piece in client.get(url).streaming_content:
            held.append(tracemalloc.get_traced_memory()[0])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        quarter = max(len(held) // 4, 1)
        print(
            f"{url:34} peak Python memory {peak / 1e6:5.1f} MB; held at most {max(held[:quarter]) / 1e6:5.1f} MB "
            f"in the first quarter of the file, {max(held[-quarter:]) / 1e6:5.1f} MB in the last"
        )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 100, "--reuse" in sys.argv)
