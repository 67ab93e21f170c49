"""The public aid items' pages in sitemap.xml (declared on the app's AppConfig)."""

from django.urls import reverse

from friendship_union.core.sitemaps import I18nSitemap

from .models import AidItem


class AidItemSitemap(I18nSitemap):
    reads = frozenset({"aid"})  # which items are public is their own flag

    def items(self):
        return AidItem.objects.public().order_by("code").only("code", "updated_at")

    def location(self, record):
        return reverse("aid:detail", args=[record.code])

    def lastmod(self, record):
        return record.updated_at
