"""Public gallery pages: published albums only (an album of an internal record stays internal)."""

from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from friendship_union.core.public import page_of

from .models import Album, Photo

ALBUMS_PER_PAGE = 24
PHOTOS_PER_PAGE = 60


@require_safe
def album_list(request):
    albums = Album.objects.listable().with_cover_and_count()
    newest_first = (F("date").desc(nulls_last=True), "-created_at", "-pk")  # undated albums last
    page = page_of(request, albums.order_by(*newest_first), ALBUMS_PER_PAGE)
    covers = Photo.objects.in_bulk([album.cover_photo_id for album in page if album.cover_photo_id])
    for album in page:
        album.cover_photo = covers.get(album.cover_photo_id)
    return render(request, "gallery/album_list.html", {"page": page})


@require_safe
def album_detail(request, slug):
    album = get_object_or_404(Album.objects.published(), slug=slug)
    page = page_of(request, album.photos.public().order_by("order", "pk"), PHOTOS_PER_PAGE)
    return render(request, "gallery/album_detail.html", {"album": album, "page": page})
