"""The public overseas-Vietnamese page: figures only — homeland visits by year, enterprises by sector,
associations by country. No person, investor, contact or enterprise is named: those records are internal."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Enterprise, EnterpriseStatus, HomelandVisit, OverseasAssociation, VisitMonthTotal


def visits_by_year() -> list[tuple[int, int]]:
    """(year, people) for every year with visits, oldest first, in one query: from the monthly totals
    PostgreSQL keeps, or from the visits themselves elsewhere (SQLite)."""
    if VisitMonthTotal.maintained():
        rows = VisitMonthTotal.objects.annotate(year=ExtractYear("month")).values("year")
    else:
        rows = HomelandVisit.objects.annotate(year=ExtractYear("date")).values("year")
    rows = rows.annotate(people=Sum("visitors", default=0)).order_by("year")
    return [(row["year"], row["people"]) for row in rows if row["people"]]


@require_safe
def overview(request):
    years = visits_by_year()
    peak = max((people for _year, people in years), default=0)
    enterprises = list(
        Enterprise.objects.values("sector")
        .annotate(total=Count("pk"), active=Count("pk", filter=Q(status=EnterpriseStatus.ACTIVE)))
        .order_by("-total", "sector")
    )
    associations = list(
        OverseasAssociation.objects.values("country__name_vi", "country__name_en")
        .annotate(total=Count("pk"))
        .order_by("-total", "country__name_vi")
    )
    return render(
        request,
        "diaspora/overview.html",
        {
            "years": [(year, people, round(people * 100 / peak) if peak else 0) for year, people in years],
            "visits_total": sum(people for _year, people in years),
            "first_year": years[0][0] if years else None,
            "enterprises": enterprises,
            "enterprises_total": sum(row["total"] for row in enterprises),
            "enterprises_active": sum(row["active"] for row in enterprises),
            "associations": associations,
            "associations_total": sum(row["total"] for row in associations),
        },
    )
