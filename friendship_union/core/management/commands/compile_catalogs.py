"""Compile the project's .po catalogs to .mo with polib (pure Python: no GNU gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Biên dịch các tệp bản dịch .po thành .mo (không cần GNU gettext)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                catalog = polib.pofile(str(po_path))
                catalog.save_as_mofile(str(mo_path))
                compiled += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{po_path} → {mo_path}")
        if options["verbosity"] > 0 and compiled:
            self.stdout.write(f"Đã biên dịch {compiled} tệp bản dịch.")
