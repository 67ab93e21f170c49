"""Public aid pages: only items marked public; money, sectors, places, funders, public photos."""

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from friendship_union.core import opendata
from friendship_union.core.models import SiteIdentity
from friendship_union.core.public import DeepPaginator, choice, page_of, year, years_in_use
from friendship_union.core.versioning import cached
from friendship_union.gallery.models import Photo
from friendship_union.partners.models import Partner
from friendship_union.reference.maps import commune_map
from friendship_union.reference.models import AdministrativeUnit, Sector

from . import iati
from .models import AidItem, AidLocation, AidProvider, AidSector, AidStatus, ProviderRole, Result
from .opendata import AID_ITEMS
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
    years = years_in_use(AidItem.objects.public(), "commitment_date")
    return public_sector_categories(), communes, years


# What the aid list's choices and map read (aid records; units and sectors), and its top besides them
# (the partner filter's note names the partner): each is kept until a record of those apps changes, so
# a story or a delegation saved leaves them kept.
CHOICE_READS = frozenset({"aid", "reference"})
HEAD_READS = CHOICE_READS | {"partners"}


def list_choices() -> tuple[list, list, list]:
    """The aid list's filter choices, kept until an aid or reference record changes."""
    return cached("aid-list-choices", _aid_list_choices, reads=CHOICE_READS)


def _filters_key(selected: dict) -> str:
    return ":".join(selected[k] for k in ("trang_thai", "linh_vuc", "nam", "doi_tac", "xa"))


def list_map(selected: dict, before_commune) -> dict:
    """The aid list's commune map for the filters `selected` (aid_filters) over the items they select
    before the commune filter, kept per filters until an aid or reference record changes."""
    commune = selected["xa"]
    return cached(
        f"aid-list-map:{_filters_key(selected)}",
        lambda: commune_map(before_commune.by_commune(), marked=[int(commune)] if commune else ()) or {},
        reads=CHOICE_READS,
    )


def list_head_html(filters: dict) -> str:
    """The top of the aid list as HTML (aid/includes/list_head.html): the filter form with its choices,
    the partner filter's note, the commune map and its table, for the filters `filters` (aid_filters'
    second value). Rendered once per filters and language until a record it shows changes
    (HEAD_READS): its four lists of choices and 60-odd communes drawn and tabled were most of the
    page's rendering (at ×100 on a slow machine, the first view after the refresh 67–78 → 45–51 ms)."""
    selected = filters["selected"]
    return cached(
        f"aid-list-head:{get_language()}:{_filters_key(selected)}",
        lambda: render_to_string(
            "aid/includes/list_head.html",
            {
                **filters,
                "statuses": AidStatus.choices,
                "map": list_map(selected, filters["before_commune"]),
            },
        ),
        reads=HEAD_READS,
    )


# What the aid list's rows are read from: its number of rows and deep pages' keys are kept until an aid
# record changes (core.public.DeepPaginator).
LIST_READS = frozenset({"aid"})


def listed(items):
    """The aid list's rows, `items` (aid_filters) in the list's order with what each row shows."""
    return (
        items.select_related("currency")
        .prefetch_related(
            Prefetch(
                "providers",
                queryset=AidProvider.objects.filter(role=ProviderRole.FUNDING).select_related("partner"),
                to_attr="funders",
            )
        )
        .order_by("-commitment_date", "code")
    )


def refresh_figures() -> None:
    """The aid list as a reader first sees it (no filter): its choices, its map, and its top drawn in
    each language, and its number of items (AppConfig.figures: computed once a write commits,
    core.versioning.refresh_figures)."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            items, filters = aid_filters(HttpRequest())  # a request without a query string
            list_head_html(filters)
    DeepPaginator(listed(items), 20, reads=LIST_READS).count  # noqa: B018 (computed, to be kept)


def aid_filters(request) -> tuple:
    """The aid list's filters, read from the query string: (the public items they select, the page's
    filter context). The HTML list and its CSV/JSON downloads both come from here."""
    items = AID_ITEMS.public()
    # The filters offer only what public items use; each list is read once per records version (kept
    # in the shared cache: reading them scans every public item) and the choices are checked against
    # the same rows.
    categories, communes, years = list_choices()
    status = choice(request, "trang_thai", AidStatus.values)
    sector = choice(request, "linh_vuc", [category.code for category in categories])
    commune = choice(request, "xa", [unit.pk for unit in communes])
    chosen_year = year(request)
    # One partner's items (any role), as on its page: ?doi_tac=CODE; an unknown code selects none.
    partner_code = request.GET.get("doi_tac", "").strip()[:30]
    partner = Partner.objects.filter(code__iexact=partner_code).first() if partner_code else None
    if status:
        items = items.filter(status=status)
    if sector:
        items = items.filter(Q(sectors__sector=sector) | Q(sectors__sector__category=sector)).distinct()
    if chosen_year:
        items = items.filter(commitment_date__year=chosen_year)
    if partner_code:
        items = items.with_partner(partner) if partner else items.none()
    before_commune = items
    if commune:
        items = items.filter(locations__place_current=commune).distinct()
    selected = {
        "trang_thai": status,
        "linh_vuc": sector,
        "nam": str(chosen_year or ""),
        "doi_tac": partner.code if partner else partner_code,
        "xa": commune,
    }
    return items, {
        "categories": categories,
        "communes": communes,
        "years": years,
        "partner": partner,
        "before_commune": before_commune,
        "selected": selected,
    }


@require_safe
def aid_list(request):
    items, filters = aid_filters(request)
    selected = filters["selected"]
    fmt = opendata.requested_format(request)
    if fmt:
        return opendata.download(request, AID_ITEMS, items, fmt, filtered=any(selected.values()))
    return render(
        request,
        "aid/aid_list.html",
        {
            "page": page_of(request, listed(items), 20, reads=LIST_READS),
            # The filter form, the partner note and the map, drawn once per version (list_head_html).
            "head_html": list_head_html(filters),
            "selected": selected,
            "downloads": opendata.download_links(selected),
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
            Prefetch("results", queryset=Result.objects.published(), to_attr="public_results"),
        ),
        code=code,
    )
    communes = [location.place_current_id for location in item.locations.all() if location.place_current_id]
    return render(request, "aid/aid_detail.html", {"item": item, "map": commune_map({}, marked=communes)})


# The files page builds files to learn their sizes only up to these limits per visit (a few hundred
# milliseconds); a size not known yet is learnt when the file is downloaded or on a later visit.
MEASURE_FILES = 10
MEASURE_ACTIVITIES = 1000


# The CSV and JSON files built to learn their sizes, per visit, in rows (the others: after a download).
MEASURE_ROWS = 2000


def _data_tables(request) -> list[dict]:
    """The open data tables with their rows, last change and the files' sizes (one aggregate per table;
    a file is built only while the rows measured this visit stay under MEASURE_ROWS)."""
    rows, budget = [], MEASURE_ROWS
    for table in opendata.tables():
        found = table.public().order_by().aggregate(n=Count("pk"), at=Max("updated_at"))
        files = []
        for fmt in opendata.FORMATS:
            build = found["n"] <= budget
            size = opendata.file_size(request, table, fmt, build=build)
            if build and size is not None:
                budget -= found["n"]
            files.append({"format": fmt, "url": f"{reverse(table.list_url)}?format={fmt}", "size": size})
        rows.append(
            {
                "table": table,
                "list_url": reverse(table.list_url),
                "rows": found["n"],
                "last_modified": found["at"],
                "files": files,
                "fields": [opendata.field_descriptor(f) for f in table.fields],
            }
        )
    return rows


@require_safe
def data_package(request):
    """datapackage.json: every open data table (CSV and JSON) and its fields, as a Frictionless Data
    Package, in the request's language with both languages' titles beside."""
    identity = SiteIdentity.current()
    iati_file = request.build_absolute_uri(reverse("iati-activities"))

    def name() -> str:
        return identity.name_en if get_language() == "en" and identity.name_en else identity.name

    def title() -> str:
        return _("Dữ liệu mở của %(name)s") % {"name": name()}

    def description() -> str:
        return _(
            "Hồ sơ công khai về viện trợ, đối tác, đoàn ra – đoàn vào và sự kiện, đúng như các trang danh sách "
            "hiển thị (mỗi tệp nhận cùng bộ lọc với trang của nó). Tệp IATI 2.03 của các khoản viện trợ: "
            "%(iati)s."
        ) % {"iati": iati_file}

    descriptor = opendata.package_descriptor(
        request,
        name="open-data",
        title=lazy(title, str)(),
        description=lazy(description, str)(),
        homepage=request.build_absolute_uri(reverse("aid:open-data")),
        publisher=identity.name,
    )
    response = JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def open_data(request):
    """The IATI files: all activities, each partner's, the organisation file, with their sizes and
    last changes."""
    identity = SiteIdentity.of_request(request)
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
            "tables": _data_tables(request),
            "identity": identity,
            "problems": problems,
            "everything": files[:1] if files and files[0]["partner"] is None else [],
            "partner_files": [f for f in files if f["partner"] is not None],
        },
    )
