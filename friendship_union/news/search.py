"""Published articles in the site search (declared on the app's AppConfig)."""

from django.utils.translation import gettext_lazy as _

from friendship_union.core.search import Source

from .models import Article

SOURCE = Source(
    "news",
    _("Tin tức"),
    10,
    lambda: Article.objects.public(),
    "search_text",
    lambda r: r.title,
    lambda r: r.get_absolute_url(),
    lambda r: r.summary,
)
