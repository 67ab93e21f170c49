"""Image files for upload tests, good and hostile, made with Pillow and kept small: a bomb is a tiny
PNG declaring a huge size, the 81-megapixel image is a 1-bit PNG of a few kilobytes."""

import functools
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ORIENTATION = 0x0112
EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 0x9003
COMMENT = b"Toa do nha rieng: 8.6 N 104.7 E"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Ca Mau XMP"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
RED, BLUE = (220, 20, 40), (30, 110, 170)


def upload(content: bytes, name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def picture(width: int = 300, height: int = 200, fmt: str = "JPEG", **save) -> bytes:
    """A blue picture with a red block in its top-left corner (tells which way up a stored copy is)."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 4, height // 4))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def noisy_jpeg(width: int = 600, height: int = 400) -> bytes:
    """A JPEG of random pixels: its compressed data fills the file, so half of it is half a picture."""
    pixels = random.Random(12).randbytes(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def jpeg_with_metadata(width: int = 300, height: int = 200) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90° clockwise to display", with GPS coordinates, a date
    taken, an XMP packet naming a place and a comment (COM segment)."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "May anh thu"  # Make
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = "2024:03:15 09:30:00"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (8.0, 36.0, 0.0), "E", (104.0, 43.0, 0.0)
    return picture(width, height, exif=exif, comment=COMMENT, xmp=XMP)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` (the pixel data is never there)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@functools.cache
def png_81_megapixels() -> bytes:
    """A real, complete 9000 × 9000 PNG (1 bit per pixel): 81 million pixels in about 10 KB."""
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000), 1).save(buffer, "PNG")
    return buffer.getvalue()


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("trang.html", "<html><body><script>alert(document.cookie)</script></body></html>")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>\n'


@dataclass(frozen=True)
class Hostile:
    """A hostile upload and the words of the message that must refuse it, in an image field and in a
    document field (which also takes PDF and Office files, stored as uploaded)."""

    name: str
    content: bytes
    image_message: str
    document_message: str


def hostile_uploads() -> dict[str, Hostile]:
    half = noisy_jpeg()
    return {
        "bomb": Hostile("bom.png", png_declaring(20_000, 20_000), *["nghi là tệp nén độc hại"] * 2),
        "81-megapixels": Hostile("rong.png", png_81_megapixels(), *["9000 × 9000 điểm ảnh, vượt mức tối đa"] * 2),
        "truncated-jpeg": Hostile("dut.jpg", half[: len(half) // 2], *["Tệp ảnh bị hỏng hoặc không trọn vẹn"] * 2),
        "html-as-jpg": Hostile(
            "anh.jpg", HTML, "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.", "không đúng với đuôi “.jpg”"
        ),
        "html-as-pdf": Hostile("van-ban.pdf", HTML, "không nhận tệp đuôi “.pdf”", "không đúng với đuôi “.pdf”"),
        "svg-as-png": Hostile(
            "logo.png", SVG, "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.", "không đúng với đuôi “.png”"
        ),
        "jpeg-zip-polyglot": Hostile("anh.jpg", picture() + zip_archive(), *["có nội dung khác ghép kèm"] * 2),
        "jpeg-html-polyglot": Hostile("anh.jpg", picture() + HTML, *["có nội dung khác ghép kèm"] * 2),
        "empty": Hostile("anh.jpg", b"", *["Tệp rỗng (0 byte)"] * 2),
        "wrong-extension": Hostile("anh.exe", picture(), "không nhận tệp đuôi “.exe”", "không nhận “.exe”"),
    }


def stored_image(field_file) -> tuple[bytes, Image.Image]:
    """The bytes of a stored image and the image read from them (loaded)."""
    with field_file.storage.open(field_file.name, "rb") as stored:
        raw = stored.read()
    image = Image.open(io.BytesIO(raw))
    image.load()
    return raw, image


def assert_clean_and_upright(raw: bytes, image: Image.Image, *, size: tuple[int, int]) -> None:
    """A stored copy of `jpeg_with_metadata()`: upright (the red corner, top-left as the camera saw it, is
    now top-right), the same colours, and none of the metadata — EXIF (GPS), XMP or comment."""
    assert image.size == size
    assert image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info
    assert "comment" not in image.info and COMMENT not in raw
    assert "xmp" not in image.info and b"Ca Mau XMP" not in raw and b"http://ns.adobe.com/xap/1.0/" not in raw
    assert b"Exif\x00\x00" not in raw
    rgb = image.convert("RGB")
    top_right, top_left = rgb.getpixel((size[0] - 5, 5)), rgb.getpixel((5, 5))
    assert all(abs(a - b) < 25 for a, b in zip(top_right, RED, strict=True)), top_right
    assert all(abs(a - b) < 25 for a, b in zip(top_left, BLUE, strict=True)), top_left
