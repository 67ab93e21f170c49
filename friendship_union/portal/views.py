"""The site-wide pages: home, about, site search and sitemap.xml."""

from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from friendship_union.aid.models import AidItem
from friendship_union.core.contributions import search_sources
from friendship_union.core.models import Leader, OfficeUnit
from friendship_union.core.search import MAX_QUERY
from friendship_union.core.search import search as run_search
from friendship_union.core.versioning import page_versions, records_version
from friendship_union.dashboard import services as figures
from friendship_union.events.models import Event
from friendship_union.news.models import Article
from friendship_union.organizations.models import MemberAssociation

from .sitemaps import all_sitemaps


def home_figures() -> dict:
    """The home page's key figures: all time (figures.all_time(), as the dashboard's default view),
    through the same code as the dashboard over public records only, kept until records change and
    computed once a write commits (AppConfig.figures)."""

    def key_figures():
        period = figures.all_time()
        return {"figures": figures.headline(period, public=True), "since": period.first}

    return figures.cached(f"home-figures-{timezone.localdate()}", None, key_figures)


@require_safe
def home(request):
    """Home: the latest news, key figures (home_figures), the latest public aid items and the coming
    events."""
    latest = list(
        Article.objects.public()
        .for_reader(get_language())
        .with_cover()
        .only("title", "slug", "language", "publish_at", "cover")
        .order_by("-publish_at", "-pk")[:8]
    )
    # The page leads with the photos of the newest stories that have a public cover photo.
    pictured = [article for article in latest if article.cover_shown][:3]
    return render(
        request,
        "portal/home.html",
        {
            "pictured_news": pictured,
            "latest_news": [article for article in latest if article not in pictured][:5],
            **home_figures(),
            "featured": AidItem.objects.public().exclude(commitment_date=None).order_by("-commitment_date")[:4],
            "coming": Event.objects.public().filter(start_date__gte=timezone.localdate()).order_by("start_date")[:4],
        },
    )


@require_safe
def about(request):
    """Decree 42/2022 about page: functions and tasks, structure (leaders, office units, member
    associations) and the leaders' public work contacts. A fixed number of queries."""
    leaders = list(Leader.objects.public())
    units = list(OfficeUnit.objects.public())
    for unit in units:  # a unit's leaders appear with it; those of a unit not made public do not appear
        unit.public_leaders = [leader for leader in leaders if leader.unit_id == unit.pk]
    return render(
        request,
        "portal/about.html",
        {
            "board": [leader for leader in leaders if leader.unit_id is None],
            "units": units,
            "associations": MemberAssociation.objects.for_about_page(),
        },
    )


@require_safe
def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    groups = run_search(query, search_sources()) if query else []
    return render(request, "portal/search.html", {"query": query, "groups": groups})


SITEMAP_CACHE_SECONDS = 60 * 60
# Past this many URLs sitemap.xml is a sitemap index of one file per section and page (the protocol
# allows 50.000 URLs a file; search engines advise far fewer; each section page holds at most
# I18nSitemap.limit = 5.000).
SITEMAP_SPLIT_AT = 10_000


def _sitemap_url_count(sitemaps: dict) -> int:
    return sum((site() if callable(site) else site).paginator.count for site in sitemaps.values())


def _cached_sitemap(request, name: str, render_it, reads=None):
    """A sitemap document rendered once per records version and host, then served from the shared
    cache: thousands of URLs in two languages take ~150 ms to render, crawlers ask often and the
    records change rarely. A section that declares the apps it `reads` (its sitemap's `reads`) is kept
    until one of those apps changes (versioning.page_versions), so saving an article does not make
    the aid items' 5.000-URL files again. The hour-long timeout bounds staleness for records outside
    versioning.TRACKED_APPS."""
    page = request.GET.get("p", "1")
    version = records_version() if reads is None else "-".join(map(str, page_versions(reads)))
    key = f"sitemap:{version}:{request.scheme}://{request.get_host()}:{name}:{page[:6]}"
    cached = cache.get(key)
    if cached is None:
        response = render_it()
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
def sitemap_xml(request):
    """sitemap.xml: every public URL (Django's sitemap view) while they are at most SITEMAP_SPLIT_AT;
    past that a sitemap index naming /sitemap-<section>.xml (?p=N for a section's further pages)."""

    def render_it():
        # Objects, not classes: each section's URLs are counted once, for the split and the index.
        sitemaps = {name: site() for name, site in all_sitemaps().items()}
        if _sitemap_url_count(sitemaps) > SITEMAP_SPLIT_AT:
            return sitemap_index(request, sitemaps=sitemaps, sitemap_url_name="sitemap-section")
        return sitemap(request, sitemaps=sitemaps)

    return _cached_sitemap(request, "all", render_it)


@require_safe
def sitemap_section(request, section):
    """One section's sitemap (a page of it with ?p=N), as the sitemap index names them."""
    sitemaps = all_sitemaps()
    if section not in sitemaps:
        raise Http404
    return _cached_sitemap(
        request,
        section,
        lambda: sitemap(request, sitemaps=sitemaps, section=section),
        reads=getattr(sitemaps[section], "reads", None),
    )
