"""Public articles in sitemap.xml (declared on the app's AppConfig)."""

from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    """Each public article once, at its own language's address; an article with a public translation
    names both as hreflang alternates, with the Vietnamese one as x-default (as the pages do)."""

    limit = 5000
    reads = frozenset({"news"})  # sitemap-news.xml is kept until an article changes

    def items(self):
        return (
            Article.objects.public()
            .order_by("-publish_at", "pk")
            .select_related("translation")
            .only("slug", "language", "updated_at", "translation__slug", "translation__language")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        public = set(Article.objects.public().filter(translation__isnull=False).values_list("pk", flat=True))
        for url in urls:
            article = url["item"]
            if article.translation_id not in public:
                continue
            origin = url["location"].removesuffix(article.get_absolute_url())
            versions = sorted((article, article.translation), key=lambda a: a.language != "vi")
            url["alternates"] = [
                {"location": origin + version.get_absolute_url(), "lang_code": version.language} for version in versions
            ] + [{"location": origin + versions[0].get_absolute_url(), "lang_code": "x-default"}]
        return urls

    def location(self, article):
        return article.get_absolute_url()

    def lastmod(self, article):
        return article.updated_at
