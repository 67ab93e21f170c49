"""Bad uploads are refused with a clear Vietnamese message and leave nothing behind; good ones are
stored upright and without EXIF."""

import datetime
import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from friendship_union.gallery import validators
from friendship_union.gallery.forms import PhotoForm
from friendship_union.gallery.models import Photo
from friendship_union.gallery.services import photo_add

from .factories import image_bytes, jpeg_with_orientation_and_gps, make_album, upload

pytestmark = pytest.mark.django_db


def stored_files(root) -> list[str]:
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files] if os.path.exists(root) else []


def refused(file) -> str:
    with pytest.raises(ValidationError) as caught:
        photo_add(image=file, alt_text="Ảnh hỏng", album=make_album())
    return " ".join(caught.value.messages)


def png_with_header_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` (the pixel data is never read)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def test_text_file_renamed_jpg_is_refused(media_root):
    message = refused(upload(b"Day khong phai la anh, chi la van ban.\n" * 20, name="anh.jpg"))
    assert message == "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_gif_is_refused_even_named_jpg(media_root):
    message = refused(upload(image_bytes(50, 50, fmt="GIF", mode="P", color=1), name="anh.jpg"))
    assert message == "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_too_big_a_file_is_refused(media_root, monkeypatch):
    monkeypatch.setattr(validators, "MAX_PHOTO_BYTES", 20_000)
    message = refused(upload(image_bytes(1200, 800) + b"\0" * 20_000))
    assert message.startswith("Ảnh quá lớn (") and "Dung lượng tối đa là 19,5\xa0KB." in message
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_default_size_cap_is_15_mb(media_root):
    message = refused(upload(b"\xff\xd8\xff" + b"\0" * (15 * 1024 * 1024 + 1)))
    assert "Dung lượng tối đa là 15,0\xa0MB." in message


@pytest.mark.parametrize("pixels", [2_000_000, 5_000_000])  # warning range (1×–2× the limit) and error range
def test_decompression_bomb_is_refused(media_root, monkeypatch, pixels):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    message = refused(upload(png_with_header_size(pixels // 1000, 1000), name="bom.png"))
    assert message == "Ảnh có số điểm ảnh quá lớn (nghi là tệp nén độc hại); hãy thu nhỏ ảnh rồi tải lại."
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_real_bomb_header_is_refused_with_the_default_limit(media_root):
    message = refused(upload(png_with_header_size(30_000, 30_000), name="bom.png"))
    assert "nghi là tệp nén độc hại" in message


def test_png_with_huge_dimensions_under_the_bomb_limit_is_refused(media_root):
    # 8,000 × 7,000 = 56 million pixels: under Pillow's bomb limit (~89 million), over ours (50 million).
    message = refused(upload(png_with_header_size(8_000, 7_000), name="rong.png"))
    assert message == (
        "Ảnh có kích thước 8000 × 7000 điểm ảnh, vượt mức tối đa 50 triệu điểm ảnh; hãy thu nhỏ ảnh rồi tải lại."
    )
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_alt_text_is_required(media_root):
    with pytest.raises(ValidationError) as caught:
        photo_add(image=upload(image_bytes()), alt_text="  ", album=make_album())
    assert "alt_text" in caught.value.message_dict
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_admin_form_gives_the_same_message_for_a_renamed_text_file():
    form = PhotoForm(data={"alt_text": "Ảnh", "order": 0, "is_public": "on"}, files={"image": upload(b"xin chao" * 50)})
    assert not form.is_valid()
    assert form.errors["image"] == ["Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."]
    assert 'accept="image/jpeg,image/png,image/webp"' in str(form["image"])


def test_exif_orientation_applied_and_exif_stripped(media_root):
    raw = jpeg_with_orientation_and_gps(600, 400, orientation=6)
    with Image.open(io.BytesIO(raw)) as source:  # the test image really carries the tags
        assert source.getexif()[0x0112] == 6 and source.getexif().get_ifd(0x8825)
    photo = photo_add(image=upload(raw, name="IMG_0001.JPG"), alt_text="Ảnh dọc", album=make_album())
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (400, 600)  # turned upright
    assert timezone.localtime(photo.taken_at).replace(tzinfo=None) == datetime.datetime(2024, 3, 15, 9, 30)
    assert photo.image.name.startswith("gallery/") and photo.image.name.endswith(".jpg")
    assert "IMG_0001" not in photo.image.name
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (400, 600)
        assert len(image.getexif()) == 0 and "exif" not in image.info
        # The red corner block (top-left in the camera's frame) is now top-right: rotated 90° clockwise.
        assert image.getpixel((390, 10))[0] > 180 and image.getpixel((10, 10))[0] < 100
    for rendition in photo.renditions:
        for key in ("webp", "jpeg"):
            with photo.image.storage.open(rendition[key], "rb") as stored, Image.open(stored) as image:
                assert len(image.getexif()) == 0 and "exif" not in image.info


def test_png_named_jpg_is_stored_as_png(media_root):
    photo = photo_add(image=upload(image_bytes(500, 300, fmt="PNG"), name="anh.jpg"), alt_text="Ảnh", album=None)
    assert photo.image.name.endswith(".png") and photo.album is None
    assert (photo.width, photo.height) == (500, 300)


def test_colour_profile_is_kept(media_root):
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = Image.new("RGB", (900, 600), (200, 40, 40))
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", icc_profile=profile)
    photo = photo_add(image=upload(buffer.getvalue()), alt_text="Ảnh có hồ sơ màu", album=None)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.info.get("icc_profile") == profile
    with photo.image.storage.open(photo.renditions[0]["webp"], "rb") as stored, Image.open(stored) as image:
        assert image.info.get("icc_profile") == profile


def test_cut_off_jpeg_is_refused(media_root):
    whole = image_bytes(1200, 800)
    message = refused(upload(whole[: len(whole) // 2], name="dut.jpg"))
    assert message == "Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể tải lên bị ngắt giữa chừng); hãy tải lại."
    assert not Photo.objects.exists() and stored_files(media_root) == []


def test_stored_photos_are_not_checked_again_on_later_saves():
    """An album save re-validates its photo rows: stored files (even one gone missing) pass without
    being opened, so the album can still be saved."""
    from friendship_union.gallery.models import Photo
    from friendship_union.gallery.validators import validate_photo_upload

    from .factories import make_album

    [photo] = Photo.objects.bulk_create([Photo(album=make_album(), image="gallery/da-mat.jpg", alt_text="x")])
    photo.full_clean()  # the file does not exist: no FileNotFoundError, no message
    validate_photo_upload(Photo.objects.get(pk=photo.pk).image)


def test_comment_and_xmp_are_dropped_from_the_original_and_every_rendition(media_root):
    """A JPEG comment (COM segment) and an XMP packet can carry a place or a name as well as EXIF can."""
    source = Image.new("RGB", (900, 600), (30, 110, 170))
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>Nha rieng Ca Mau</rdf:RDF></x:xmpmeta>'
    source.save(buffer, "JPEG", comment=b"Chup tai nha rieng, 8.6 N 104.7 E", xmp=xmp)
    photo = photo_add(image=upload(buffer.getvalue()), alt_text="Ảnh có ghi chú", album=make_album())
    stored = [photo.image.name] + [r[key] for r in photo.renditions for key in ("webp", "jpeg")]
    assert len(stored) == 5  # the original, 400 and 800 px in two formats
    for name in stored:
        with photo.image.storage.open(name, "rb") as file:
            raw = file.read()
        assert b"nha rieng" not in raw and b"Nha rieng" not in raw, name
        with Image.open(io.BytesIO(raw)) as image:
            assert "comment" not in image.info and "xmp" not in image.info, name


def test_a_phone_photo_with_a_second_picture_is_stored_as_its_first_jpeg(media_root):
    """Phones save portrait-mode photos as MPO: a JPEG with a depth map or a second frame appended."""
    first, second = Image.new("RGB", (600, 400), (30, 110, 170)), Image.new("RGB", (600, 400), (0, 0, 0))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    photo = photo_add(image=upload(buffer.getvalue(), name="PXL_0001.jpg"), alt_text="Ảnh điện thoại", album=None)
    assert photo.image.name.endswith(".jpg") and (photo.width, photo.height) == (600, 400)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.getpixel((300, 200))[2] > 150
