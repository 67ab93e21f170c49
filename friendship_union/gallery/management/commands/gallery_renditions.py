"""Make the missing renditions of stored photos (after a migration, a restore, or a change of sizes);
with --clean-originals, first re-encode stored originals upright and without EXIF (GPS) — for photos
stored before uploads were cleaned, such as those moved from the old per-record photo models."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from PIL import Image

from friendship_union.gallery.images import clean_original, delete_renditions, make_renditions
from friendship_union.gallery.models import Photo


class Command(BaseCommand):
    help = "Tạo các cỡ ảnh (WebP, JPEG) còn thiếu; --all tạo lại cho mọi ảnh; --clean-originals xóa EXIF ảnh gốc."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Tạo lại cả những ảnh đã có các cỡ.")
        parser.add_argument(
            "--clean-originals",
            action="store_true",
            help="Lưu lại mọi ảnh gốc đã xoay đúng chiều và bỏ EXIF (vị trí GPS), rồi tạo lại các cỡ.",
        )

    def handle(self, *args, **options):
        photos = Photo.objects.order_by("pk")
        if not (options["all"] or options["clean_originals"]):
            photos = photos.filter(renditions=[])
        made = failed = 0
        for photo in photos.iterator():
            storage = photo.image.storage
            try:
                if options["clean_originals"]:
                    old = photo.image.name
                    with storage.open(old, "rb") as original:
                        cleaned, info = clean_original(original)
                    # The clean copy is stored and recorded before the old file goes: a failed write loses nothing.
                    photo.image.name = storage.save(old, cleaned)
                    Photo.objects.filter(pk=photo.pk).update(
                        image=photo.image.name, width=info["width"], height=info["height"]
                    )
                    if photo.image.name != old:
                        storage.delete(old)
                renditions = make_renditions(photo.image.name, storage)
            except (OSError, ValueError, ValidationError, Image.DecompressionBombError) as exc:
                failed += 1
                reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else exc
                self.stderr.write(f"Ảnh #{photo.pk} ({photo.image.name}): không đọc được tệp ({reason}).")
                continue
            delete_renditions(photo.renditions, storage)
            Photo.objects.filter(pk=photo.pk).update(renditions=renditions)  # no history entry: derived files
            made += 1
        self.stdout.write(f"Đã tạo các cỡ cho {made} ảnh; {failed} ảnh lỗi.")
