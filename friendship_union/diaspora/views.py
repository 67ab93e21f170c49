"""The public overseas-Vietnamese page: figures only — homeland visits by year, enterprises by sector,
associations by country. No person, investor, contact or enterprise is named: those records are internal."""

from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Enterprise, OverseasAssociation, VisitMonthTotal


@require_safe
def overview(request):
    years = [(year, people) for year, people in VisitMonthTotal.visitors_by_year().items() if people]
    peak = max((people for _year, people in years), default=0)
    enterprises = list(Enterprise.objects.by_line_of_business())
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
