"""Partners (names and descriptions; never contacts) in the site search (declared on the app's AppConfig)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from friendship_union.core.search import Source

from .models import Partner

SOURCE = Source(
    "partners",
    _("Đối tác"),
    20,
    lambda: Partner.objects.select_related("country"),
    "search_name",
    str,
    lambda r: reverse("partners:detail", args=[r.code]),
    lambda r: " · ".join(x for x in (r.country.name_vi if r.country else "", r.description_vi) if x),
)
