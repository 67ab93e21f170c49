"""Make the missing renditions of stored photos (after a migration, a restore, or a change of sizes)."""

from django.core.management.base import BaseCommand

from friendship_union.gallery.images import delete_renditions, make_renditions
from friendship_union.gallery.models import Photo


class Command(BaseCommand):
    help = "Tạo các cỡ ảnh (WebP, JPEG) còn thiếu; --all tạo lại cho mọi ảnh."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Tạo lại cả những ảnh đã có các cỡ.")

    def handle(self, *args, **options):
        photos = Photo.objects.order_by("pk")
        if not options["all"]:
            photos = photos.filter(renditions=[])
        made = failed = 0
        for photo in photos.iterator():
            try:
                renditions = make_renditions(photo.image.name, photo.image.storage)
            except (OSError, ValueError) as exc:
                failed += 1
                self.stderr.write(f"Ảnh #{photo.pk} ({photo.image.name}): không đọc được tệp ({exc}).")
                continue
            delete_renditions(photo.renditions, photo.image.storage)
            Photo.objects.filter(pk=photo.pk).update(renditions=renditions)  # no history entry: derived files
            made += 1
        self.stdout.write(f"Đã tạo các cỡ cho {made} ảnh; {failed} ảnh lỗi.")
