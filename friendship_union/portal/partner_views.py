"""Public partner directory and partner pages: the whole relationship — aid, delegations, events,
news — never contacts."""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from friendship_union.aid import iati
from friendship_union.aid.models import (
    AidItem,
    AidLocation,
    AidProvider,
    AidSector,
    Disbursement,
    ProviderRole,
    Result,
)
from friendship_union.aid.public_views import public_sector_categories
from friendship_union.core import opendata
from friendship_union.core.models import SiteIdentity
from friendship_union.core.public import choice, page_of
from friendship_union.core.text import fold
from friendship_union.core.versioning import cached
from friendship_union.partners.models import Partner, PartnerType
from friendship_union.partners.opendata import PARTNERS
from friendship_union.reference.maps import commune_map
from friendship_union.reference.models import Country

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _partner_list_choices() -> tuple[list, list, dict]:
    """The directory's filter choices (countries with partners, DAC categories of public aid) and each
    partner's number of public aid items, read once per records version (the counts go over every
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


def partner_filters(request, partners) -> tuple:
    """The directory's filters, read from the query string, applied to `partners`: (the partners they
    select, the page's filter context). The HTML list and its CSV/JSON downloads both come from here."""
    # Read once: the same rows fill the filter and check the chosen value.
    countries, sectors, counts = cached("partner-list-choices", _partner_list_choices)
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


@require_safe
def partner_detail(request, code):
    """A partner's portfolio: what it has given and done here (totals over its public aid items), where
    (the communes of those items on the province map, shaded by the money it funds, and as a table),
    and when (one timeline of aid, delegations, events and news, newest first). A fixed number of
    queries."""
    partner = get_object_or_404(Partner.objects.select_related("country"), code=code)
    public_items = AidItem.objects.public().with_partner(partner)
    funded = public_items.with_partner(partner, ProviderRole.FUNDING)
    aid_items = list(
        public_items.select_related("currency")
        .prefetch_related(
            Prefetch("providers", queryset=AidProvider.objects.filter(partner=partner)),
            Prefetch("locations", queryset=AidLocation.objects.select_related("place_current")),
            Prefetch("results", queryset=Result.objects.published(), to_attr="public_results"),
        )
        .order_by(F("commitment_date").desc(nulls_last=True), "code")
    )
    delegations = list(partner.delegations.public().order_by("-start_date"))
    events = list(partner.events.public().order_by("-start_date"))
    # News that mention them: one entry per story, in the reader's language when it exists.
    articles = list(partner.articles.public().for_reader(get_language()).order_by("-publish_at")[:10])
    summary = public_items.summary()
    money = funded.summary()
    totals = {
        "items": summary["items"],
        "implementing": summary["implementing"],
        "closed": summary["closed"],
        "funded": money["items"],
        "committed_usd": money["usd"],
        "committed_vnd": money["vnd"],
        "disbursed_usd": Disbursement.objects.filter(aid_item__in=funded).total_usd(),
        "beneficiaries": funded.beneficiaries_total(),
    }
    communes = {}
    for item in aid_items:
        for location in item.locations.all():
            unit = location.place_current
            if unit is not None:
                communes.setdefault(unit.pk, {"unit": unit, "items": []})
                if item not in communes[unit.pk]["items"]:
                    communes[unit.pk]["items"].append(item)
    timeline = sorted(
        [("aid", item.commitment_date, item) for item in aid_items if item.commitment_date]
        + [("delegation", d.start_date, d) for d in delegations]
        + [("event", e.start_date, e) for e in events]
        + [("news", timezone.localdate(a.publish_at), a) for a in articles],
        key=lambda entry: entry[1],
        reverse=True,
    )
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "totals": totals,
            "aid_items": aid_items,
            # The public results of its public items (no finding, visitor or action owner ever).
            "with_results": [item for item in aid_items if item.public_results],
            "delegations": delegations,
            "events": events,
            "articles": articles,
            "map": cached(
                f"partner-map:{partner.pk}", lambda: commune_map(funded.by_commune(), marked=list(communes)) or {}
            ),
            "communes": sorted(communes.values(), key=lambda c: fold(c["unit"].name)),
            "timeline": timeline,
            # A link to the partner's IATI file only when there is one to serve.
            "iati_file": not iati.identity_problems(SiteIdentity.current())
            and iati.publishable_items(partner).exists(),
        },
    )
