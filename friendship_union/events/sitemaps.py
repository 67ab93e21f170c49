"""The public events' pages in sitemap.xml (declared on the app's AppConfig)."""

from django.urls import reverse

from friendship_union.core.sitemaps import I18nSitemap

from .models import Event


class EventSitemap(I18nSitemap):
    reads = frozenset({"events"})

    def items(self):
        return Event.objects.public().order_by("code").only("code", "updated_at")

    def location(self, record):
        return reverse("events:detail", args=[record.code])

    def lastmod(self, record):
        return record.updated_at
