"""Writes on the gallery: adding photos (one or many) the same way from the admin, imports and tests."""

from django.db import transaction
from django.db.models import Max

from .models import Album, Photo


@transaction.atomic
def photo_add(
    *,
    image,
    alt_text: str,
    album: Album | None = None,
    caption: str = "",
    caption_en: str = "",
    credit: str = "",
    is_public: bool = True,
    order: int | None = None,
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
        is_public=is_public,
        order=order,
    )
    photo.normalize_text()  # "  " is no alt text
    photo.full_clean()
    photo.save()
    return photo


def photos_add_many(*, album: Album, images, alt_text: str, credit: str = "") -> list[Photo]:
    """Add several uploaded images to `album` at its end; each gets `alt_text` numbered (“…, ảnh 2”) so
    staff can refine it later. All or nothing."""
    with transaction.atomic():
        photos = []
        for number, image in enumerate(images, start=1):
            text = alt_text if len(images) == 1 else f"{alt_text} ({number}/{len(images)})"
            photos.append(photo_add(album=album, image=image, alt_text=text, credit=credit))
        return photos
