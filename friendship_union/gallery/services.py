"""Writes on the gallery: adding photos (one or many) the same way from the admin (an album's photo
table, the photo form, the article editor's "insert a photo" pop-up), the demo and tests."""

import datetime

from django.db import transaction
from django.db.models import Max

from friendship_union.core.services import record_save

from .models import Album, Photo


def photo_save(*, photo: Photo, user=None, validated: bool = False) -> Photo:
    """Validate (unless `validated`: a form has just done it with its own messages) and save one photo:
    a new image is stored as a clean original with its renditions (Photo.save), and the history row
    names `user`. Returns the photo. Raises ValidationError; nothing is stored then."""
    photo.normalize_text()  # "  " is no alt text
    return record_save(photo, user=user, validated=validated)


@transaction.atomic
def photo_add(
    *,
    image,
    alt_text: str,
    album: Album | None = None,
    caption: str = "",
    caption_en: str = "",
    credit: str = "",
    taken_at: datetime.datetime | None = None,
    is_public: bool = True,
    order: int | None = None,
    user=None,
) -> Photo:
    """Validate and store one photo (clean original + renditions). Raises ValidationError with the
    Vietnamese message of the first problem; nothing is stored then. `order` defaults to the end."""
    if order is None:
        last = album.photos.aggregate(last=Max("order"))["last"] if album is not None and album.pk else None
        order = 0 if last is None else last + 1
    photo = Photo(
        album=album,
        image=image,
        alt_text=alt_text,
        caption=caption,
        caption_en=caption_en,
        credit=credit,
        taken_at=taken_at,
        is_public=is_public,
        order=order,
    )
    return photo_save(photo=photo, user=user)


def photos_add_many(*, album: Album, images, alt_text: str, credit: str = "", user=None) -> list[Photo]:
    """Add several uploaded images to `album` at its end; each gets `alt_text` numbered (“…, ảnh 2”) so
    staff can refine it later. All or nothing."""
    with transaction.atomic():
        photos = []
        for number, image in enumerate(images, start=1):
            text = alt_text if len(images) == 1 else f"{alt_text} ({number}/{len(images)})"
            photos.append(photo_add(album=album, image=image, alt_text=text, credit=credit, user=user))
        return photos
