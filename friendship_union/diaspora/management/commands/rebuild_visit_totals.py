"""Recount the monthly homeland-visit totals from the visits (after visits were loaded row by row, e.g.
with loaddata; `manage.py restore` needs no recount)."""

from django.core.management.base import BaseCommand

from friendship_union.core.versioning import bump_records_version
from friendship_union.diaspora.models import VisitMonthTotal


class Command(BaseCommand):
    help = (
        "Tính lại tổng lượt về thăm theo tháng từ các bản ghi (chạy sau khi nạp từng dòng lượt về thăm, "
        "ví dụ bằng loaddata; lệnh restore không cần)."
    )

    def handle(self, *args, **options):
        months = VisitMonthTotal.rebuild()
        bump_records_version()  # the dashboard's cached figures read these totals
        self.stdout.write(f"Đã tính lại {months} tháng.")
