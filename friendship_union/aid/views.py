"""IATI 2.03 files of the published aid items and of the Union."""

from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_safe

from . import iati


@require_safe
def iati_activities(request):
    items = list(iati.activities_queryset())
    if not items:
        # The standard needs at least one activity in a file: say plainly there is none.
        return HttpResponseNotFound(
            "Chưa có khoản viện trợ nào được công khai. / No published activities.",
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(iati.build_activities(items), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="activities.xml"'
    return response


@require_safe
def iati_organisation(request):
    response = HttpResponse(iati.build_organisation(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="organisation.xml"'
    return response
