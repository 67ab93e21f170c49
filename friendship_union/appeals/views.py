"""The public call for aid: a catalogue of open appeals and each appeal's page with an
"express interest" form. Only open appeals of public pipeline items; leads are never shown."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from friendship_union.aid.models import AidLocation, AidSector
from friendship_union.aid.public_views import public_sector_categories
from friendship_union.core.net import RateLimited, address_hash, client_address
from friendship_union.core.public import choice, page_of
from friendship_union.reference.models import AdministrativeUnit

from .forms import InterestForm
from .models import Appeal
from .services import interest_submit


def _open_appeals():
    return (
        Appeal.objects.open()
        .select_related("aid_item")
        .prefetch_related(
            Prefetch("aid_item__sectors", queryset=AidSector.objects.select_related("sector")),
            Prefetch("aid_item__locations", queryset=AidLocation.objects.select_related("place_current")),
        )
    )


@require_safe
def appeal_list(request):
    appeals = _open_appeals()
    item_ids = Appeal.objects.open().values("aid_item_id")
    categories = public_sector_categories(item_ids)
    communes = list(
        AdministrativeUnit.objects.filter(
            pk__in=AidLocation.objects.filter(aid_item_id__in=item_ids).values("place_current")
        ).order_by("key")
    )
    sector = choice(request, "linh_vuc", [category.code for category in categories])
    commune = choice(request, "xa", [unit.pk for unit in communes])
    if sector:
        appeals = appeals.filter(
            Q(aid_item__sectors__sector=sector) | Q(aid_item__sectors__sector__category=sector)
        ).distinct()
    if commune:
        appeals = appeals.filter(aid_item__locations__place_current=commune).distinct()
    return render(
        request,
        "appeals/appeal_list.html",
        {
            "page": page_of(request, appeals, 20),
            "categories": categories,
            "communes": communes,
            "selected": {"linh_vuc": sector, "xa": commune},
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def appeal_detail(request, code):
    appeal = get_object_or_404(_open_appeals(), aid_item__code=code)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interest_submit(
                appeal=appeal,
                organisation=data["organisation"],
                country=data["country"],
                email=data["email"],
                message=data["message"],
                hashed_ip=address_hash(client_address(request)),
            )
        except RateLimited:
            form.add_error(None, _("Bạn đã gửi nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Cảm ơn bạn! Lời nhắn đã đến Liên hiệp; cán bộ phụ trách sẽ liên hệ lại qua thư điện tử."),
            )
            return redirect(request.path + "#quan-tam")
    return render(request, "appeals/appeal_detail.html", {"appeal": appeal, "item": appeal.aid_item, "form": form})
