"""Site search across partners, aid items, delegations, events and documents: the query folded
(no diacritics, đ → d), matched against each record's stored folded text; public records only.
Results grouped by kind, exact-word matches first."""

from django.utils.translation import gettext_lazy as _

from friendship_union.aid.models import AidItem
from friendship_union.core.text import fold
from friendship_union.delegations.models import Delegation
from friendship_union.documents.models import LegalDocument
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner

MAX_QUERY = 200
PER_KIND = 10


def _words(query: str) -> list[str]:
    return [w for w in fold(query[:MAX_QUERY]).split() if len(w) > 1 or w.isdigit()][:8]


def search(query: str) -> list[dict]:
    """[{"kind", "label", "results": [...], "count"}] for the kinds with matches (one query per kind
    plus one count)."""
    words = _words(query)
    if not words:
        return []
    sources = [
        ("partners", _("Đối tác"), Partner.objects.select_related("country"), "search_name"),
        ("aid", _("Viện trợ"), AidItem.objects.public(), "search_text"),
        ("delegations", _("Đoàn ra – đoàn vào"), Delegation.objects.public(), "search_text"),
        ("events", _("Sự kiện"), Event.objects.public(), "search_text"),
        ("documents", _("Văn bản"), LegalDocument.objects.filter(is_public=True), "search_text"),
    ]
    groups = []
    for kind, label, queryset, field in sources:
        for word in words:
            queryset = queryset.filter(**{f"{field}__contains": word})
        results = list(queryset[: PER_KIND + 1])
        if results:
            phrase = " ".join(words)
            results.sort(key=lambda r: phrase not in getattr(r, field))
            groups.append(
                {"kind": kind, "label": label, "results": results[:PER_KIND], "more": len(results) > PER_KIND}
            )
    return groups
