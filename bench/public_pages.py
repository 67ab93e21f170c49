"""Benchmark: server time of each public page on the demo data (or N times it), in Vietnamese and
English. Target: p95 under 50 ms for every page; exits 1 when one is over. Scratch database
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/friendship_union_bench_public, with
_xN for --factor N), rebuilt unless --reuse.

    make bench-public                  # or: .venv/bin/python bench/public_pages.py [RUNS] [--factor N] [--reuse]

The timed pass renders every page (the public page cache off; figures and filter choices kept per
records version come from the cache); a second pass times the same pages as the page cache serves
them to anonymous readers; a third and fourth the true first view after a change (every version bumped
before each request), before and after the task worker's refresh of the figures the change moved
(core.versioning.refresh_figures): the page rendered anew, and the figures kept per records version
computed by the request itself, or already computed by the refresh; a fifth the first view after one
aid item (not the partner page's partner's) is saved, before the refresh.

Each page is requested as an anonymous reader through Django's test Client (the whole request:
middleware, views, queries, templates; no network), a few times to warm up, then RUNS times
(default 30), round robin. On a shared machine run it when the machine is otherwise idle.
"""

import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import recreate_database, use_scratch_database

FACTOR = int(sys.argv[sys.argv.index("--factor") + 1]) if "--factor" in sys.argv else 1
BENCH_URL = use_scratch_database("friendship_union_bench_public" + (f"_x{FACTOR}" if FACTOR > 1 else ""))
os.environ["PAGE_CACHE_SECONDS"] = "0"  # the timed pass renders; the cached pass turns it on


TARGET_MS = 50
WARM_UP = 3


def pages() -> list[tuple[str, str]]:
    """(label, URL) of every public page to time: lists, one detail of each kind, search, sitemap…"""
    from django.db.models import Count, F, Q
    from django.urls import reverse
    from django.utils import translation

    from friendship_union.aid.models import AidItem
    from friendship_union.delegations.models import Delegation
    from friendship_union.events.models import Event
    from friendship_union.partners.models import Partner

    # The detail pages with the most to show: the partner with the most public aid items, the largest
    # public aid item, the largest delegation.
    partner = (
        Partner.objects.annotate(items=Count("provided", filter=Q(provided__aid_item__is_public=True)))
        .order_by("-items", "code")
        .first()
    )
    aid = AidItem.objects.public().order_by(F("committed_usd").desc(nulls_last=True), "code").first()
    delegation = Delegation.objects.public().order_by("-participants", "code").first()
    event = Event.objects.public().order_by("code").first()
    from friendship_union.gallery.models import Album
    from friendship_union.news.models import Article

    # The article with the most approved comments; an album if the demo has one (development demo only).
    article = Article.objects.public().with_comment_counts().order_by("-approved_comments", "slug").first()
    album = Album.objects.listable().order_by("pk").first()
    named = [
        ("home", "portal:home", {}, ""),
        ("about", "portal:about", {}, ""),
        ("partners", "partners:list", {}, ""),
        ("partner", "partners:detail", {"code": partner.code}, ""),
        ("aid", "aid:list", {}, ""),
        ("aid item", "aid:detail", {"code": aid.code}, ""),
        ("delegations", "delegations:list", {}, ""),
        ("delegation", "delegations:detail", {"code": delegation.code}, ""),
        ("events", "events:list", {}, ""),
        ("event", "events:detail", {"code": event.code}, ""),
        ("documents", "documents:list", {}, ""),
        ("search", "portal:search", {}, "?q=dong+thoi"),
        ("search typo", "portal:search", {}, "?q=loretto+kid"),
        ("search no match", "portal:search", {}, "?q=qwxz+zzvb"),
        ("aid page 800", "aid:list", {}, "?trang=800"),
        ("overseas vn", "diaspora:list", {}, ""),
        ("news", "news:list", {}, ""),
        ("article", "news:detail", {"slug": article.slug}, ""),
        ("news rss", "news:rss", {}, ""),
        ("gallery", "gallery:list", {}, ""),
        ("calls for aid", "appeals:list", {}, ""),
    ]
    from friendship_union.appeals.models import Appeal

    appeal = Appeal.objects.open().select_related("aid_item").order_by("pk").first()
    if appeal:
        named.append(("call for aid", "appeals:detail", {"code": appeal.aid_item.code}, ""))
    if album:
        named.append(("album", "gallery:detail", {"slug": album.slug}, ""))
    urls = []
    for language in ("vi", "en"):
        with translation.override(language):
            urls += [(f"{label} ({language})", reverse(name, kwargs=kw) + q) for label, name, kw, q in named]
    urls.append(("sitemap.xml", "/sitemap.xml"))
    urls.append(("/healthz (floor)", "/healthz"))  # one query: what a cached page is compared with
    return urls


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_rounds(client, urls, runs: int, before_round=None, before_each=None, check=None) -> dict[str, list[float]]:
    """Every page once per round, `runs` rounds (round robin); {url: milliseconds of each view}.
    `before_round()` and `before_each(url)` run untimed; `check(url, response)` after each view."""
    times = {url: [] for _label, url in urls}
    for _ in range(runs):
        if before_round is not None:
            before_round()
        for _label, url in urls:
            if before_each is not None:
                before_each(url)
            started = time.perf_counter()
            response = client.get(url)
            times[url].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
            if check is not None:
                check(url, response)
    return times


def cached_times(client, urls, runs: int) -> dict[str, list[float]]:
    """Each page's time as the public page cache serves it to an anonymous reader (after one miss)."""
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 60
    try:
        for _label, url in urls:
            client.get(url)
        return timed_rounds(client, urls, runs)
    finally:
        settings.PAGE_CACHE_SECONDS = 0


def first_view_times(client, urls, runs: int, refreshed: list | None = None) -> dict[str, list[float]]:
    """Each page's true first view after a change, with the page cache on as in production: every
    version is bumped before every request (as a bulk write does), so the page is rendered and every
    figure and filter choice kept per records version (core.versioning.cached) is computed again — by
    this request (the reader comes before the task worker is done). With `refreshed` (a list that gets
    the refresh's times): each round bumps every version once and runs core.versioning.refresh_figures,
    as the worker does once a write commits, then asks for every page once (each is a page cache miss:
    its first view since the change)."""
    from django.conf import settings

    from friendship_union.core.versioning import bump_records_version, refresh_figures

    settings.PAGE_CACHE_SECONDS = 60
    settings.FIGURES_REFRESH_ON_WRITE = False  # the refresh is timed here, not queued

    def refresh():
        bump_records_version()
        started = time.perf_counter()
        refresh_figures()
        refreshed.append((time.perf_counter() - started) * 1000)

    def rendered(url, response):
        assert url == "/healthz" or response.get("X-Page-Cache") in (None, "miss"), url

    try:
        if refreshed is not None:
            return timed_rounds(client, urls, runs, before_round=refresh, check=rendered)
        return timed_rounds(client, urls, runs, before_each=lambda _url: bump_records_version(), check=rendered)
    finally:
        settings.PAGE_CACHE_SECONDS = 0


def one_save_times(client, urls, runs: int, saves: list) -> dict[str, list[float]]:
    """Each page's first view after one aid item is saved (through its signals, in a transaction, as
    an edit in the admin), before the task worker's refresh: the item is another partner's than the
    partner page's, so that page's aid figures are found again by their rows' stamp
    (core.versioning.row_stamp). `saves` gets each save's own milliseconds: its commit computes the
    figures declared quick (core.versioning.compute_at_commit)."""
    from django.conf import settings
    from django.db import transaction

    from friendship_union.aid.models import AidItem

    def save(_url):
        started = time.perf_counter()
        with transaction.atomic():
            item.save()
        saves.append((time.perf_counter() - started) * 1000)

    partner_page = next(url for label, url in urls if label.startswith("partner ("))
    code = partner_page.rstrip("/").rsplit("/", 1)[1]
    item = AidItem.objects.exclude(providers__partner__code=code).order_by("pk").first()
    settings.PAGE_CACHE_SECONDS = 60
    settings.FIGURES_REFRESH_ON_WRITE = False
    try:
        return timed_rounds(client, urls, runs, before_each=save)
    finally:
        settings.PAGE_CACHE_SECONDS = 0


def main(runs: int, reuse: bool) -> int:
    if not reuse:
        recreate_database(BENCH_URL)
    # Loaded as gunicorn's workers load it (friendship_union.wsgi: set up, then what loading made
    # frozen for the garbage collector), so a full collection costs this process what it costs them.
    importlib.import_module("friendship_union.wsgi")
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    call_command("migrate", verbosity=0)
    if not reuse:
        with open(os.devnull, "w") as devnull:
            call_command("load_reference", verbosity=0, stdout=devnull)
            call_command("load_demo", verbosity=0, stdout=devnull)
            if FACTOR > 1:
                call_command("generate_scale_data", factor=FACTOR, verbosity=0, stdout=devnull)
    with connection.cursor() as cursor:
        # As autovacuum leaves a table at rest: statistics, and the visibility map index-only scans need.
        cursor.execute("VACUUM ANALYZE")
    from django.core.cache import cache

    cache.clear()  # nothing kept from an earlier run
    client = Client()
    urls = pages()
    for _label, url in urls:
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200, url
    # Round robin (every page once, RUNS times over) so a burst of load on the machine spreads over
    # all pages instead of landing on whichever page was being timed.
    times = timed_rounds(client, urls, runs)
    cached = cached_times(client, urls, runs)
    cold = first_view_times(client, urls, runs)
    refreshes = []
    first = first_view_times(client, urls, runs, refreshes)
    saves = []
    saved = one_save_times(client, urls, runs, saves)
    everything, over = [], []
    print(f"×{FACTOR} data, cache {os.environ.get('CACHE_URL', 'locmem')}")
    print(
        f"{'page':22} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'cached p50':>10} {'1st view p50':>12}"
        f" {'before refresh':>14} {'1 save':>7}"
    )
    for label, url in urls:
        connection.force_debug_cursor = True  # one more request, its queries counted
        reset_queries()
        client.get(url)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        p50, p95 = statistics.median(times[url]), percentile(times[url], 0.95)
        everything += times[url]
        if p95 > TARGET_MS:
            over.append(label)
        hit, fresh, before = statistics.median(cached[url]), statistics.median(first[url]), statistics.median(cold[url])
        one = statistics.median(saved[url])
        print(
            f"{label:22} {p50:7.1f} {p95:7.1f} {queries:7d} {hit:10.2f} {fresh:12.1f} {before:14.1f} {one:7.1f}"
            f"{'  OVER' if p95 > TARGET_MS else ''}  {url}"
        )
    print(f"{'all pages':22} {statistics.median(everything):7.1f} {percentile(everything, 0.95):7.1f}")
    print(
        f"1st view: after the task worker's refresh of the figures (core.versioning.refresh_figures:"
        f" p50 {statistics.median(refreshes):.0f} ms, p95 {percentile(refreshes, 0.95):.0f} ms after a bulk write);"
        " before refresh: a reader who comes first; 1 save: the first view after one aid item of another"
        f" partner is saved, before the refresh (the save itself: p50 {statistics.median(saves):.0f} ms,"
        f" p95 {percentile(saves, 0.95):.0f} ms, its commit computing the quick figures)"
    )
    if over:
        print(f"p95 over {TARGET_MS} ms: {', '.join(over)}")
        return 1
    print(f"every page: p95 under {TARGET_MS} ms")
    return 0


if __name__ == "__main__":
    args = [a for i, a in enumerate(sys.argv[1:], 1) if not a.startswith("--") and sys.argv[i - 1] != "--factor"]
    sys.exit(main(int(args[0]) if args else 30, "--reuse" in sys.argv))
