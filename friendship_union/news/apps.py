"""Articles, categories, comments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.news"
    verbose_name = _("Tin tức")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.news.demo.load"
    sitemaps = {"news": "friendship_union.news.sitemaps.ArticleSitemap"}
    search_sources = ["friendship_union.news.search.SOURCE"]
    # Editors write and publish; moderators only judge comments (and may read the articles they are on,
    # which stay out of their admin home: core.roles, "refer").
    role_access = {
        "editor": "edit",
        "moderator": {"comment": "edit", "article": "refer", "category": "refer", "tag": "refer"},
        "leadership": "view",
    }
