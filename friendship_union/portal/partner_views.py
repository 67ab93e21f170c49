"""Public partner directory and partner pages: the whole relationship — aid, delegations, events,
news — never contacts."""

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from friendship_union.aid import iati
from friendship_union.aid.models import AidSector, ProviderRole
from friendship_union.aid.public_views import public_sector_categories
from friendship_union.core.models import SiteIdentity
from friendship_union.core.public import choice, page_of
from friendship_union.partners.models import Partner, PartnerType
from friendship_union.reference.models import Country

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@require_safe
def partner_list(request):
    partners = Partner.objects.select_related("country").annotate(
        public_items=Count("provided__aid_item", filter=Q(provided__aid_item__is_public=True), distinct=True)
    )
    # Read once: the same rows fill the filter and check the chosen value.
    countries = list(Country.objects.filter(partners__isnull=False).distinct().order_by("name_vi"))
    country = choice(request, "nuoc", [c.code for c in countries])
    kind = choice(request, "loai", PartnerType.values)
    letter = choice(request, "chu", LETTERS)
    sectors = public_sector_categories()
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
    return render(
        request,
        "partners/partner_list.html",
        {
            "page": page_of(request, partners.order_by("name_key"), 30),
            "countries": countries,
            "types": PartnerType.choices,
            "sectors": sectors,
            "letters": LETTERS,
            "selected": {"nuoc": country, "loai": kind, "chu": letter, "linh_vuc": sector},
        },
    )


@require_safe
def partner_detail(request, code):
    partner = get_object_or_404(Partner.objects.select_related("country"), code=code)
    aid_items = partner.aid_items.public().select_related("currency").distinct().order_by("-commitment_date")
    delegations = partner.delegations.public().order_by("-start_date")
    events = partner.events.public().order_by("-start_date")
    # News that mention them: one entry per story, in the reader's language when it exists.
    articles = partner.articles.public().for_reader(get_language()).order_by("-publish_at")[:10]
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "aid_items": aid_items,
            "delegations": delegations,
            "events": events,
            "articles": articles,
            # A link to the partner's IATI file only when there is one to serve.
            "iati_file": not iati.identity_problems(SiteIdentity.current())
            and iati.publishable_items(partner).exists(),
        },
    )
