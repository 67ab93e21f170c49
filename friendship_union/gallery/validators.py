"""Upload limits for gallery photos (larger than the site-wide image limit: camera photos)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from friendship_union.core.validators import check_image_upload

from .images import _open

MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; Pillow's bomb limit is ~89 million


def validate_photo_upload(file) -> None:
    """A real JPEG/PNG/WebP of at most 15 MB and 50 million pixels that decodes to the end; a Vietnamese
    message otherwise. (Pillow's verify() does not decode a JPEG: a cut-off file would only fail later,
    while making the renditions.)"""
    if getattr(file, "_committed", False):
        return  # a stored photo, checked when it was uploaded: an album save does not decode them all again
    check_image_upload(file, max_bytes=MAX_PHOTO_BYTES, max_pixels=MAX_PHOTO_PIXELS)

    try:
        _open(file)  # decoded, then dropped (close() would close a PNG's caller-owned file)
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể tải lên bị ngắt giữa chừng); hãy tải lại."),
            code="broken_image",
        ) from exc
    finally:
        file.seek(0)
