"""Re-encode images stored before uploads were cleaned (logos, portraits, covers…): upright, without
EXIF (GPS), XMP or comments, at most the field's size — as every new upload now is (core.images).

Every CleanImageField of every model is covered, except models that name their own command
(`cleaned_by_command`, e.g. the gallery's photos with their renditions). The clean copy is stored
before the old file is deleted, and the row is updated without a history entry (a derived file, the
same picture). `--dry-run` only counts."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from PIL import Image

from friendship_union.core.images import CleanImageField, clean_image


class Command(BaseCommand):
    help = "Xóa EXIF (vị trí GPS), XMP, chú thích khỏi ảnh đã lưu trước đây (biểu trưng, chân dung, bìa…)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không ghi gì.")

    def handle(self, *args, dry_run=False, **options):
        cleaned = failed = 0
        for model in apps.get_models():
            if getattr(model, "cleaned_by_command", None):
                self.stdout.write(f"{model._meta.verbose_name}: dùng lệnh {model.cleaned_by_command}.")
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, CleanImageField):
                    continue
                rows = model._base_manager.exclude(**{field.name: ""}).exclude(**{f"{field.name}__isnull": True})
                for pk, name in rows.values_list("pk", field.name).iterator():
                    storage = field.storage
                    try:
                        with storage.open(name, "rb") as stored:
                            copy = clean_image(stored, max_side=field.max_side)
                    except (OSError, ValueError, ValidationError, Image.DecompressionBombError) as exc:
                        failed += 1
                        reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else exc
                        self.stderr.write(f"{model._meta.label} #{pk} ({name}): không đọc được ({reason}).")
                        continue
                    cleaned += 1
                    if dry_run:
                        continue
                    stem = name.rsplit(".", 1)[0]
                    new_name = storage.save(f"{stem}{copy.extension}", ContentFile(copy.content))
                    model._base_manager.filter(pk=pk).update(**{field.name: new_name})
                    if new_name != name:
                        storage.delete(name)
        verb = "Sẽ làm sạch" if dry_run else "Đã làm sạch"
        self.stdout.write(f"{verb} {cleaned} ảnh; {failed} ảnh lỗi.")
