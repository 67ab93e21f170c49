"""Public legal documents in the site search (declared on the app's AppConfig)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from friendship_union.core.search import Source

from .models import LegalDocument

SOURCE = Source(
    "documents",
    _("Văn bản"),
    60,
    lambda: LegalDocument.objects.filter(is_public=True),
    "search_text",
    lambda r: f"{r.number} – {r.title}" if r.number else r.title,
    lambda r: reverse("documents:list") + "?" + urlencode({"q": r.number or r.title}),
    lambda r: r.summary,
)
