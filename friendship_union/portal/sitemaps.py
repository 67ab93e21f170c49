"""sitemap.xml: the public pages in both languages (hreflang alternates) — the site's own pages
here, and the sitemaps every app declares (core.contributions)."""

from django.urls import reverse

from friendship_union.core.contributions import sitemaps
from friendship_union.core.sitemaps import I18nSitemap


class StaticSitemap(I18nSitemap):
    changefreq = "weekly"
    reads = frozenset()  # the site's own pages: kept until the pages version or a bulk write moves

    def items(self):
        return [
            "portal:home",
            "portal:about",
            "news:list",
            "partners:list",
            "aid:list",
            "aid:open-data",
            "delegations:list",
            "events:list",
            "documents:list",
            "diaspora:list",
            "appeals:list",
            "gallery:list",
        ]

    def location(self, name):
        return reverse(name)


def all_sitemaps() -> dict:
    return {"pages": StaticSitemap, **sitemaps()}
