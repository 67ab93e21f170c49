"""The public delegations' pages in sitemap.xml (declared on the app's AppConfig)."""

from django.urls import reverse

from friendship_union.core.sitemaps import I18nSitemap

from .models import Delegation


class DelegationSitemap(I18nSitemap):
    reads = frozenset({"delegations"})

    def items(self):
        return Delegation.objects.public().order_by("code").only("code", "updated_at")

    def location(self, record):
        return reverse("delegations:detail", args=[record.code])

    def lastmod(self, record):
        return record.updated_at
