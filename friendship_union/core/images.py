"""Uploaded images, one way for every image field: read by content and decoded to the end (`decode`),
and stored as a clean copy — turned upright, without EXIF (GPS), XMP, comments or anything appended
after the picture, at most `max_side` pixels on its longest side (`clean_image`, called by
`CleanImageField` when a record with a new image is saved, from the admin, a service or a bulk insert).

The checks staff see as form errors are in `core.validators` (`check_image_upload`), built on `decode`.
"""

import dataclasses
import io
import os
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# A phone photo with a depth map or a second frame opens as MPO: a JPEG with more pictures appended.
FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
ACCEPT = "image/jpeg,image/png,image/webp"
JPEG_QUALITY = 90
WEBP_QUALITY = 90
# Metadata Pillow would carry from a source image into a saved copy (a JPEG's comment is written again
# from image.info): only what the pixels need is kept.
KEPT_INFO = ("transparency",)
# Markup that has no place in a photo and makes it a page as well (a "polyglot"). Only tokens of six
# bytes or more: compressed pixels are random bytes, in which "<svg" turns up by chance in about one
# 15 MB photo in forty; these turn up in fewer than one in a hundred thousand.
MARKUP = (
    b"<script",
    b"<!doctype",
    b"<html>",
    b"<html ",
    b"<iframe",
    b"<object",
    b"<embed",
    b"onload=",
    b"onerror=",
    b"javascript:",
)


def decode(file, *, max_pixels: int | None = None) -> Image.Image:
    """The image in `file`, decoded to its last pixel; `format` is JPEG, MPO (a JPEG with more pictures
    appended; its first is decoded), PNG or WEBP. Raises a
    ValidationError (Vietnamese message) when the content is no JPEG/PNG/WebP, declares more than
    `max_pixels` (checked before decoding) or more than Pillow's bomb limit, or is cut off or broken."""

    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x MAX_IMAGE_PIXELS: treat that as a bomb too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=IMAGE_FORMATS) as probe:
                width, height = probe.size
                if max_pixels and width * height > max_pixels:
                    raise ValidationError(
                        _(
                            "Ảnh có kích thước %(width)s × %(height)s điểm ảnh, vượt mức tối đa %(max)s triệu "
                            "điểm ảnh; hãy thu nhỏ ảnh rồi tải lại."
                        ),
                        params={"width": width, "height": height, "max": max_pixels // 1_000_000},
                        code="too_many_pixels",
                    )
                probe.verify()  # a PNG's checksums
            file.seek(0)
            # Leaving the block detaches the image from `file` without closing it (the caller's file).
            with Image.open(file, formats=IMAGE_FORMATS) as image:
                try:
                    image.load()  # every pixel: a cut-off file fails here, not later while a visitor waits
                except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError… on broken data
                    raise ValidationError(
                        _("Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể tải lên bị ngắt giữa chừng); hãy tải lại."),
                        code="broken_image",
                    ) from exc
                image.getexif()  # read now: a PNG may keep its EXIF after the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("Ảnh có số điểm ảnh quá lớn (nghi là tệp nén độc hại); hãy thu nhỏ ảnh rồi tải lại."),
            code="decompression_bomb",
        ) from exc
    except ValidationError:
        raise
    except Exception as exc:  # not an image Pillow reads as JPEG/PNG/WebP (UnidentifiedImageError, …)
        raise ValidationError(_("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."), code="unsupported_image") from exc
    finally:
        file.seek(0)
    return image


def hidden_content(file) -> str | None:
    """What else an image file also is, or None: "zip" when a ZIP archive with files in it is appended
    (a JPEG+ZIP polyglot opens as both), "markup" when it carries HTML or script."""
    try:
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:  # reads the directory at the end of the file only
                if archive.namelist():
                    return "zip"
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            pass
        file.seek(0)
        tail = b""
        while chunk := file.read(1024 * 1024):
            window = tail + chunk.lower()
            if any(marker in window for marker in MARKUP):
                return "markup"
            tail = window[-16:]
        return None
    finally:
        file.seek(0)


def colour_profile(image: Image.Image) -> dict:
    """{"icc_profile": …} for an RGB image that has one (phone photos are often Display P3): the one
    piece of metadata kept. A CMYK or other profile would be wrong once the pixels are made RGB."""
    profile = image.info.get("icc_profile")
    return {"icc_profile": profile} if profile and image.mode in ("RGB", "RGBA") else {}


ENCODER_OPTIONS = {
    "JPEG": {"quality": JPEG_QUALITY, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": WEBP_QUALITY},
}


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    """`image` written as `image_format` (JPEG, PNG, WEBP) with its pixels and what `options` add (the
    colour profile, a quality) only: no EXIF, XMP, comment or text chunk of the image it was made from
    (its `info` is trimmed to what the pixels need)."""
    image.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, image_format, **{**ENCODER_OPTIONS[image_format], **options})
    return output.getvalue()


@dataclasses.dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str  # JPEG, PNG or WEBP: the format the upload was, kept
    width: int
    height: int
    exif: Image.Exif  # the upload's EXIF, for what a caller records from it (the gallery: when taken)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def clean_image(file, *, max_side: int | None = None, max_pixels: int | None = None) -> CleanImage:
    """A clean copy of the image in `file`: EXIF orientation applied, then every metadata block (EXIF
    with GPS, XMP, comments) and anything after the picture dropped, the colour profile kept, scaled
    down to `max_side` on its longest side when larger. Raises ValidationError as `decode` does."""

    image = decode(file, max_pixels=max_pixels)
    image_format = FORMAT_NAMES[image.format]
    exif = image.getexif()
    icc = colour_profile(image)
    upright = ImageOps.exif_transpose(image)
    if max_side and max(upright.size) > max_side:
        if upright.mode not in ("L", "LA", "RGB", "RGBA"):  # a palette would be resized without smoothing
            upright = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
        upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    content = encode(upright, image_format, **icc)
    return CleanImage(content, image_format, upright.width, upright.height, exif)


class CleanImageField(models.ImageField):
    """An ImageField whose new uploads are stored as `clean_image` copies (upright, no metadata, at most
    `max_side` pixels), under the extension of their real format, however the record is saved. Uploads
    are judged only by the validators given (`core.validators.validate_image_upload` or a stricter
    one), never by Django's generic "not an image" form check, so staff read one clear message."""

    default_validators = []  # Django's extension check: ours (check_image_upload) says it in Vietnamese

    def __init__(self, *args, max_side: int | None = None, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_side is not None:
            kwargs["max_side"] = self.max_side
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            cleaned = clean_image(file.file, max_side=self.max_side)
            stem = os.path.splitext(file.name or "anh")[0]
            file.save(f"{stem}{cleaned.extension}", ContentFile(cleaned.content), save=False)
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs):
        field = super(models.ImageField, self).formfield(**kwargs)  # a FileField: our validators judge
        field.widget.attrs.setdefault("accept", ACCEPT)
        return field
