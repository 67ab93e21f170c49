"""Image work for photos: a clean original (upright, no EXIF) and resized renditions.

Pure functions over files and storage names, so the model, the data migration and the
`gallery_renditions` command share them. Reading and cleaning an image is core's, as for every image
field (`core.images`): the gallery adds the date a photo was taken and the renditions.
"""

import datetime
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from friendship_union.core.images import clean_image, colour_profile, decode, encode

RENDITION_WIDTHS = (400, 800, 1600)
RENDITION_FOLDER = "gallery/renditions"
WEBP_QUALITY = 80
JPEG_QUALITY = 82
EXIF_DATETIME_ORIGINAL = 0x9003  # in the Exif sub-IFD
EXIF_DATETIME = 0x0132  # in IFD0
EXIF_IFD = 0x8769


def taken_at(exif: Image.Exif) -> datetime.datetime | None:
    """When the photo was taken according to its EXIF (naive local camera time), or None."""
    try:
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
    """Re-encode an uploaded (already validated) image as every image field does (core.images.clean_image:
    upright, without EXIF, GPS, XMP or comments), at full size. Returns the new file and {"format",
    "width", "height", "taken_at"}."""

    cleaned = clean_image(file)
    info = {"format": cleaned.format, "width": cleaned.width, "height": cleaned.height}
    return ContentFile(cleaned.content), {**info, "taken_at": taken_at(cleaned.exif)}


def rendition_widths(original_width: int) -> list[int]:
    """Widths to make for an original: the standard ones it can fill, never upscaled; an original
    narrower than the smallest standard width gets one rendition at its own width."""
    widths = [w for w in RENDITION_WIDTHS if w <= original_width]
    return widths or [original_width]


def make_renditions(name: str, storage=default_storage) -> list[dict]:
    """Write WebP and JPEG renditions of the stored image `name`, without its metadata; return
    [{"width", "height", "webp", "jpeg"}, …] (storage names), narrowest first."""

    stem = os.path.splitext(os.path.basename(name))[0]
    with storage.open(name, "rb") as source:
        image = decode(source)
    icc = colour_profile(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "PA") else "RGB")
    renditions = []
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        webp = encode(resized, "WEBP", quality=WEBP_QUALITY, method=4, **icc)
        flat = resized
        if resized.mode == "RGBA":  # JPEG has no transparency: flatten on white
            flat = Image.new("RGB", resized.size, "white")
            flat.paste(resized, mask=resized.getchannel("A"))
        jpeg = encode(flat, "JPEG", quality=JPEG_QUALITY, **icc)
        base = f"{RENDITION_FOLDER}/{stem}-{width}"
        renditions.append(
            {
                "width": width,
                "height": height,
                "webp": storage.save(f"{base}.webp", ContentFile(webp)),
                "jpeg": storage.save(f"{base}.jpg", ContentFile(jpeg)),
            }
        )
    return renditions


def delete_renditions(renditions: list[dict], storage=default_storage) -> None:
    for rendition in renditions or []:
        for key in ("webp", "jpeg"):
            if rendition.get(key):
                storage.delete(rendition[key])
