"""Load (or refresh) all reference data: units of both eras, countries, currencies, sectors."""

import time

from django.core.management.base import BaseCommand

from friendship_union.reference import loaders


class Command(BaseCommand):
    help = "Nạp danh mục dùng chung: đơn vị hành chính (trước và sau 01/07/2025), quốc gia, tiền tệ, lĩnh vực."

    def handle(self, *args, **options):
        started = time.monotonic()
        units = loaders.load_administrative_units()
        countries = loaders.load_countries()
        currencies = loaders.load_currencies()
        sectors = loaders.load_sectors()
        self.stdout.write(
            f"Đơn vị hành chính: {units['legacy']} trước 2025, {units['current']} hiện nay "
            f"({units['mapped']} đơn vị cũ đã gắn đơn vị mới); quốc gia: {countries}; tiền tệ: {currencies}; "
            f"lĩnh vực: {sectors}. ({time.monotonic() - started:.1f} giây)"
        )
