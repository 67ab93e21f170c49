"""Views that need no app: the health check, the favicon redirect, robots.txt."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health


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


@never_cache
@require_safe
def healthz_ready(request):
    """Every check a monitor needs — database, cache, the task worker's heartbeat, the mail queue —
    as JSON naming each: 200 when all pass, 503 when one fails (core/health.py). /healthz stays the
    one-query liveness answer."""
    try:
        found = health.readiness()
    except DatabaseError:  # the database is gone: the checks after it cannot even be listed
        found = [("database", False, "unreachable")]
    ok = all(passed for _name, passed, _message in found)
    body = {
        "status": "ok" if ok else "error",
        "checks": {name: {"ok": passed, "detail": message} for name, passed, message in found},
    }
    return JsonResponse(body, status=200 if ok else 503)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on their own; send them to the (hashed) SVG icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


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
