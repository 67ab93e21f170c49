"""Public partner directory and partner pages: the whole relationship, never contacts."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from friendship_union.core.public import choice, page_of
from friendship_union.reference.models import Country

from .models import Partner, PartnerType

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
            "letters": LETTERS,
            "selected": {"nuoc": country, "loai": kind, "chu": letter},
        },
    )


@require_safe
def partner_detail(request, code):
    partner = get_object_or_404(Partner.objects.select_related("country"), code=code)
    aid_items = partner.aid_items.public().select_related("currency").distinct().order_by("-commitment_date")
    delegations = partner.delegations.public().order_by("-start_date")
    events = partner.events.public().order_by("-start_date")
    articles = partner.articles.public().order_by("-publish_at")[:10]  # news that mention them
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "aid_items": aid_items,
            "delegations": delegations,
            "events": events,
            "articles": articles,
        },
    )
