"""IATI 2.03 files of the published aid items and of the Union."""

from django.http import HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from django.views.decorators.http import require_safe

from friendship_union.core.models import SiteIdentity

from . import iati


def _plain_404(text: str) -> HttpResponseNotFound:
    return HttpResponseNotFound(text, content_type="text/plain; charset=utf-8")


def _no_identifier() -> HttpResponseNotFound:
    return _plain_404(
        "Đơn vị chưa khai báo mã tổ chức IATI nên chưa công bố tệp IATI. / "
        "The publisher's IATI organisation identifier is not set yet."
    )


@require_safe
def iati_activities(request):
    identity = SiteIdentity.current()
    if iati.identity_problems(identity):
        return _no_identifier()
    items = iati.activities_queryset()
    if not items.exists():
        # The standard needs at least one activity in a file: say plainly there is none.
        return _plain_404("Chưa có khoản viện trợ nào được công khai. / No published activities.")
    response = StreamingHttpResponse(
        iati.iter_activities(items.iterator(chunk_size=500), identity), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="activities.xml"'
    return response


@require_safe
def iati_organisation(request):
    identity = SiteIdentity.current()
    if iati.identity_problems(identity):
        return _no_identifier()
    response = HttpResponse(iati.build_organisation(identity), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="organisation.xml"'
    return response
