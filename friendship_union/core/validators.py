"""Upload validators shared by every app."""

import os
import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .images import decode, hidden_content

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# A logo, a portrait or a cover needs far less than a camera photo (the gallery allows 50 million); this
# bounds the memory one upload takes to decode (~100 MB). What visitors load is smaller still: the stored
# copy is scaled down to the field's max_side (core.images.CleanImageField).
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp")


def validate_image_upload(file) -> None:
    """Accept only real JPEG/PNG/WebP images up to 5 MB and 25 million pixels that decode to the end;
    the message says what is wrong."""
    check_image_upload(file, max_bytes=MAX_IMAGE_BYTES, max_pixels=MAX_IMAGE_PIXELS)


def _refuse_empty(file) -> None:
    if not file.size:
        raise ValidationError(_("Tệp rỗng (0 byte); hãy chọn lại tệp."), code="empty")


def _refuse_hidden_content(file) -> None:
    if hidden_content(file):
        raise ValidationError(
            _(
                "Tệp ảnh có nội dung khác ghép kèm (tệp nén hoặc mã HTML, SVG, script) nên không được nhận; "
                "hãy mở ảnh, lưu thành tệp mới rồi tải lên."
            ),
            code="polyglot",
        )


def check_image_upload(file, *, max_bytes: int, max_pixels: int) -> None:
    """Raise a ValidationError (in Vietnamese) unless `file` is a real JPEG/PNG/WebP image (judged by
    content; the name only needs an image extension) of at most `max_bytes` and `max_pixels`, that
    decodes to its last pixel and is nothing else besides (no ZIP, HTML or script in it)."""

    if getattr(file, "_committed", False):
        return  # already stored (checked when it was uploaded): not re-read on every later save
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in IMAGE_EXTENSIONS:
        raise ValidationError(
            _("Chỉ nhận ảnh JPEG, PNG hoặc WebP (không nhận tệp đuôi “%(ext)s”)."),
            params={"ext": extension or "?"},
            code="extension",
        )
    _refuse_empty(file)
    if file.size > max_bytes:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    decode(file, max_pixels=max_pixels)  # dropped: the clean copy is made when the record is saved
    _refuse_hidden_content(file)


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_IMAGE_PIXELS = 50_000_000  # a scanned A4 page at 600 dpi is 35 million
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
DOCUMENT_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


def validate_document_upload(file) -> None:
    """PDF, Office/OpenDocument files and images up to 20 MB, whose content matches the extension; an
    image must also decode to the end, within 50 million pixels, and be nothing else besides (it is
    stored as uploaded)."""

    if getattr(file, "_committed", False):
        return  # already stored (checked when it was uploaded)
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            _("Chỉ nhận tệp PDF, Word, Excel, PowerPoint, OpenDocument hoặc ảnh (không nhận “%(ext)s”)."),
            params={"ext": extension or "?"},
            code="extension",
        )
    _refuse_empty(file)
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            params={"size": filesizeformat(file.size), "max": filesizeformat(MAX_DOCUMENT_BYTES)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[extension]) or (extension == ".webp" and head[8:12] != b"WEBP"):
        raise ValidationError(
            _("Nội dung tệp không đúng với đuôi “%(ext)s” (tệp hỏng hoặc bị đổi tên)."),
            params={"ext": extension},
            code="signature",
        )
    if extension in DOCUMENT_IMAGE_EXTENSIONS:
        decode(file, max_pixels=MAX_DOCUMENT_IMAGE_PIXELS)
        _refuse_hidden_content(file)


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
