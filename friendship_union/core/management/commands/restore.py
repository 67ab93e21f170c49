"""Restore a folder written by `manage.py backup` into an empty database and MEDIA_ROOT, then count
every table against the backup's manifest (core.backups).

createdb -O friendship friendship_union                 # a new, empty database (DATABASE_URL)
manage.py restore backups/friendship_union-20261130-020000
manage.py restore THƯ_MỤC --replace                     # over a database restored from this backup before
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from friendship_union.core.backups import BackupError, restore
from friendship_union.core.versioning import versions_past_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một thư mục do manage.py backup tạo ra vào cơ sở dữ liệu trống (DATABASE_URL) và "
        "DJANGO_MEDIA_ROOT, rồi đối chiếu số dòng từng bảng với bản kê."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="THƯ_MỤC", help="Thư mục sao lưu (chứa manifest.json).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Thay dữ liệu của một cơ sở dữ liệu không trống (mọi bảng của nó phải có trong bản sao lưu) "
            "và ghi đè các tệp trùng tên trong DJANGO_MEDIA_ROOT. Hãy dừng trang web trước.",
        )

    def handle(self, *args, folder, replace, **options):
        try:
            done = restore(connection, Path(folder), media_root=Path(settings.MEDIA_ROOT), replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        versions_past_restore()  # figures cached in a shared cache before the restore are stale now
        self.stdout.write(
            _(
                "Đã khôi phục %(tables)d bảng, %(rows)d dòng — khớp với bản kê — và %(files)d tệp ảnh và tệp "
                "tải lên, từ bản sao lưu lúc %(created)s (phiên bản %(version)s)."
            )
            % {
                "tables": done.tables,
                "rows": done.rows,
                "files": done.media_files,
                "created": done.manifest["created_at"],
                "version": done.manifest.get("app_version") or "?",
            }
        )
        if done.pending_migrations:
            self.stdout.write(
                _("Mã nguồn này có %(count)d migration mới hơn bản sao lưu: hãy chạy manage.py migrate.")
                % {"count": len(done.pending_migrations)}
            )
