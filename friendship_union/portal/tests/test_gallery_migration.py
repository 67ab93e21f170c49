"""The data migration (gallery 0002) moves each record's old photos into an album for that record."""

import datetime
import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from friendship_union.aid.models import AidItem
from friendship_union.events.models import Event
from friendship_union.gallery.models import Album, Photo
from friendship_union.gallery.tests.factories import image_bytes

pytestmark = pytest.mark.django_db

BEFORE = [("gallery", "0001_initial"), ("aid", "0004_album"), ("delegations", "0002_album"), ("events", "0003_album")]
migration = importlib.import_module("friendship_union.gallery.migrations.0002_record_photos")


@pytest.fixture
def old_apps():
    """The models as they were before the move, with the old photo tables created for this test only
    (PostgreSQL rolls the DDL back with the test's transaction)."""
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    with connection.schema_editor(atomic=False) as editor:
        for app_label, model in [("aid", "AidPhoto"), ("delegations", "DelegationPhoto"), ("events", "EventPhoto")]:
            editor.create_model(apps.get_model(app_label, model))
    return apps


def test_photos_move_into_one_album_per_record(old_apps):
    aid = AidItem.objects.create(
        code="VT-1",
        form="project",
        title="Trường học Đất Mũi",
        is_public=True,
        commitment_date=datetime.date(2013, 5, 1),
    )
    event = Event.objects.create(code="SK-1", kind="workshop", title="Hội thảo", start_date=datetime.date(2012, 1, 1))
    AidItem.objects.create(code="VT-2", form="project", title="Không có ảnh")
    first = default_storage.save("aid-photos/2013/a.jpg", ContentFile(image_bytes(1000, 600)))
    second = default_storage.save("aid-photos/2013/b.jpg", ContentFile(image_bytes(500, 300)))
    OldAidPhoto = old_apps.get_model("aid", "AidPhoto")
    OldAidPhoto.objects.create(
        aid_item_id=aid.pk, image=first, alt_text="Lễ bàn giao", caption="Bàn giao", credit="LHHN"
    )
    OldAidPhoto.objects.create(aid_item_id=aid.pk, image=second, alt_text="Lớp học mới", is_public=False)
    old_apps.get_model("events", "EventPhoto").objects.create(
        event_id=event.pk, image="events/2012/missing.jpg", alt_text="Hội trường"
    )

    migration.move_into_albums(old_apps, None)

    aid.refresh_from_db()
    event.refresh_from_db()
    assert AidItem.objects.get(code="VT-2").album is None
    assert (aid.album.title, aid.album.slug, aid.album.date) == (
        "Trường học Đất Mũi",
        "truong-hoc-dat-mui",
        datetime.date(2013, 5, 1),
    )
    photos = list(aid.album.photos.order_by("order"))
    assert [(p.image.name, p.alt_text, p.caption, p.credit, p.is_public, p.order) for p in photos] == [
        (first, "Lễ bàn giao", "Bàn giao", "LHHN", True, 0),
        (second, "Lớp học mới", "", "", False, 1),
    ]
    assert [r["width"] for r in photos[0].renditions] == [400, 800] and (photos[0].width, photos[0].height) == (
        1000,
        600,
    )
    assert default_storage.exists(first) and default_storage.exists(second)  # files kept in place
    missing = event.album.photos.get()  # a missing file is moved too, without renditions
    assert missing.image.name == "events/2012/missing.jpg" and missing.renditions == []
    assert Album.objects.count() == 2 and Photo.objects.count() == 3

    migration.move_back(old_apps, None)
    assert Album.objects.count() == 0 and Photo.objects.count() == 0
    assert sorted(OldAidPhoto.objects.values_list("alt_text", flat=True)) == [
        "Lễ bàn giao",
        "Lễ bàn giao",
        "Lớp học mới",
        "Lớp học mới",
    ]
