"""Import a spreadsheet of records (the same rules as the admin import), or write the template.

manage.py import_records aid-items ds-vien-tro.xlsx --dry-run
manage.py import_records partners doi-tac.csv
manage.py import_records aid-items --template mau-vien-tro.xlsx
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from friendship_union.core.imports import import_kinds, read_dataset, resource_for, result_messages
from friendship_union.core.imports_jobs import Progress
from friendship_union.core.resources import template_workbook


class BarProgress(Progress):
    """A progress bar on stderr (only on a terminal: logs and pipes get the summary alone): rows
    checked, and rows written beside it."""

    def __init__(self, total: int, stream, dry_run: bool):
        super().__init__()
        self.bar = tqdm(
            total=total,
            file=stream,
            unit=" dòng",
            desc="Kiểm tra" if dry_run else "Kiểm tra và ghi",
            disable=None,
            dynamic_ncols=True,
        )

    def changed(self, name) -> None:
        if name == "rows_validated":
            self.bar.update(self.counts["rows_validated"] - self.bar.n)
        elif name == "rows_written":
            self.bar.set_postfix_str(f"đã ghi {self.counts['rows_written']}", refresh=False)

    def close(self) -> None:
        self.bar.close()


class Command(BaseCommand):
    help = "Nhập hồ sơ từ tệp xlsx/csv (tất cả hoặc không gì cả), hoặc tạo tệp mẫu."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Loại dữ liệu: " + ", ".join(import_kinds()))
        parser.add_argument("file", nargs="?", help="Tệp .xlsx hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument("--template", metavar="OUT.xlsx", help="Ghi tệp mẫu với tiêu đề cột rồi dừng.")

    def handle(self, *args, kind, file, dry_run, template, **options):
        try:
            resource = resource_for(kind)
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        if template:
            Path(template).write_bytes(template_workbook(resource))
            self.stdout.write(f"Đã ghi tệp mẫu: {template}")
            return
        if not file:
            raise CommandError("Cần đường dẫn tệp (hoặc --template OUT.xlsx).")
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không có tệp {path}.")
        started = time.monotonic()
        try:
            dataset = read_dataset(path)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        progress = BarProgress(len(dataset), self.stderr._out, dry_run)
        try:
            result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, progress=progress)
        finally:
            progress.close()
        problems = result_messages(result)
        elapsed = time.monotonic() - started
        if problems:
            for message in problems:
                self.stderr.write(message)
            raise CommandError(f"{len(problems)} lỗi trong {len(dataset)} dòng — không ghi gì. ({elapsed:.1f} giây)")
        counts = result.counts  # blank rows and the template's example row are no rows
        verb = "Kiểm tra xong (chưa ghi)" if dry_run else "Đã nhập"
        self.stdout.write(
            f"{verb}: {counts['new']} mới, {counts['update']} cập nhật, "
            f"{counts['skip']} không đổi — {sum(counts.values())} dòng, {elapsed:.1f} giây."
        )
