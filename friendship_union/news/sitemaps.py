"""Public articles in sitemap.xml (declared on the app's AppConfig)."""

from django.contrib.sitemaps import Sitemap

from .models import Article


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
