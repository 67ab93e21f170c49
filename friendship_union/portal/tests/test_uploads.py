"""Hostile uploads to every file and image field of every model, through each record's write path.

The fields are read from the app registry, so a new file or image field is covered without editing
this test: `test_every_file_field_has_a_record_to_test_it` fails until `RECORDS` knows how to make its
record. Each hostile file (a decompression bomb, an 81-megapixel image, a cut-off JPEG, HTML or SVG
under an image or PDF name, a JPEG with a ZIP or HTML appended, an empty file, a wrong extension) is
refused with a Vietnamese message naming the problem, and the file already stored stays as it was.
Every image field stores a clean copy: upright, without EXIF (GPS), XMP or comment."""

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from friendship_union.aid.models import AidDocument, AidItem
from friendship_union.aid.services import aid_item_save
from friendship_union.core.models import Leader, SiteIdentity
from friendship_union.core.services import record_save
from friendship_union.core.tests.factories import UserFactory
from friendship_union.core.tests.images import (
    assert_clean_and_upright,
    hostile_uploads,
    jpeg_with_metadata,
    picture,
    stored_image,
    upload,
)
from friendship_union.documents.models import LegalDocument, Publication
from friendship_union.documents.services import document_save, publication_save
from friendship_union.gallery.models import Photo
from friendship_union.partners.models import Partner
from friendship_union.partners.services import partner_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _aid_item() -> AidItem:
    return aid_item_save(item=AidItem(code=f"VT-TEP-{AidItem.objects.count()}", form="project", title="Trường học"))


@dataclass(frozen=True)
class Record:
    """How to make a record of a model (every required field filled) and save it through its write path."""

    build: Callable[[], models.Model]
    save: Callable[[models.Model], object]


RECORDS: dict[type[models.Model], Record] = {
    SiteIdentity: Record(lambda: SiteIdentity(name="Liên hiệp hữu nghị", province="Cà Mau"), record_save),
    Leader: Record(lambda: Leader(name="Nguyễn Văn A", position="Chủ tịch"), record_save),
    Partner: Record(
        lambda: Partner(code=f"DT-{Partner.objects.count()}", name="Loreto", partner_type="ingo", country_id="AU"),
        lambda partner: partner_save(partner=partner),
    ),
    LegalDocument: Record(
        lambda: LegalDocument(
            number=f"{LegalDocument.objects.count() + 1}/QĐ",
            doc_type="decision",
            title="Quy chế",
            issuer="UBND tỉnh",
            issue_date=datetime.date(2024, 1, 2),
        ),
        lambda document: document_save(document=document),
    ),
    Publication: Record(
        lambda: Publication(title=f"Kỷ yếu {Publication.objects.count()}", year=2024),
        lambda publication: publication_save(publication=publication),
    ),
    AidDocument: Record(lambda: AidDocument(aid_item=_aid_item(), title="Biên bản"), record_save),
    Photo: Record(lambda: Photo(alt_text="Lễ bàn giao"), record_save),
}


def file_fields() -> list[models.FileField]:
    """Every FileField and ImageField a person can upload into: history tables left out (they keep
    names only), and fields no form offers (editable=False: files the site makes itself, such as a sent
    report's pack)."""
    return [
        field
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and field.editable
    ]


def field_id(field) -> str:
    return f"{field.model._meta.label}.{field.name}"


FIELDS = file_fields()
IMAGE_FIELDS = [field for field in FIELDS if isinstance(field, models.ImageField)]
HOSTILE = hostile_uploads()


def saved_with(field, content: bytes, name: str) -> models.Model:
    """A record of `field`'s model saved through its write path with `content` in `field`."""
    spec = RECORDS[field.model]
    record = spec.build()
    setattr(record, field.name, upload(content, name))
    spec.save(record)
    return record


def stored_files(root) -> dict[str, bytes]:
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as file:
                found[os.path.join(folder, name)] = file.read()
    return found


def test_the_walk_finds_the_known_fields():
    assert {field_id(f) for f in IMAGE_FIELDS} >= {
        "core.SiteIdentity.logo",
        "core.Leader.portrait",
        "partners.Partner.logo",
        "documents.Publication.cover",
        "gallery.Photo.image",
    }
    assert {field_id(f) for f in FIELDS} - {field_id(f) for f in IMAGE_FIELDS} >= {
        "documents.LegalDocument.file",
        "documents.Publication.file",
        "aid.AidDocument.file",
    }
    # The site's own files are not uploads, and no admin form offers them.
    assert "reports.Submission.docx" not in {field_id(f) for f in FIELDS}


def test_every_file_field_has_a_record_to_test_it():
    missing = sorted({field.model._meta.label for field in FIELDS if field.model not in RECORDS})
    assert missing == [], f"add these models to RECORDS in {__name__}: {missing}"


@pytest.mark.parametrize("case", HOSTILE, ids=str)
@pytest.mark.parametrize("field", FIELDS, ids=field_id)
def test_a_hostile_upload_is_refused_and_the_stored_file_stays(reference_data, media_root, field, case):
    hostile = HOSTILE[case]
    good = picture(60, 40, "PNG")
    record = saved_with(field, good, "cu.png")
    before_name = getattr(record, field.attname).name
    before_files = stored_files(media_root)

    setattr(record, field.name, upload(hostile.content, hostile.name))
    with pytest.raises(ValidationError) as refused:
        RECORDS[field.model].save(record)

    is_image = isinstance(field, models.ImageField)
    expected = hostile.image_message if is_image else hostile.document_message
    messages = refused.value.message_dict.get(field.name, [])
    assert any(expected in message for message in messages), messages
    record.refresh_from_db()
    assert getattr(record, field.attname).name == before_name
    assert stored_files(media_root) == before_files  # nothing stored, nothing replaced


@pytest.mark.parametrize("field", IMAGE_FIELDS, ids=field_id)
def test_every_image_field_stores_an_upright_copy_without_metadata(reference_data, field):
    record = saved_with(field, jpeg_with_metadata(300, 200), "IMG_0001.JPG")
    record.refresh_from_db()
    stored = getattr(record, field.attname)
    assert stored.name.endswith(".jpg") and "IMG_0001" not in stored.name
    raw, image = stored_image(stored)
    assert_clean_and_upright(raw, image, size=(200, 300))


@pytest.mark.parametrize("field", IMAGE_FIELDS, ids=field_id)
def test_an_image_with_bytes_appended_is_stored_without_them(reference_data, field):
    """Data after the end of the picture (not a ZIP or markup, which are refused) is not kept: the
    stored file is a new encoding of the pixels."""
    appended = b"\x00TRAILING-PAYLOAD-" * 50
    record = saved_with(field, picture(300, 200) + appended, "anh.jpg")
    raw, image = stored_image(getattr(record, field.attname))
    assert b"TRAILING-PAYLOAD" not in raw and image.size == (300, 200)


@pytest.mark.parametrize("field", [f for f in FIELDS if not isinstance(f, models.ImageField)], ids=field_id)
def test_document_fields_keep_a_good_file_as_uploaded(reference_data, field):
    """A document or an image among documents is an official file: stored byte for byte."""
    for name, content in [("quyet-dinh.pdf", b"%PDF-1.4\n%%EOF\n"), ("ban-chup.jpg", picture(300, 200))]:
        record = saved_with(field, content, name)
        stored = getattr(record, field.attname)
        with stored.storage.open(stored.name, "rb") as file:
            assert file.read() == content


# Through the admin: a real multipart upload by the role that edits the record.


def identity_form(**extra) -> dict:
    data = {
        "name": "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau",
        "name_en": "",
        "short_name": "LHHN",
        "province": "Cà Mau",
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
        "person_in_charge": "",
        "person_in_charge_title": "",
        "iati_org_identifier": "",
    }
    return {**data, **extra}


def test_admin_site_identity_logo_refuses_a_cut_off_jpeg_and_keeps_the_old_logo(client, media_root):
    client.force_login(UserFactory(username="quantri", role="admin", password=None))
    url = "/admin/core/siteidentity/1/change/"
    identity = SiteIdentity(name="Liên hiệp", province="Cà Mau", logo=upload(picture(60, 60, "PNG"), "logo.png"))
    record_save(identity)
    old_logo = SiteIdentity.objects.get().logo.name
    before_files = stored_files(media_root)

    hostile = HOSTILE["truncated-jpeg"]
    response = client.post(url, identity_form(logo=upload(hostile.content, hostile.name)))
    assert response.status_code == 200
    assert "Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể tải lên bị ngắt giữa chừng); hãy tải lại." in (
        response.content.decode()
    )
    assert SiteIdentity.objects.get().logo.name == old_logo and stored_files(media_root) == before_files

    response = client.post(url, identity_form(logo=upload(jpeg_with_metadata(300, 200), "logo.jpg")))
    assert response.status_code == 302
    logo = SiteIdentity.objects.get().logo
    assert logo.name != old_logo
    assert_clean_and_upright(*stored_image(logo), size=(200, 300))


def test_admin_leader_portrait_by_the_editor_is_refused_when_too_large_and_stored_clean(client):
    client.force_login(UserFactory(username="bientap", role="editor", password=None))
    data = {
        "name": "Nguyễn Công Minh",
        "position": "Chủ tịch",
        "position_en": "",
        "unit": "",
        "order": "1",
        "is_public": "on",
        "work_phone": "",
        "work_email": "",
    }
    hostile = HOSTILE["81-megapixels"]
    response = client.post("/admin/core/leader/add/", {**data, "portrait": upload(hostile.content, hostile.name)})
    assert response.status_code == 200
    assert (
        "Ảnh có kích thước 9000 × 9000 điểm ảnh, vượt mức tối đa 25 triệu điểm ảnh; hãy thu nhỏ ảnh rồi tải lại."
        in response.content.decode()
    )
    assert not Leader.objects.exists()

    portrait = upload(jpeg_with_metadata(), "chan-dung.jpg")
    response = client.post("/admin/core/leader/add/", {**data, "portrait": portrait})
    assert response.status_code == 302
    assert_clean_and_upright(*stored_image(Leader.objects.get().portrait), size=(200, 300))


def test_images_stored_before_cleaning_are_cleaned_by_a_command(reference_data, media_root):
    """Logos, portraits and covers uploaded before uploads were cleaned still carry their EXIF (GPS):
    `manage.py clean_images` re-encodes every stored image of every image field (the gallery's photos
    go through gallery_renditions --clean-originals, with their renditions)."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    planted = {}
    for field in IMAGE_FIELDS:
        if field.model is Photo:
            continue
        record = saved_with(field, picture(60, 40, "PNG"), "cu.png")
        # As an old upload was stored: the camera's file, metadata and all, straight into storage.
        name = default_storage.save(f"cu/{field.model._meta.model_name}.jpg", ContentFile(jpeg_with_metadata(300, 200)))
        field.model._base_manager.filter(pk=record.pk).update(**{field.name: name})
        planted[field_id(field)] = (field, record.pk, name)
    assert planted.keys() >= {"core.SiteIdentity.logo", "core.Leader.portrait", "partners.Partner.logo"}

    out = io.StringIO()
    call_command("clean_images", "--dry-run", stdout=out)
    assert f"Sẽ làm sạch {len(planted)} ảnh" in out.getvalue()
    assert all(default_storage.exists(name) for _f, _pk, name in planted.values())  # a dry run writes nothing

    call_command("clean_images", stdout=out)
    assert f"Đã làm sạch {len(planted)} ảnh; 0 ảnh lỗi." in out.getvalue()
    assert "gallery_renditions --clean-originals" in out.getvalue()
    for field, pk, old in planted.values():
        stored = getattr(field.model._base_manager.get(pk=pk), field.attname)
        assert stored.name != old and not default_storage.exists(old)
        raw, image = stored_image(stored)
        assert_clean_and_upright(raw, image, size=(200, 300))
