"""Images made with Pillow for the gallery tests, and small album/photo factories."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from friendship_union.gallery.models import Album, Photo
from friendship_union.gallery.services import photo_add

_numbers = itertools.count(1)
GPS_IFD = 0x8825
ORIENTATION = 0x0112
DATETIME_ORIGINAL = 0x9003
EXIF_IFD = 0x8769


def image_bytes(width=1200, height=800, fmt="JPEG", color=(30, 110, 170), exif=None, mode="RGB") -> bytes:
    image = Image.new(mode, (width, height), color)
    if mode == "RGB":
        # A red block in the top-left corner: tells which way up the stored image is.
        image.paste((220, 20, 40), (0, 0, width // 4, height // 4))
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def upload(content: bytes, name="anh.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_orientation_and_gps(width=600, height=400, orientation=6) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90° clockwise to display", with GPS and a date taken."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Máy ảnh thử"  # Make
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = "2024:03:15 09:30:00"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (8.0, 36.0, 0.0)
    gps[3] = "E"
    gps[4] = (104.0, 43.0, 0.0)
    return image_bytes(width, height, exif=exif)


def make_album(**fields) -> Album:
    n = next(_numbers)
    values = {"title": f"Album thử {n}", "is_public": True}
    values.update(fields)
    album = Album(**values)
    album.save()
    return album


def make_photo(album=None, width=1200, height=800, **fields) -> Photo:
    values = {"alt_text": "Ảnh thử", "album": album, "image": upload(image_bytes(width, height))}
    values.update(fields)
    return photo_add(**values)


def fake_photo(album, n: int, is_public=True) -> Photo:
    """An unsaved Photo with made-up renditions (no file work): for bulk_create in query-count tests."""
    renditions = [
        {
            "width": w,
            "height": w * 2 // 3,
            "webp": f"gallery/renditions/f{n}-{w}.webp",
            "jpeg": f"gallery/renditions/f{n}-{w}.jpg",
        }
        for w in (400, 800, 1600)
    ]
    return Photo(
        album=album,
        image=f"gallery/2026/f{n}.jpg",
        alt_text=f"Ảnh số {n}",
        width=1600,
        height=1066,
        order=n,
        is_public=is_public,
        renditions=renditions,
    )
