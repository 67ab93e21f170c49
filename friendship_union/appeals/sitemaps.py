"""Open calls for aid in sitemap.xml (declared on the app's AppConfig)."""

from django.urls import reverse

from friendship_union.core.sitemaps import I18nSitemap

from .models import Appeal


class AppealSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return Appeal.objects.open().select_related("aid_item").only("aid_item__code", "updated_at")

    def location(self, appeal):
        return reverse("appeals:detail", args=[appeal.aid_item.code])

    def lastmod(self, appeal):
        return appeal.updated_at
