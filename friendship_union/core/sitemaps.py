"""sitemap.xml: the public pages in both languages (hreflang alternates)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from friendship_union.aid.models import AidItem
from friendship_union.delegations.models import Delegation
from friendship_union.events.models import Event
from friendship_union.gallery.models import Album
from friendship_union.news.models import Article
from friendship_union.partners.models import Partner


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000


class StaticSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "core:home",
            "core:about",
            "news:list",
            "partners:list",
            "aid:list",
            "delegations:list",
            "events:list",
            "documents:list",
            "gallery:list",
        ]

    def location(self, name):
        return reverse(name)


class PartnerSitemap(I18nSitemap):
    def items(self):
        return Partner.objects.order_by("code").only("code", "updated_at")

    def location(self, partner):
        return reverse("partners:detail", args=[partner.code])

    def lastmod(self, partner):
        return partner.updated_at


class AidSitemap(I18nSitemap):
    def items(self):
        return AidItem.objects.public().order_by("code").only("code", "updated_at")

    def location(self, item):
        return reverse("aid:detail", args=[item.code])

    def lastmod(self, item):
        return item.updated_at


class DelegationSitemap(I18nSitemap):
    def items(self):
        return Delegation.objects.public().order_by("code").only("code", "updated_at")

    def location(self, delegation):
        return reverse("delegations:detail", args=[delegation.code])

    def lastmod(self, delegation):
        return delegation.updated_at


class EventSitemap(I18nSitemap):
    def items(self):
        return Event.objects.public().order_by("code").only("code", "updated_at")

    def location(self, event):
        return reverse("events:detail", args=[event.code])

    def lastmod(self, event):
        return event.updated_at


class ArticleSitemap(Sitemap):
    """Each public article once, at its own language's address; its translation as the alternate
    is announced on the page itself (hreflang)."""

    limit = 5000

    def items(self):
        return Article.objects.public().order_by("-publish_at", "pk").only("slug", "language", "updated_at")

    def location(self, article):
        return article.get_absolute_url()

    def lastmod(self, article):
        return article.updated_at


class AlbumSitemap(I18nSitemap):
    def items(self):
        return Album.objects.listable().order_by("slug").only("slug", "updated_at")

    def location(self, album):
        return reverse("gallery:detail", args=[album.slug])

    def lastmod(self, album):
        return album.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "partners": PartnerSitemap,
    "aid": AidSitemap,
    "delegations": DelegationSitemap,
    "events": EventSitemap,
    "news": ArticleSitemap,
    "gallery": AlbumSitemap,
}
