"""Public delegations in the site search (declared on the app's AppConfig)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from friendship_union.core.search import Source

from .models import Delegation

SOURCE = Source(
    "delegations",
    _("Đoàn ra – đoàn vào"),
    40,
    lambda: Delegation.objects.public(),
    "search_text",
    lambda r: r.title,
    lambda r: reverse("delegations:detail", args=[r.code]),
    lambda r: r.purpose,
)
