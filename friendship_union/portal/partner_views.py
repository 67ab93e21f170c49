"""Public partner directory and partner pages: the whole relationship — aid, delegations, events,
news — never contacts."""

import functools
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from friendship_union.aid import iati
from friendship_union.aid.models import (
    AidItem,
    AidProvider,
    AidSector,
    Disbursement,
    ProviderRole,
    Result,
    partner_stamps,
    partners_changed_here,
    prune_partner_changes,
)
from friendship_union.aid.public_views import public_sector_categories
from friendship_union.core import opendata
from friendship_union.core.cache import content_digest, kept_by_content
from friendship_union.core.models import SiteIdentity
from friendship_union.core.public import choice, page_of
from friendship_union.core.text import fold
from friendship_union.core.versioning import (
    ALL_KEY,
    bumped_here,
    cached,
    cached_many,
    read_together,
    writing_in_background,
)
from friendship_union.delegations.models import Delegation
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner, PartnerType
from friendship_union.partners.opendata import PARTNERS
from friendship_union.reference.maps import commune_map
from friendship_union.reference.models import AdministrativeUnit, Country

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PROVIDER_ITEM, RESULT_ITEM = AidProvider._meta.get_field("aid_item"), Result._meta.get_field("aid_item")


def _partner_list_choices() -> tuple[list, list, dict]:
    """The directory's filter choices (countries with partners, DAC categories of public aid) and each
    partner's number of public aid items, read once per change to them (the counts go over every
    partner's aid: at ×100 data that is most of the page's time)."""
    countries = list(Country.objects.filter(partners__isnull=False).distinct().order_by("name_vi"))
    counts = dict(
        AidProvider.objects.filter(aid_item__is_public=True)
        .order_by()
        .values("partner")
        .annotate(n=Count("aid_item", distinct=True))
        .values_list("partner", "n")
    )
    return countries, public_sector_categories(), counts


# What the directory's choices read: partners, their aid, countries and sectors.
CHOICE_READS = frozenset({"aid", "partners", "reference"})


def partner_list_choices() -> tuple[list, list, dict]:
    """_partner_list_choices kept until a record of CHOICE_READS changes (a story saved leaves them);
    computed at commit (AppConfig.figures_at_commit)."""
    return cached("partner-list-choices", _partner_list_choices, reads=CHOICE_READS)


def partner_filters(request, partners) -> tuple:
    """The directory's filters, read from the query string, applied to `partners`: (the partners they
    select, the page's filter context). The HTML list and its CSV/JSON downloads both come from here."""
    # Read once: the same rows fill the filter and check the chosen value.
    countries, sectors, counts = partner_list_choices()
    country = choice(request, "nuoc", [c.code for c in countries])
    kind = choice(request, "loai", PartnerType.values)
    letter = choice(request, "chu", LETTERS)
    sector = choice(request, "linh_vuc", [s.code for s in sectors])
    if sector:  # partners funding a public aid item in that DAC category
        partners = partners.filter(
            Exists(
                AidSector.objects.filter(
                    aid_item__is_public=True,
                    aid_item__providers__partner=OuterRef("pk"),
                    aid_item__providers__role=ProviderRole.FUNDING,
                ).filter(Q(sector=sector) | Q(sector__category=sector))
            )
        )
    if country:
        partners = partners.filter(country=country)
    if kind:
        partners = partners.filter(partner_type=kind)
    if letter:
        partners = partners.filter(name_key__startswith=letter.lower())
    selected = {"nuoc": country, "loai": kind, "chu": letter, "linh_vuc": sector}
    return partners, {"countries": countries, "sectors": sectors, "counts": counts, "selected": selected}


@require_safe
def partner_list(request):
    fmt = opendata.requested_format(request)
    # The files carry each partner's count in the query (PARTNERS); the page takes it from the cached counts.
    base = PARTNERS.public() if fmt else Partner.objects.select_related("country")
    partners, filters = partner_filters(request, base)
    selected = filters["selected"]
    if fmt:
        return opendata.download(request, PARTNERS, partners, fmt, filtered=any(selected.values()))
    page = page_of(request, partners.order_by("name_key"), 30)
    for partner in page:
        partner.public_items = filters["counts"].get(partner.pk, 0)
    return render(
        request,
        "partners/partner_list.html",
        {
            "page": page,
            "countries": filters["countries"],
            "types": PartnerType.choices,
            "sectors": filters["sectors"],
            "letters": LETTERS,
            "selected": selected,
            "downloads": opendata.download_links(selected),
        },
    )


# The partner page lists at most this many of its aid items and of its latest activities (the rest:
# the aid list filtered to the partner, and the timeline's counts per year): it does not grow with them.
PORTFOLIO_ITEMS = 20
TIMELINE_ENTRIES = 30


def _per_year(queryset, field: str, by: str | None = None) -> dict:
    """{year: records} of `queryset` by the year of its date `field` (in the site's time zone): one
    grouped query. With `by` (a field or annotation): {its value: {year: records}}, in the same one."""
    rows = (
        queryset.annotate(year=ExtractYear(field))
        .order_by()
        .values(*([by] if by else []), "year")
        .annotate(n=Count("pk"))
        .filter(year__isnull=False)
    )
    if by is None:
        return dict(rows.values_list("year", "n"))
    grouped = defaultdict(dict)
    for group, year, n in rows.values_list(by, "year", "n"):
        grouped[group][year] = n
    return grouped


def _aid_figures(partner: Partner) -> dict:
    """A partner page's aid, in plain data: totals over its public aid items, the newest of them (with
    the partner's roles and their public results), its communes and map, every year's count. A fixed
    number of queries and rows however much the partner has given (_aid_figures_many)."""
    return _aid_figures_many([partner.pk])[partner.pk]


def _aid_figures_many(partner_ids) -> dict[int, dict]:
    """_aid_figures of many partners at once, {partner id: figures}: the same fixed number of queries
    however many partners, each grouped by partner (AidItemQuerySet.for_partners). At ×100 every
    partner's figures took 2,8 s one partner at a time (13 queries each, half of it building them)."""
    ids = sorted(set(partner_ids))
    public_items = AidItem.objects.public().for_partners(ids)
    funded = AidItem.objects.public().for_partners(ids, ProviderRole.FUNDING)
    newest = (
        public_items.select_related("currency")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("for_partner"),
                order_by=[F("commitment_date").desc(nulls_last=True), F("code").asc()],
            )
        )
        .filter(rank__lte=max(PORTFOLIO_ITEMS, TIMELINE_ENTRIES))
        .prefetch_related(
            Prefetch("providers", queryset=AidProvider.objects.filter(partner__in=ids).order_by("pk"), to_attr="roles"),
            Prefetch("results", queryset=Result.objects.published(), to_attr="public_results"),
        )
        .order_by("for_partner", "rank")
    )
    aid_items = defaultdict(list)
    for item in newest:
        # The partner's own roles in it (one partner's page lists only them). An item two partners
        # share is a row for each, and the prefetch pointed each role and result back to one of
        # those rows: the other partner's copy went into this one's figures (and their digest).
        # Nothing shown reads that way back.
        item.roles = [role for role in item.roles if role.partner_id == item.for_partner]
        leading_back = [(PROVIDER_ITEM, role) for role in item.roles]
        for field, row in leading_back + [(RESULT_ITEM, result) for result in item.public_results]:
            if field.is_cached(row):  # a result of a shared item: one row for both copies
                field.delete_cached_value(row)
        aid_items[item.for_partner].append(item)
    summaries = public_items.summary_by("for_partner")
    money = funded.summary_by("for_partner")
    disbursed = dict(
        Disbursement.objects.filter(
            aid_item__in=AidItem.objects.public(),
            aid_item__providers__partner__in=ids,
            aid_item__providers__role=ProviderRole.FUNDING,
        ).total_usd_by("aid_item__providers__partner")
    )
    # Where: each current commune of its public items with their number, counted in the database.
    in_communes = defaultdict(dict)
    for partner, unit, n in (
        public_items.filter(locations__place_current__isnull=False)
        .values_list("for_partner", "locations__place_current")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        in_communes[partner][unit] = n
    by_commune = funded.by_commune("for_partner")
    units = AdministrativeUnit.objects.in_bulk(
        {unit for communes in [*in_communes.values(), *by_commune.values()] for unit in communes}
    )
    provinces = {pk: unit.province_id for pk, unit in units.items()}
    per_year = defaultdict(dict)
    for row in public_items.yearly("for_partner"):
        if row["year"]:
            per_year[row["for_partner"]][row["year"]] = row["items"]
    empty = AidItem.objects.none().summary()
    figures = {}
    for pk in ids:
        summary, funded_summary, items = summaries.get(pk, empty), money.get(pk, empty), aid_items[pk]
        communes = in_communes[pk]
        figures[pk] = {
            "totals": {
                "items": summary["items"],
                "implementing": summary["implementing"],
                "closed": summary["closed"],
                "funded": funded_summary["items"],
                "committed_usd": funded_summary["usd"],
                "committed_vnd": funded_summary["vnd"],
                "disbursed_usd": disbursed.get(pk, Decimal(0)),
                "beneficiaries": funded_summary["beneficiaries"],
            },
            "aid_items": items,
            "communes": sorted(
                ({"unit": units[unit], "items": n} for unit, n in communes.items()),
                key=lambda c: fold(c["unit"].name),
            ),
            "map": commune_map(by_commune.get(pk, {}), marked=list(communes), provinces=provinces) or {},
            "latest": [("aid", i.commitment_date, i) for i in items[:TIMELINE_ENTRIES] if i.commitment_date],
            "per_year": per_year[pk],
        }
        # What the page's HTML drawn from these figures is kept under (kept_by_content): the same
        # for the same figures, so a bulk write that computes them anew finds that HTML again.
        figures[pk]["digest"] = content_digest(figures[pk])
    return figures


def _activity_figures_many(records, kind: str, partner_ids) -> dict[int, dict]:
    """A partner page's public delegations or events (`records`: the public records of `kind`, whose
    `partners` are the partners they concern) for each of `partner_ids`: their number, the latest of
    them and every year's count. Three queries however many partners."""
    ids = list(partner_ids)
    rows = records.filter(partners__in=ids).annotate(for_partner=F("partners"))
    counts = dict(rows.order_by().values_list("for_partner").annotate(n=Count("pk")))
    newest = rows.annotate(
        rank=Window(RowNumber(), partition_by=F("for_partner"), order_by=[F("start_date").desc(), F("pk").desc()])
    ).filter(rank__lte=TIMELINE_ENTRIES)
    latest = defaultdict(list)
    for record in newest.order_by("for_partner", "rank"):
        latest[record.for_partner].append((kind, record.start_date, record))
    per_year = _per_year(rows, "start_date", by="for_partner")
    figures = {pk: {"count": counts.get(pk, 0), "latest": latest[pk], "per_year": per_year.get(pk, {})} for pk in ids}
    for part in figures.values():
        part["digest"] = content_digest(part)  # as the aid figures' (_aid_figures_many)
    return figures


def _iati_activities_many(partner_ids, today) -> dict[int, bool]:
    """Whether each partner's IATI file holds an activity on `today` (iati.publishable_items), in one
    query."""
    held = set(
        iati.publishable_items(today=today).for_partners(partner_ids).order_by().values_list("for_partner", flat=True)
    )
    return {pk: pk in held for pk in partner_ids}


# What a partner page's aid figures read (partner_figures), and its map drawn from them: aid records
# (the partner's own, whose stamp finds them again after another partner's aid is saved) and the
# reference records (units, currencies).
AID_READS = frozenset({"aid", "reference"})


# What a partner page's aid figures are kept by beside AID_READS: its aid rows' stamp
# (aid.models.partner_stamps: the latest change PostgreSQL recorded to them; None elsewhere).
AID_STAMPED = frozenset({"aid"})
DELEGATION_READS, EVENT_READS = frozenset({"delegations"}), frozenset({"events"})


# In the names the parts are kept under: a new number when a part's content changes shape (the
# "digest" each part now carries), so that a deployment reads none kept by the code before it.
PARTS_SHAPE = 2


def figure_parts(partners, stamps=None) -> dict[int, dict]:
    """Everything the pages of `partners` show but their news, {partner id: parts}, kept in four parts,
    each until a record it reads changes: "aid" (its aid items with their places, results and money;
    units and currencies), "iati" (whether its IATI file has an activity, for the day: kept with the
    aid), "delegations", "events" — saving a delegation computes no aid figure again, nor does saving
    another partner's aid item (the aid parts are found again by the partner's stamp). Each part is
    read from the cache for all the partners at once, and computed for those missing together: the
    same queries for one partner's page as for every partner after a bulk write. `stamps`: the
    partners' partner_stamps, already read (None: read when an aid part is missing)."""
    ids = [partner.pk for partner in partners]
    if stamps is None:
        stamps = functools.cache(lambda: partner_stamps(ids))
    read_together(AID_READS, DELEGATION_READS, EVENT_READS)
    by_stamp = {"reads": AID_READS, "stamps": stamps, "stamped": AID_STAMPED}
    today = iati.iati_today()
    aid = cached_many({pk: f"partner-aid{PARTS_SHAPE}:{pk}" for pk in ids}, _aid_figures_many, **by_stamp)
    # Whether the IATI file has an activity to hold (3 ms a partner at ×100): for the file's day only
    # (an item is held from its start date on).
    iati_activities = cached_many(
        {pk: f"partner-iati:{pk}:{today.isoformat()}" for pk in ids},
        lambda missing: _iati_activities_many(missing, today),
        **by_stamp,
    )
    delegations = cached_many(
        {pk: f"partner-delegations{PARTS_SHAPE}:{pk}" for pk in ids},
        lambda missing: _activity_figures_many(Delegation.objects.public(), "delegation", missing),
        reads=DELEGATION_READS,
    )
    events = cached_many(
        {pk: f"partner-events{PARTS_SHAPE}:{pk}" for pk in ids},
        lambda missing: _activity_figures_many(Event.objects.public(), "event", missing),
        reads=EVENT_READS,
    )
    return {
        pk: {"aid": aid[pk], "iati": iati_activities[pk], "delegations": delegations[pk], "events": events[pk]}
        for pk in ids
    }


def partner_figures(partner: Partner) -> dict:
    """Everything a partner page shows but its news (figure_parts), in one dict."""
    parts = figure_parts([partner])[partner.pk]
    aid, delegations, events = parts["aid"], parts["delegations"], parts["events"]
    return {
        "totals": {**aid["totals"], "delegations": delegations["count"], "events": events["count"]},
        "aid_items": aid["aid_items"],
        "communes": aid["communes"],
        "map": aid["map"],
        # The content of the aid, delegations and events parts (content_digest): what the page's
        # HTML drawn from them is kept under.
        "digests": (aid["digest"], delegations["digest"], events["digest"]),
        # The latest activities of each kind, newest first (the view adds the news and cuts them to
        # TIMELINE_ENTRIES), and every year's counts over all of them.
        "latest": aid["latest"] + delegations["latest"] + events["latest"],
        "counts": {"aid": aid["per_year"], "delegation": delegations["per_year"], "event": events["per_year"]},
        "iati_activities": parts["iati"],
    }


def partner_pages_figures() -> None:
    """Every partner page's figures, computed once a write commits (AppConfig.figures): the parts a
    write left current are cache hits, so a write to news or documents computes nothing here, and one
    to a delegation only the delegations' parts. The partners' aid stamps are read in one query, and
    an aid write computes the aid parts of the partners whose rows it changed, together. The changes
    recorded below each partner's latest are then deleted."""
    compute_figure_parts(list(Partner.objects.order_by("pk")), partner_stamps())
    prune_partner_changes()


# Partners whose page figures are computed together (compute_figure_parts): their rows and figures
# are held at once, so this bounds the memory whatever the number of partners. At ×100, a bulk
# write's commit computing the 85 partners' pages took 1,9–2,0 s in chunks of 25 (the refresh's
# process peaking at 138 MB), 1,8 s in chunks of 50 (147 MB), 1,6 s all at once (151 MB); one
# partner at a time, the refresh took 4,4 s (118 MB).
FIGURE_CHUNK = 25


def compute_figure_parts(partners: list, stamps) -> None:
    """figure_parts of `partners` computed and kept, FIGURE_CHUNK partners at a time (what the
    refresh and a commit do; a page asks figure_parts for its partner alone)."""
    for start in range(0, len(partners), FIGURE_CHUNK):
        figure_parts(partners[start : start + FIGURE_CHUNK], stamps)


# At most this many partners' pages are computed inside a writing transaction (changed_partner_pages),
# together: one aid item's save concerns one to three, a bulk import may concern them all. At ×100
# 10 partners' aid figures take 0,19 s (0,39 s one at a time), the 85 partners' pages about 2 s
# (FIGURE_CHUNK); past this many, an import in the admin's request leaves them to the task worker.
# An import job, which nobody waits for (versioning.background_write), computes them all.
AT_COMMIT_PARTNERS = 100


def changed_partner_pages() -> None:
    """The page figures of the partners whose aid rows this transaction changed
    (aid.models.partners_changed_here) — of every partner after a bulk write whose records are not
    known (the demo load, a restore: versioning.ALL_KEY) —, computed inside it just before it commits
    (AppConfig.figures_at_commit): the first reader of their pages after an aid item's save or an
    import finds them kept, as the other partners' pages find theirs by their unchanged stamps. More
    than AT_COMMIT_PARTNERS partners: left to the task worker (partner_pages_figures), unless the
    write is the worker's own."""
    partners = Partner.objects.order_by("pk")
    if not bumped_here(ALL_KEY):
        changed = partners_changed_here()
        if not changed:
            return
        partners = partners.filter(pk__in=changed)
    partners = list(partners)
    if len(partners) > AT_COMMIT_PARTNERS and not writing_in_background():
        return
    compute_figure_parts(partners, partner_stamps([partner.pk for partner in partners]))


@require_safe
def partner_detail(request, code):
    """A partner's portfolio: what it has given and done here (totals over its public aid items), where
    (the communes of those items on the province map, shaded by the money it funds, and as a table),
    and when (a timeline by year: every year's counts, with the latest activities listed). Aggregates
    and bounded lists (partner_figures, kept until what they read changes) and the news that mention
    it, in the reader's language: a fixed number of queries and rows however much the partner has
    done."""
    partner = get_object_or_404(Partner.objects.select_related("country"), code=code)
    figures = partner_figures(partner)
    aid_items = figures["aid_items"]
    # News that mention them: one entry per story, in the reader's language when it exists.
    articles = partner.articles.public().for_reader(get_language())
    newest = list(articles.order_by("-publish_at")[:TIMELINE_ENTRIES])
    latest = figures["latest"] + [("news", timezone.localdate(a.publish_at), a) for a in newest]
    timeline = sorted(latest, key=lambda entry: entry[1], reverse=True)[:TIMELINE_ENTRIES]
    counts = {**figures["counts"], "news": _per_year(articles, "publish_at")}
    years = sorted({year for by_year in counts.values() for year in by_year}, reverse=True)
    timeline_years = [
        {
            "year": year,
            "counts": {kind: by_year.get(year, 0) for kind, by_year in counts.items()},
            "entries": [entry for entry in timeline if entry[1].year == year],
        }
        for year in years
    ]
    totals = figures["totals"]
    language = get_language()
    # The map drawn once per language from these very figures (60-odd communes, each with its count
    # and sum: 5 ms of the page's rendering at ×100), kept by their content.
    map_html = kept_by_content(
        f"partner-map:{partner.pk}",
        (language, figures["digests"][0]),
        lambda: (
            render_to_string("partners/includes/partner_map.html", {"map": figures["map"]}) if figures["map"] else ""
        ),
    )
    context = {
        "partner": partner,
        "totals": totals,
        "aid_items": aid_items[:PORTFOLIO_ITEMS],
        "more_items": max(0, totals["items"] - PORTFOLIO_ITEMS),
        # The public results of the items shown (no finding, visitor or action owner ever).
        "with_results": [item for item in aid_items[:PORTFOLIO_ITEMS] if item.public_results],
        "articles": newest[:10],
        "map_html": map_html,
        "communes": figures["communes"],
        "timeline": timeline,
        "timeline_years": timeline_years,
        "timeline_cut": sum(sum(by_year.values()) for by_year in counts.values()) > len(timeline),
        # A link to the partner's IATI file only when there is one to serve.
        "iati_file": figures["iati_activities"] and not iati.identity_problems(SiteIdentity.of_request(request)),
    }
    # The page's body (all but the site's header and footer: 8–10 ms of rendering at ×100), kept by
    # what it shows: the partner's fields, its figures' content, the news that name it, the IATI
    # link. The first reader after a write that changed none of them — another partner's aid, a bulk
    # write computing the figures anew — finds it rendered.
    shown = (
        language,
        [getattr(partner, field.attname) for field in partner._meta.concrete_fields],
        str(partner.country) if partner.country else None,
        figures["digests"],
        [(a.pk, a.slug, a.language, a.title, a.publish_at) for a in newest],
        counts["news"],
        context["iati_file"],
    )
    body = kept_by_content(
        f"partner-body:{partner.pk}", shown, lambda: render_to_string("partners/includes/partner_body.html", context)
    )
    return render(request, "partners/partner_detail.html", {**context, "body": body})
