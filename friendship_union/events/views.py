"""Public event pages."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from friendship_union.core import opendata
from friendship_union.core.public import choice, page_of
from friendship_union.gallery.models import Photo

from .models import Event, EventKind
from .opendata import EVENTS


def event_filters(request) -> tuple:
    """The list's filters, read from the query string: (the public events they select, the chosen
    values). The HTML list and its CSV/JSON downloads both come from here."""
    events = EVENTS.public()
    kind = choice(request, "loai", EventKind.values)
    if kind:
        events = events.filter(kind=kind)
    return events, {"loai": kind}


@require_safe
def event_list(request):
    events, selected = event_filters(request)
    fmt = opendata.requested_format(request)
    if fmt:
        return opendata.download(request, EVENTS, events, fmt, filtered=any(selected.values()))
    return render(
        request,
        "events/event_list.html",
        {
            "page": page_of(request, events.order_by("-start_date"), 30),
            "kinds": EventKind.choices,
            "selected": selected,
            "downloads": opendata.download_links(selected),
        },
    )


@require_safe
def event_detail(request, code):
    event = get_object_or_404(
        Event.objects.public()
        .select_related("album")
        .prefetch_related("partners", Prefetch("album__photos", queryset=Photo.objects.public())),
        code=code,
    )
    return render(request, "events/event_detail.html", {"event": event})
