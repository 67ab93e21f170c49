"""Public delegation pages (public ones only; member lists stay internal)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from friendship_union.core import opendata
from friendship_union.core.public import choice, page_of, year, years_in_use
from friendship_union.core.versioning import cached
from friendship_union.gallery.models import Photo

from .models import Delegation, DelegationPlace, Direction
from .opendata import DELEGATIONS


def delegation_filters(request) -> tuple:
    """The list's filters, read from the query string: (the public delegations they select, the
    chosen values). The HTML list and its CSV/JSON downloads both come from here."""
    delegations = DELEGATIONS.public()
    direction = choice(request, "huong", Direction.values)
    chosen_year = year(request)
    if direction:
        delegations = delegations.filter(direction=direction)
    if chosen_year:
        delegations = delegations.filter(start_date__year=chosen_year)
    return delegations, {"huong": direction, "nam": str(chosen_year or "")}


def list_years() -> list:
    """The years public delegations started in (the list's year filter), read once per records
    version: one index probe per year. Computed once a write commits (AppConfig.figures)."""
    return cached("delegation-years", lambda: years_in_use(Delegation.objects.public(), "start_date"))


@require_safe
def delegation_list(request):
    delegations, selected = delegation_filters(request)
    fmt = opendata.requested_format(request)
    if fmt:
        return opendata.download(request, DELEGATIONS, delegations, fmt, filtered=any(selected.values()))
    return render(
        request,
        "delegations/delegation_list.html",
        {
            # Its number of rows and deep pages' keys kept until a delegation changes.
            "page": page_of(request, delegations.order_by("-start_date", "code"), 30, reads=frozenset({"delegations"})),
            "directions": Direction.choices,
            # Read once per records version: one index probe per year.
            "years": list_years(),
            "selected": selected,
            "downloads": opendata.download_links(selected),
        },
    )


@require_safe
def delegation_detail(request, code):
    delegation = get_object_or_404(
        Delegation.objects.public()
        .select_related("album", "host_association")
        .prefetch_related(
            "partners",
            "countries",
            Prefetch("places", queryset=DelegationPlace.objects.select_related("place_current")),
            Prefetch("album__photos", queryset=Photo.objects.public()),
        ),
        code=code,
    )
    return render(request, "delegations/delegation_detail.html", {"delegation": delegation})
