"""Gallery admin: roles, an album with several photos uploaded at once, thumbnails, record forms."""

import datetime

import pytest

from friendship_union.core.roles import sync_role_permissions
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.events.models import Event
from friendship_union.gallery.models import Album, Photo
from friendship_union.gallery.tests.factories import image_bytes, make_album, make_photo, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    make_identity()
    sync_role_permissions()

    def as_role(role):
        client.force_login(UserFactory(username=f"canbo-{role}", role=role))
        return client

    return as_role


def album_form(**extra):
    data = {
        "title": "Lễ bàn giao trường học",
        "slug": "",
        "date": "04/05/2024",
        "description": "",
        "is_public": "on",
        "cover": "",
        "new_photos_alt_text": "",
        "new_photos_credit": "",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(("role", "can_add"), [("editor", True), ("data_entry", True), ("leadership", False)])
def test_roles(login, role, can_add):
    client = login(role)
    assert client.get("/admin/gallery/album/").status_code == 200
    assert client.get("/admin/gallery/photo/").status_code == 200
    assert (client.get("/admin/gallery/album/add/").status_code == 200) is can_add


def test_leadership_sees_an_album_read_only(login):
    album = make_album(title="Album chỉ xem")
    make_photo(album)
    response = login("leadership").get(f"/admin/gallery/album/{album.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Album chỉ xem" in html and 'name="new_photos"' not in html and "Tải lên nhiều ảnh" not in html


def test_moderator_cannot_see_the_gallery_admin(login):
    assert login("moderator").get("/admin/gallery/album/").status_code == 403


def test_album_with_several_photos_uploaded_at_once(login):
    client = login("editor")
    files = [upload(image_bytes(1000 + i, 700), name=f"anh-{i}.jpg") for i in range(3)]
    data = album_form(new_photos_alt_text="Lễ bàn giao trường học", new_photos_credit="Ảnh: LHHN", new_photos=files)
    response = client.post("/admin/gallery/album/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    album = Album.objects.get()
    assert album.slug == "le-ban-giao-truong-hoc" and album.date == datetime.date(2024, 5, 4)
    photos = list(album.photos.order_by("order"))
    assert [p.alt_text for p in photos] == [f"Lễ bàn giao trường học ({n}/3)" for n in (1, 2, 3)]
    assert [p.order for p in photos] == [0, 1, 2] and all(p.credit == "Ảnh: LHHN" for p in photos)
    assert all(len(p.renditions) == 2 for p in photos)
    html = client.get(f"/admin/gallery/album/{album.pk}/change/").content.decode()
    assert html.count('width="120" loading="lazy"') == 3  # thumbnails in the inline


def test_bulk_upload_refuses_a_bad_file_and_saves_nothing(login):
    client = login("editor")
    files = [upload(image_bytes(), name="tot.jpg"), upload(b"khong phai anh" * 30, name="xau.jpg")]
    response = client.post("/admin/gallery/album/add/", album_form(new_photos_alt_text="Ảnh", new_photos=files))
    assert response.status_code == 200
    assert "xau.jpg: Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ." in response.content.decode()
    assert not Album.objects.exists() and not Photo.objects.exists()


def test_bulk_upload_needs_alt_text(login):
    client = login("editor")
    response = client.post("/admin/gallery/album/add/", album_form(new_photos=[upload(image_bytes())]))
    assert "Hãy nhập mô tả cho các ảnh mới (cho người khiếm thị)." in response.content.decode()
    assert not Album.objects.exists()


def test_photo_admin_lists_thumbnails(login):
    make_photo(make_album(title="Album A"), alt_text="Ảnh trong album A")
    html = login("editor").get("/admin/gallery/photo/").content.decode()
    assert "Ảnh trong album A" in html and 'width="120"' in html


def test_event_admin_attaches_an_album(login):
    album = make_album(title="Ảnh hội thảo")
    client = login("data_entry")
    html = client.get("/admin/events/event/add/").content.decode()
    assert 'name="album"' in html
    Event.objects.create(code="SK-9", kind="workshop", title="Hội thảo", start_date=datetime.date(2020, 1, 1))
    response = client.get(
        "/admin/autocomplete/", {"term": "hội", "app_label": "events", "model_name": "event", "field_name": "album"}
    )
    assert response.json()["results"] == [{"id": str(album.pk), "text": "Ảnh hội thảo"}]
