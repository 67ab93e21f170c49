"""Public aid items in the site search (declared on the app's AppConfig)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from friendship_union.core.search import Source

from .models import AidItem

SOURCE = Source(
    "aid",
    _("Viện trợ"),
    30,
    lambda: AidItem.objects.public(),
    "search_text",
    lambda r: r.display_title,
    lambda r: reverse("aid:detail", args=[r.code]),
    lambda r: r.description or r.objectives,
)
