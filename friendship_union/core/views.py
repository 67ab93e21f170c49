"""Home, about and health-check views."""

from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "core/home.html")


@require_safe
def about(request):
    return render(request, "core/about.html")


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
