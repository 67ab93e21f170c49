"""The partner pages in sitemap.xml (declared on the app's AppConfig)."""

from django.urls import reverse

from friendship_union.core.sitemaps import I18nSitemap

from .models import Partner


class PartnerSitemap(I18nSitemap):
    reads = frozenset({"partners"})

    def items(self):
        return Partner.objects.order_by("code").only("code", "updated_at")

    def location(self, record):
        return reverse("partners:detail", args=[record.code])

    def lastmod(self, record):
        return record.updated_at
