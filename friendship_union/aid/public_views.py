"""Public aid pages: only items marked public; money, sectors, places, funders, public photos."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from friendship_union.core.models import SiteIdentity
from friendship_union.core.public import choice, page_of, year
from friendship_union.core.versioning import cached
from friendship_union.gallery.models import Photo
from friendship_union.reference.maps import commune_map
from friendship_union.reference.models import AdministrativeUnit, Sector

from . import iati
from .models import AidItem, AidLocation, AidProvider, AidSector, AidStatus, ProviderRole
from .views import file_size


def public_sector_categories(item_ids=None) -> list:
    """The DAC categories public aid items (or the items whose ids the subquery `item_ids` gives) are
    filed under, directly or through a sector, in one query: subqueries rather than a DISTINCT over two
    join chains."""
    shares = AidSector.objects.filter(aid_item__is_public=True)
    if item_ids is not None:
        shares = shares.filter(aid_item_id__in=item_ids)
    sectors = shares.values("sector_id")
    their_categories = Sector.objects.filter(code__in=sectors).values("category_id")
    return list(
        Sector.objects.filter(vocabulary=Sector.Vocabulary.DAC3)
        .filter(Q(code__in=sectors) | Q(code__in=their_categories))
        .order_by("code")
    )


def _aid_list_choices() -> tuple[list, list, list]:
    """The aid list's filter choices: DAC categories, today's communes and commitment years in use."""
    communes = list(
        AdministrativeUnit.objects.filter(
            pk__in=AidLocation.objects.filter(aid_item__is_public=True).values("place_current")
        ).order_by("key")
    )
    years = list(AidItem.objects.public().dates("commitment_date", "year", order="DESC"))
    return public_sector_categories(), communes, years


@require_safe
def aid_list(request):
    items = AidItem.objects.public().select_related("currency")
    # The filters offer only what public items use; each list is read once per records version (kept
    # in the shared cache: reading them scans every public item) and the choices are checked against
    # the same rows.
    categories, communes, years = cached("aid-list-choices", _aid_list_choices)
    status = choice(request, "trang_thai", AidStatus.values)
    sector = choice(request, "linh_vuc", [category.code for category in categories])
    commune = choice(request, "xa", [unit.pk for unit in communes])
    chosen_year = year(request)
    if status:
        items = items.filter(status=status)
    if sector:
        items = items.filter(Q(sectors__sector=sector) | Q(sectors__sector__category=sector)).distinct()
    if chosen_year:
        items = items.filter(commitment_date__year=chosen_year)
    mapped = cached(
        f"aid-list-map:{status}:{sector}:{chosen_year}:{commune}",
        lambda: commune_map(items.by_commune(), marked=[int(commune)] if commune else ()) or {},
    )
    if commune:
        items = items.filter(locations__place_current=commune).distinct()
    items = items.prefetch_related(
        Prefetch("providers", queryset=AidProvider.objects.filter(role=ProviderRole.FUNDING).select_related("partner"))
    ).order_by("-commitment_date", "code")
    return render(
        request,
        "aid/aid_list.html",
        {
            "page": page_of(request, items, 20),
            "statuses": AidStatus.choices,
            "categories": categories,
            "communes": communes,
            "years": years,
            "map": mapped,
            "selected": {"trang_thai": status, "linh_vuc": sector, "xa": commune, "nam": str(chosen_year or "")},
        },
    )


@require_safe
def aid_detail(request, code):
    item = get_object_or_404(
        AidItem.objects.public()
        .select_related("currency", "program", "album")
        .prefetch_related(
            Prefetch("providers", queryset=AidProvider.objects.select_related("partner__country")),
            Prefetch("sectors", queryset=AidSector.objects.select_related("sector")),
            Prefetch("locations", queryset=AidLocation.objects.select_related("place_recorded", "place_current")),
            Prefetch("album__photos", queryset=Photo.objects.public()),
        ),
        code=code,
    )
    communes = [location.place_current_id for location in item.locations.all() if location.place_current_id]
    return render(request, "aid/aid_detail.html", {"item": item, "map": commune_map({}, marked=communes)})


# The files page builds files to learn their sizes only up to these limits per visit (a few hundred
# milliseconds); a size not known yet is learnt when the file is downloaded or on a later visit.
MEASURE_FILES = 10
MEASURE_ACTIVITIES = 1000


@require_safe
def open_data(request):
    """The IATI files: all activities, each partner's, the organisation file, with their sizes and
    last changes."""
    identity = SiteIdentity.current()
    problems = iati.identity_problems(identity)
    files = []
    if not problems:
        budget, builds = MEASURE_ACTIVITIES, MEASURE_FILES
        everything = iati.file_state(None, identity)
        rows = (
            [
                {
                    "partner": None,
                    "activities": everything.activities,
                    "last_modified": everything.last_modified,
                    "size_key": everything.size_key,
                }
            ]
            if everything.activities
            else []
        )
        rows += iati.partner_files(identity)
        for row in rows:
            known = file_size(row["size_key"], row["partner"], identity, build=False)
            if known is None and builds and row["activities"] <= budget:
                known = file_size(row["size_key"], row["partner"], identity, build=True)
                budget, builds = budget - row["activities"], builds - 1
            row["size"] = known
            files.append(row)
    return render(
        request,
        "aid/open_data.html",
        {
            "identity": identity,
            "problems": problems,
            "everything": files[:1] if files and files[0]["partner"] is None else [],
            "partner_files": [f for f in files if f["partner"] is not None],
        },
    )
