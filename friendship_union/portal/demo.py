"""Demo orchestration for `make run`: what only the top floor can do, because it knows the apps
above the gallery — the drawn demo albums attached to the biosphere workshop event and, as cover
photos, to the latest articles. Development only (DEMO_MODE)."""

from django.conf import settings

from friendship_union.events.models import Event
from friendship_union.events.services import event_save
from friendship_union.gallery.demo_photos import load_albums
from friendship_union.news.models import Article

WORKSHOP = "SK-HT-SQ"


def load(stdout=None) -> int:
    if not settings.DEMO_MODE:
        return 0
    albums = load_albums()
    (landscapes, made_landscapes), (workshop_album, made_workshop) = albums
    if made_workshop:
        event = Event.objects.filter(code=WORKSHOP).first()
        if event is not None:
            event.album = workshop_album
            event_save(event=event)
    if made_landscapes:  # the standalone album gives the latest articles their cover photos
        covers = list(landscapes.photos.order_by("order"))
        for article, photo in zip(Article.objects.filter(cover=None).order_by("-publish_at"), covers, strict=False):
            article.cover = photo
            article.save(update_fields=["cover", "updated_at"])
    made = sum(album.photos.count() for album, new in albums if new)
    if stdout:
        stdout.write(f"Ảnh minh họa: {made} mới.")
    return made
