"""Home, about and health-check views."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    """Home: the latest news, key figures (all time, the same code as the dashboard, cached until
    records change), the latest public aid items and the coming events."""
    from django.utils import timezone
    from django.utils.translation import get_language

    from friendship_union.aid.models import AidItem
    from friendship_union.dashboard import services as figures
    from friendship_union.events.models import Event
    from friendship_union.news.models import Article

    period = figures.Period(figures.FIRST_YEAR, figures.current_year(), "")
    return render(
        request,
        "core/home.html",
        {
            "latest_news": Article.objects.public()
            .for_reader(get_language())
            .only("title", "slug", "language", "publish_at")
            .order_by("-publish_at", "-pk")[:5],
            "figures": figures.cached("headline", period, lambda: figures.headline(period)),
            "featured": AidItem.objects.public().exclude(commitment_date=None).order_by("-commitment_date")[:4],
            "coming": Event.objects.public().filter(start_date__gte=timezone.localdate()).order_by("start_date")[:4],
            "since": figures.FIRST_YEAR,
        },
    )


@require_safe
def about(request):
    """Decree 42/2022 about page: functions and tasks, structure (leaders, office units, member
    associations) and the leaders' public work contacts. A fixed number of queries."""
    from friendship_union.organizations.models import MemberAssociation

    from .models import Leader, OfficeUnit

    leaders = list(Leader.objects.public())
    units = list(OfficeUnit.objects.public())
    for unit in units:  # a unit's leaders appear with it; those of a unit not made public do not appear
        unit.public_leaders = [leader for leader in leaders if leader.unit_id == unit.pk]
    return render(
        request,
        "core/about.html",
        {
            "board": [leader for leader in leaders if leader.unit_id is None],
            "units": units,
            "associations": MemberAssociation.objects.for_about_page(),
        },
    )


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on their own; send them to the (hashed) SVG icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def search(request):
    from .search import MAX_QUERY
    from .search import search as run_search

    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    return render(request, "core/search.html", {"query": query, "groups": run_search(query) if query else []})


SITEMAP_CACHE_SECONDS = 60 * 60


@require_safe
def sitemap_xml(request):
    """sitemap.xml (Django's sitemap view) rendered once per records version and host, then served from
    the shared cache: thousands of URLs in two languages take ~150 ms to render, crawlers ask often
    and the records change rarely. The hour-long timeout bounds staleness for records outside
    versioning.TRACKED_APPS."""
    from django.contrib.sitemaps.views import sitemap
    from django.core.cache import cache

    from .sitemaps import SITEMAPS
    from .versioning import records_version

    page = request.GET.get("p", "1")
    key = f"sitemap:{records_version()}:{request.scheme}://{request.get_host()}:{page[:6]}"
    cached = cache.get(key)
    if cached is None:
        response = sitemap(request, sitemaps=SITEMAPS)
        response.render()
        if response.status_code != 200:
            return response
        cached = (response.content, response.headers.get("Last-Modified"))
        cache.set(key, cached, timeout=SITEMAP_CACHE_SECONDS)
    content, last_modified = cached
    response = HttpResponse(content, content_type="application/xml")
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "Disallow: /bang-dieu-khien/",
        "Disallow: /en/dashboard/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
