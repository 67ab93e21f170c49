"""Renditions (400/800/1600 px WebP + JPEG, never upscaled) and the {% picture %} tag."""

import pytest
from django.template import Context, Template
from PIL import Image

from friendship_union.gallery.images import rendition_widths

from .factories import image_bytes, make_album, make_photo, upload

pytestmark = pytest.mark.django_db


def sizes_of(photo, key):
    result = []
    for rendition in photo.renditions:
        with photo.image.storage.open(rendition[key], "rb") as stored, Image.open(stored) as image:
            result.append((image.format, image.size))
    return result


def test_renditions_at_400_800_1600_in_webp_and_jpeg():
    photo = make_photo(make_album(), width=2400, height=1600)
    assert [r["width"] for r in photo.renditions] == [400, 800, 1600]
    assert sizes_of(photo, "webp") == [("WEBP", (400, 267)), ("WEBP", (800, 533)), ("WEBP", (1600, 1067))]
    assert sizes_of(photo, "jpeg") == [("JPEG", (400, 267)), ("JPEG", (800, 533)), ("JPEG", (1600, 1067))]
    assert all(r["webp"].startswith("gallery/renditions/") for r in photo.renditions)


@pytest.mark.parametrize(
    ("width", "expected"),
    [(2400, [400, 800, 1600]), (1600, [400, 800, 1600]), (1000, [400, 800]), (400, [400]), (250, [250])],
)
def test_never_upscaled(width, expected):
    assert rendition_widths(width) == expected


def test_small_photo_gets_one_rendition_at_its_own_size():
    photo = make_photo(None, width=300, height=200)
    assert sizes_of(photo, "jpeg") == [("JPEG", (300, 200))]


def test_transparent_png_gets_a_white_jpeg_fallback():
    photo = make_photo(None, image=upload(image_bytes(500, 500, fmt="PNG", mode="RGBA", color=(0, 0, 0, 0)), "a.png"))
    with photo.image.storage.open(photo.renditions[0]["jpeg"], "rb") as stored, Image.open(stored) as image:
        assert image.getpixel((250, 250)) == (255, 255, 255)


def test_replacing_the_image_remakes_renditions_and_removes_the_old_ones(django_capture_on_commit_callbacks):
    photo = make_photo(make_album(), width=2000, height=1000)
    old = [r["webp"] for r in photo.renditions]
    photo.image = upload(image_bytes(900, 600), "moi.jpg")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        photo.save()
    assert [r["width"] for r in photo.renditions] == [400, 800]
    assert all(photo.image.storage.exists(name) for name in old)  # until the save commits
    for callback in pending:
        callback()
    assert not any(photo.image.storage.exists(name) for name in old)


def test_picture_tag_renders_webp_srcset_and_jpeg_fallback():
    photo = make_photo(make_album(), width=2400, height=1600, alt_text='Trao quà cho học sinh "nghèo"')
    html = Template('{% load gallery %}{% picture photo sizes="(max-width: 800px) 100vw, 800px" %}').render(
        Context({"photo": photo})
    )
    url = photo.image.storage.url
    webp = ", ".join(f"{url(r['webp'])} {r['width']}w" for r in photo.renditions)
    jpeg = ", ".join(f"{url(r['jpeg'])} {r['width']}w" for r in photo.renditions)
    assert html == (
        f'<picture><source type="image/webp" srcset="{webp}" sizes="(max-width: 800px) 100vw, 800px">'
        f'<img src="{url(photo.renditions[1]["jpeg"])}" srcset="{jpeg}" sizes="(max-width: 800px) 100vw, 800px" '
        'width="1600" height="1067" loading="lazy" decoding="async" '
        'alt="Trao quà cho học sinh &quot;nghèo&quot;"></picture>'
    )
    assert " 400w, " in html and " 1600w" in html


def test_picture_tag_without_renditions_shows_the_original():
    photo = make_photo(None)
    photo.renditions = []
    html = Template("{% load gallery %}{% picture photo loading='eager' %}").render(Context({"photo": photo}))
    assert f'src="{photo.image.url}"' in html and 'loading="eager"' in html and "<source" not in html
    assert Template("{% load gallery %}{% picture photo %}").render(Context({"photo": None})) == ""


def test_photo_include_shows_caption_and_credit():
    photo = make_photo(None, caption="Lễ bàn giao", credit="Ảnh: Hội hữu nghị")
    html = Template('{% include "gallery/includes/photo.html" with photo=photo %}').render(Context({"photo": photo}))
    assert html.startswith('<figure class="photo"><picture>')
    assert '<figcaption><span>Lễ bàn giao</span> <small class="credit">Ảnh: Hội hữu nghị</small></figcaption>' in html


def test_gallery_renditions_command_fills_missing_ones():
    from io import StringIO

    from django.core.management import call_command

    from friendship_union.gallery.models import Photo

    photo = make_photo(None, width=900, height=600)
    Photo.objects.filter(pk=photo.pk).update(renditions=[])
    out = StringIO()
    call_command("gallery_renditions", stdout=out)
    photo.refresh_from_db()
    assert [r["width"] for r in photo.renditions] == [400, 800]
    assert "Đã tạo các cỡ cho 1 ảnh; 0 ảnh lỗi." in out.getvalue()


def test_deleting_photos_removes_their_files(django_capture_on_commit_callbacks):
    album = make_album()
    photo = make_photo(album, width=900, height=600)
    other = make_photo(album, width=500, height=400)
    names = [photo.image.name, other.image.name] + [
        r[k] for p in (photo, other) for r in p.renditions for k in ("webp", "jpeg")
    ]
    storage = photo.image.storage
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        album.delete()  # cascades to both photos
    assert not any(storage.exists(name) for name in names)


def test_replacing_the_image_removes_the_old_original(django_capture_on_commit_callbacks):
    photo = make_photo(None, width=900, height=600)
    old = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = upload(image_bytes(700, 500), "moi.jpg")
        photo.save()
    assert not photo.image.storage.exists(old) and photo.image.storage.exists(photo.image.name)


def test_clean_originals_strips_exif_from_photos_stored_before_cleaning():
    """Photos moved from the old photo models kept their files as uploaded (EXIF, GPS, sideways)."""
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from friendship_union.gallery.models import Photo

    from .factories import jpeg_with_orientation_and_gps

    name = default_storage.save("aid-photos/cu.jpg", ContentFile(jpeg_with_orientation_and_gps(600, 400)))
    [photo] = Photo.objects.bulk_create([Photo(album=make_album(), image=name, alt_text="Ảnh cũ")])  # no cleaning
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        assert image.getexif()  # as uploaded years ago
    out = StringIO()
    call_command("gallery_renditions", "--clean-originals", stdout=out)
    photo.refresh_from_db()
    with photo.image.storage.open(photo.image.name, "rb") as stored, Image.open(stored) as image:
        assert not image.getexif() and image.size == (400, 600)  # no EXIF, and upright
    assert (photo.width, photo.height) == (400, 600) and photo.renditions
    assert "Đã tạo các cỡ cho 1 ảnh; 0 ảnh lỗi." in out.getvalue()
