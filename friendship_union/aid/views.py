"""IATI 2.03 files of the published aid items (all, or one partner's: ?doi_tac=CODE) and of the
Union, served with ETag/Last-Modified (a client that has the current file gets 304) and streamed."""

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from friendship_union.core.models import SiteIdentity
from friendship_union.partners.models import Partner

from . import iati

SIZE_SECONDS = 60 * 60 * 24 * 30


# Activities read per query, each with its prefetched places, sectors, budgets…: serving the ×100
# file (36,8 MB) a worker's peak memory rose 52 MB with 500, 44 MB with 200 (6,4 → 6,9 s; bench/load.py
# --files).
CHUNK = 200


def _plain_404(text: str) -> HttpResponseNotFound:
    return HttpResponseNotFound(text, content_type="text/plain; charset=utf-8")


def _no_identifier() -> HttpResponseNotFound:
    return _plain_404(
        "Đơn vị chưa khai báo mã tổ chức IATI nên chưa công bố tệp IATI. / "
        "The publisher's IATI organisation identifier is not set yet."
    )


def _counted(chunks, key: str):
    """Yield the chunks and, once all are sent, remember the file's size (for the files page)."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        yield chunk
    cache.set(key, size, SIZE_SECONDS)


def file_size(key: str, partner: Partner | None, identity: SiteIdentity, *, build: bool) -> int | None:
    """The file's size in bytes: remembered from the last time this version was built, or built now
    (without keeping it) when `build`."""
    size = cache.get(key)
    if size is None and build:
        size = sum(len(c) for c in iati.iter_activities(iati.activities_queryset(partner).iterator(CHUNK), identity))
        cache.set(key, size, SIZE_SECONDS)
    return size


def _conditional_headers(response, state: iati.FileState):
    response["ETag"] = f'"{state.etag}"'
    if state.last_modified:
        response["Last-Modified"] = http_date(state.last_modified.timestamp())
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@require_safe
def iati_activities(request):
    identity = SiteIdentity.current()
    if iati.identity_problems(identity):
        return _no_identifier()
    partner = None
    code = request.GET.get("doi_tac", "").strip()
    if code:
        partner = Partner.objects.filter(code__iexact=code).first()
        if partner is None:
            return _plain_404(f"Không có đối tác mã “{code[:40]}”. / No partner with this code.")
    state = iati.file_state(partner, identity)
    if not state.activities:
        # The standard needs at least one activity in a file: say plainly there is none.
        return _plain_404("Chưa có khoản viện trợ nào được công khai. / No published activities.")
    last_modified = int(state.last_modified.timestamp()) if state.last_modified else None
    cached = get_conditional_response(request, etag=f'"{state.etag}"', last_modified=last_modified)
    if cached is not None:  # 304 Not Modified
        return _conditional_headers(cached, state)
    chunks = iati.iter_activities(iati.activities_queryset(partner).iterator(chunk_size=CHUNK), identity)
    response = StreamingHttpResponse(_counted(chunks, state.size_key), content_type="application/xml; charset=utf-8")
    name = f"activities-{partner.code}.xml" if partner else "activities.xml"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return _conditional_headers(response, state)


@require_safe
def iati_organisation(request):
    identity = SiteIdentity.current()
    if iati.identity_problems(identity):
        return _no_identifier()
    response = HttpResponse(iati.build_organisation(identity), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="organisation.xml"'
    return response
