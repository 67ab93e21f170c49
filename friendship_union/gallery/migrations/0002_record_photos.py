"""Move the photos of aid items, delegations and events (AidPhoto, DelegationPhoto, EventPhoto) into one
album per record. The image files stay where they are (same storage names); alt text, caption, credit,
public flag and upload order are kept; renditions are made when the file is present (else later by
`manage.py gallery_renditions`)."""

import logging

from django.core.files.storage import default_storage
from django.db import migrations

logger = logging.getLogger(__name__)

# (app, record model, old photo model, foreign key on the old photo, the record's date field)
RECORDS = [
    ("aid", "AidItem", "AidPhoto", "aid_item", "commitment_date"),
    ("delegations", "Delegation", "DelegationPhoto", "delegation", "start_date"),
    ("events", "Event", "EventPhoto", "event", "start_date"),
]


def unique_slug(Album, title: str) -> str:
    from friendship_union.core.text import slugify

    base = (slugify(title) or "album")[:100].strip("-")
    taken = set(Album.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def describe(name: str) -> dict:
    """Width, height and renditions of a stored image; empty values when the file is missing or broken."""
    from PIL import Image

    from friendship_union.gallery.images import make_renditions

    try:
        with default_storage.open(name, "rb") as file, Image.open(file) as image:
            width, height = image.size
        return {"width": width, "height": height, "renditions": make_renditions(name)}
    except Exception as exc:  # noqa: BLE001 - a missing file must not block the migration
        logger.warning("gallery: no renditions for %s (%s)", name, exc)
        return {"width": None, "height": None, "renditions": []}


def move_into_albums(apps, schema_editor):
    Album = apps.get_model("gallery", "Album")
    Photo = apps.get_model("gallery", "Photo")
    for app_label, record_name, photo_name, fk, date_field in RECORDS:
        Record = apps.get_model(app_label, record_name)
        OldPhoto = apps.get_model(app_label, photo_name)
        for record in Record.objects.filter(pk__in=OldPhoto.objects.values(fk)).order_by("pk"):
            album = record.album
            if album is None:
                album = Album.objects.create(
                    title=record.title[:255],  # records allow 300 characters, albums 255
                    slug=unique_slug(Album, record.title),
                    date=getattr(record, date_field),
                    is_public=True,  # the record's own public flag still decides (Album.objects.published)
                )
                record.album = album
                record.save(update_fields=["album"])
            start = album.photos.count()
            for position, old in enumerate(OldPhoto.objects.filter(**{fk: record}).order_by("pk")):
                Photo.objects.create(
                    album=album,
                    image=old.image.name,
                    alt_text=old.alt_text,
                    caption=old.caption,
                    credit=getattr(old, "credit", ""),
                    is_public=old.is_public,
                    order=start + position,
                    **describe(old.image.name),
                )


def move_back(apps, schema_editor):
    """Recreate the old photo rows from the records' albums, then remove those albums (files stay)."""
    Album = apps.get_model("gallery", "Album")
    for app_label, record_name, photo_name, fk, _date_field in RECORDS:
        Record = apps.get_model(app_label, record_name)
        OldPhoto = apps.get_model(app_label, photo_name)
        for record in Record.objects.filter(album__isnull=False).select_related("album"):
            for photo in record.album.photos.order_by("order", "pk"):
                values = {"alt_text": photo.alt_text, "caption": photo.caption, "is_public": photo.is_public}
                if any(f.name == "credit" for f in OldPhoto._meta.fields):
                    values["credit"] = photo.credit
                OldPhoto.objects.create(**{fk: record}, image=photo.image.name, **values)
            album_pk = record.album_id
            Record.objects.filter(pk=record.pk).update(album=None)
            Album.objects.filter(pk=album_pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0001_initial"),
        ("aid", "0004_album"),
        ("delegations", "0002_album"),
        ("events", "0003_album"),
    ]

    operations = [migrations.RunPython(move_into_albums, move_back)]
