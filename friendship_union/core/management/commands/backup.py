"""Back up the database (pg_dump, custom format), the uploads (MEDIA_ROOT as tar.gz) and a manifest
(rows of every table, applied migrations, app version, time) into a new folder (core.backups).

manage.py backup                                  # into DJANGO_BACKUP_ROOT (default ./backups)
manage.py backup --output /mnt/sao-luu --no-media
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from friendship_union.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu (pg_dump), ảnh và tệp tải lên, kèm bản kê số dòng từng bảng và các migration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="THƯ_MỤC",
            help="Nơi tạo thư mục sao lưu (mặc định DJANGO_BACKUP_ROOT, hiện là %(default)s).",
            default=str(settings.BACKUP_ROOT),
        )
        parser.add_argument("--no-media", action="store_true", help="Không sao lưu ảnh và tệp tải lên.")

    def handle(self, *args, output, no_media, **options):
        try:
            folder, manifest = backup(
                connection,
                into=Path(output),
                media_root=None if no_media else Path(settings.MEDIA_ROOT),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Đã sao lưu %(tables)d bảng, %(rows)d dòng, %(files)d tệp ảnh và tệp tải lên vào: %(folder)s")
            % {
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": (manifest["media"] or {}).get("files", 0),
                "folder": folder,
            }
        )
