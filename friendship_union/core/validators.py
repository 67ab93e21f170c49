"""Upload validators shared by every app."""

import os
import re
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


def validate_image_upload(file) -> None:
    """Accept only real JPEG/PNG/WebP images up to 5 MB; the message says what is wrong."""
    check_image_upload(file, max_bytes=MAX_IMAGE_BYTES)


def check_image_upload(file, *, max_bytes: int, max_pixels: int | None = None) -> None:
    """Raise a ValidationError (in Vietnamese) unless `file` is a real JPEG/PNG/WebP image of at most
    `max_bytes` and, when given, `max_pixels` (judged by content, never by the file name)."""

    if getattr(file, "_committed", False):
        return  # already stored (checked when it was uploaded): not re-read on every later save
    if file.size and file.size > max_bytes:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x MAX_IMAGE_PIXELS: treat that as a bomb too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=IMAGE_FORMATS) as image:
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("Ảnh có số điểm ảnh quá lớn (nghi là tệp nén độc hại); hãy thu nhỏ ảnh rồi tải lại."),
            code="decompression_bomb",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."), code="unsupported_image") from exc
    finally:
        file.seek(0)
    if max_pixels and width * height > max_pixels:
        raise ValidationError(
            _(
                "Ảnh có kích thước %(width)s × %(height)s điểm ảnh, vượt mức tối đa %(max)s triệu điểm ảnh; "
                "hãy thu nhỏ ảnh rồi tải lại."
            ),
            params={"width": width, "height": height, "max": max_pixels // 1_000_000},
            code="too_many_pixels",
        )


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Extension → the first bytes a real file of that kind starts with.
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".webp": (b"RIFF",),
}


def validate_document_upload(file) -> None:
    """PDF, Office/OpenDocument files and images up to 20 MB, whose content matches the extension."""

    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            _("Chỉ nhận tệp PDF, Word, Excel, PowerPoint, OpenDocument hoặc ảnh (không nhận “%(ext)s”)."),
            params={"ext": extension or "?"},
            code="extension",
        )
    if file.size and file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            params={"size": filesizeformat(file.size), "max": filesizeformat(MAX_DOCUMENT_BYTES)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("Nội dung tệp không đúng với đuôi “%(ext)s” (tệp hỏng hoặc bị đổi tên)."),
            params={"ext": extension},
            code="signature",
        )


# Vietnamese numbers: 0 or +84, then 9–10 digits (mobile 0xx xxx xxxx, landline 02xx xxx xxxx).
FREE_MAILBOX_DOMAINS = frozenset(
    {"gmail.com", "yahoo.com", "yahoo.com.vn", "hotmail.com", "outlook.com", "live.com", "icloud.com", "zing.vn"}
)


def validate_vietnamese_phone(value: str) -> None:
    """A Vietnamese phone number written as staff usually write it: "0290 3831 234", "+84 290 3831 234"."""
    digits = re.sub(r"[\s.\-()]", "", value)  # any space (no-break, tab, pasted from Word), dots, dashes
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not re.fullmatch(r"0[0-9]{9,10}", digits):  # ASCII digits only: a tel: link must work
        raise ValidationError(
            _(
                "Số điện thoại không hợp lệ: %(value)s. Ghi số Việt Nam bắt đầu bằng 0 hoặc +84, "
                "10–11 chữ số, ví dụ 0290 3831 234."
            ),
            params={"value": value},
            code="invalid_phone",
        )


def validate_work_email(value: str) -> None:
    """An official work mailbox: not a free personal one (Gmail, Yahoo…), which must not be published."""
    domain = value.rsplit("@", 1)[-1].strip().lower()
    if domain in FREE_MAILBOX_DOMAINS:
        raise ValidationError(
            _("Dùng thư điện tử công vụ của cơ quan, không dùng hộp thư cá nhân (%(domain)s)."),
            params={"domain": domain},
            code="personal_mailbox",
        )
