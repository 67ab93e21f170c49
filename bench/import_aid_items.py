"""Benchmark: import a generated 10,000-row aid-item xlsx, preview (dry run) then confirm, the way
the admin does it. Target (issue #18): 10 s for both on the project's 2-core machine (it was 30 s).

    make bench-import            # or: .venv/bin/python bench/import_aid_items.py [ROWS]

Runs on a scratch PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/friendship_union_bench), created afresh each run.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import recreate_database, use_scratch_database

BENCH_URL = use_scratch_database("friendship_union_bench")


def main(rows: int) -> None:
    recreate_database(BENCH_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from openpyxl import Workbook

    from friendship_union.aid.models import AidItem
    from friendship_union.aid.resources import AidItemResource
    from friendship_union.core.imports import read_dataset, result_messages
    from friendship_union.core.tests.factories import make_identity
    from friendship_union.partners import demo as partner_demo
    from friendship_union.reference import demo as rate_demo
    from friendship_union.reference.models import AdministrativeUnit

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))
    make_identity()
    rate_demo.load()
    partner_demo.load()

    rng = random.Random(10000)
    communes = list(
        AdministrativeUnit.objects.legacy().communes().filter(province__key="ca mau").select_related("parent")
    )
    places = [f"{c.short_name}, {c.parent.short_name}" for c in communes]
    donors = [f"DEMO-{i:03d}" for i in range(1, 79)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    headers = AidItemResource().get_user_visible_headers()
    sheet.append(headers)
    for i in range(rows):
        year = rng.randint(2003, 2024)
        values = {
            "Mã": f"BENCH-{i:05d}",
            "Tên": f"Dự án thử nghiệm số {i}",
            "Hình thức": rng.choice(["Dự án", "Phi dự án"]),
            "Loại viện trợ": "Kết hợp",
            "Nhà tài trợ": "; ".join(rng.sample(donors, rng.randint(1, 2))),
            "Chủ khoản viện trợ": "UBND huyện",
            "Lĩnh vực": rng.choice(["11220", "12220:50; 14030:50", "Giáo dục tiểu học", "41030:70; 43040:30"]),
            "Địa bàn": "; ".join(rng.sample(places, rng.randint(1, 2))),
            "Giá trị cam kết": f"{rng.randint(1000, 900000)}",
            "Tiền tệ": rng.choice(["USD", "AUD", "EUR", "JPY"]),
            "Ngày cam kết": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
            "Số quyết định phê duyệt": f"{i}/QĐ-UBND",
            "Ngày phê duyệt": f"01/01/{year}",
            "Cơ quan phê duyệt": "UBND tỉnh",
            "Ngày bắt đầu": f"01/02/{year}",
            "Ngày kết thúc": f"31/12/{year + 1}",
            "Trạng thái": "Đã kết thúc",
            "Vốn đối ứng": "1.000.000",
            "Số người hưởng lợi": rng.randint(10, 5000),
            "Công khai": "Có",
        }
        sheet.append([values.get(h, "") for h in headers])
    path = Path(tempfile.mkdtemp()) / "aid-items.xlsx"
    workbook.save(path)

    # The scratch database was made a minute ago: its statistics are those of empty tables and its
    # migrations' writes are still being flushed to disk. A database staff work in has been analyzed by
    # autovacuum long since; settle this one the same way before timing (run to run, confirm varied
    # 5,7–7,3 s without it).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("CHECKPOINT")
    time.sleep(2)

    started = time.monotonic()
    dataset = read_dataset(path)
    read_s = time.monotonic() - started

    started = time.monotonic()
    preview = AidItemResource().import_data(dataset, dry_run=True, raise_errors=False)
    preview_s = time.monotonic() - started
    problems = result_messages(preview)
    if problems:
        print("\n".join(problems[:20]))
        raise SystemExit(f"{len(problems)} problems in the generated file")

    started = time.monotonic()
    # The confirmation of the file just previewed, as the worker does it: the preview's work reused.
    confirm = AidItemResource().import_data(dataset, dry_run=False, raise_errors=False, reuse=preview.prepared)
    confirm_s = time.monotonic() - started
    assert not result_messages(confirm)
    assert confirm.reused_preview
    assert AidItem.objects.filter(code__startswith="BENCH-").count() == rows

    total = read_s + preview_s + confirm_s
    print(
        f"rows={rows} read={read_s:.1f}s preview={preview_s:.1f}s confirm={confirm_s:.1f}s "
        f"total={total:.1f}s target<=10s {'OK' if total <= 10 else 'OVER'}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
