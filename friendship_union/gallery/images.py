"""Image work for photos: a clean original (upright, no EXIF) and resized renditions.

Pure functions over files and storage names, so the model, the data migration and the
`gallery_renditions` command share them.
"""

import datetime
import io
import os
import warnings

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from friendship_union.core.validators import IMAGE_FORMATS

RENDITION_WIDTHS = (400, 800, 1600)
RENDITION_FOLDER = "gallery/renditions"
WEBP_QUALITY = 80
JPEG_QUALITY = 82
EXIF_DATETIME_ORIGINAL = 0x9003  # in the Exif sub-IFD
EXIF_DATETIME = 0x0132  # in IFD0
EXIF_IFD = 0x8769


def _open(file):

    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(file, formats=IMAGE_FORMATS)
        image.load()
    return image


def _colour_profile(image) -> dict:
    """{"icc_profile": …} for an RGB image that has one (phone photos are often Display P3): the one
    piece of metadata kept. A CMYK or other profile would be wrong once the pixels are made RGB."""
    profile = image.info.get("icc_profile")
    return {"icc_profile": profile} if profile and image.mode in ("RGB", "RGBA") else {}


def taken_at(image) -> datetime.datetime | None:
    """When the photo was taken according to its EXIF (naive local camera time), or None."""
    try:
        exif = image.getexif()
        raw = exif.get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    except Exception:
        return None
    if not isinstance(raw, str):
        return None
    try:
        return datetime.datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def clean_original(file) -> tuple[ContentFile, dict]:
    """Re-encode an uploaded (already validated) image: EXIF orientation applied, every metadata block
    (EXIF with GPS, XMP, comments) dropped. Returns the new file and {"format", "width", "height", "taken_at"}."""

    image = _open(file)
    source_format = image.format
    when = taken_at(image)
    icc = _colour_profile(image)
    upright = ImageOps.exif_transpose(image)
    output = io.BytesIO()
    if source_format == "JPEG":
        upright = upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright
        upright.save(output, "JPEG", quality=90, optimize=True, progressive=True, **icc)
    elif source_format == "PNG":
        upright.save(output, "PNG", optimize=True, **icc)
    else:
        upright.save(output, "WEBP", quality=90, **icc)
    upright_size = upright.size
    image.close()
    info = {"format": source_format, "width": upright_size[0], "height": upright_size[1], "taken_at": when}
    return ContentFile(output.getvalue()), info


def rendition_widths(original_width: int) -> list[int]:
    """Widths to make for an original: the standard ones it can fill, never upscaled; an original
    narrower than the smallest standard width gets one rendition at its own width."""
    widths = [w for w in RENDITION_WIDTHS if w <= original_width]
    return widths or [original_width]


def make_renditions(name: str, storage=default_storage) -> list[dict]:
    """Write WebP and JPEG renditions of the stored image `name`; return
    [{"width", "height", "webp", "jpeg"}, …] (storage names), narrowest first."""

    stem = os.path.splitext(os.path.basename(name))[0]
    with storage.open(name, "rb") as source:
        image = _open(source)
    icc = _colour_profile(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "PA") else "RGB")
    renditions = []
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        webp = io.BytesIO()
        resized.save(webp, "WEBP", quality=WEBP_QUALITY, method=4, **icc)
        jpeg = io.BytesIO()
        flat = resized
        if resized.mode == "RGBA":  # JPEG has no transparency: flatten on white
            flat = Image.new("RGB", resized.size, "white")
            flat.paste(resized, mask=resized.getchannel("A"))
        flat.convert("RGB").save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **icc)
        base = f"{RENDITION_FOLDER}/{stem}-{width}"
        renditions.append(
            {
                "width": width,
                "height": height,
                "webp": storage.save(f"{base}.webp", ContentFile(webp.getvalue())),
                "jpeg": storage.save(f"{base}.jpg", ContentFile(jpeg.getvalue())),
            }
        )
    image.close()
    return renditions


def delete_renditions(renditions: list[dict], storage=default_storage) -> None:
    for rendition in renditions or []:
        for key in ("webp", "jpeg"):
            if rendition.get(key):
                storage.delete(rendition[key])
