"""Public events in the site search (declared on the app's AppConfig)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from friendship_union.core.search import Source

from .models import Event

SOURCE = Source(
    "events",
    _("Sự kiện"),
    50,
    lambda: Event.objects.public(),
    "search_text",
    lambda r: r.title,
    lambda r: reverse("events:detail", args=[r.code]),
    lambda r: r.description,
)
