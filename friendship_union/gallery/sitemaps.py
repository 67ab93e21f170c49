"""Listable albums in sitemap.xml (declared on the app's AppConfig)."""

from django.urls import reverse

from friendship_union.core.sitemaps import I18nSitemap

from .models import Album


class AlbumSitemap(I18nSitemap):
    def items(self):
        return Album.objects.listable().order_by("slug").only("slug", "updated_at")

    def location(self, album):
        return reverse("gallery:detail", args=[album.slug])

    def lastmod(self, album):
        return album.updated_at
