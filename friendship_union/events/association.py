"""What a member association's admin page lists of events (organizations asks every app's
`association_records`, core.contributions): the events it organized or co-organized, in one query."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Event

SHOWN = 50


def association_records(association) -> list[dict]:
    """One section {"title", "rows": [{"url", "text", "date", "note"}], "more", "list_url",
    "dated"}: the
    association's events, newest first, at most SHOWN ("more" when there are others)."""
    events = list(
        Event.objects.filter(associations=association)
        .order_by("-start_date", "code")
        .only("pk", "code", "title", "kind", "start_date")[: SHOWN + 1]
    )
    return [
        {
            "title": _("Sự kiện hội tổ chức, phối hợp"),
            "rows": [
                {
                    "url": reverse("admin:events_event_change", args=[e.pk]),
                    "text": f"{e.code} – {e.title}",
                    "date": e.start_date,
                    "note": e.get_kind_display(),
                }
                for e in events[:SHOWN]
            ],
            "more": len(events) > SHOWN,
            "dated": True,
            "list_url": reverse("admin:events_event_changelist") + f"?associations__id__exact={association.pk}",
        }
    ]
