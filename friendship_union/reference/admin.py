"""Admin for reference data. Units and codelists are loaded by `load_reference`; staff may adjust
names (Vietnamese sector labels, country aliases) and keep exchange rates."""

from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import FoldedSearchMixin, HistoryAdmin, OddInputAdmin, SpreadsheetAdmin
from friendship_union.core.templatetags.vn import number
from friendship_union.core.text import fold

from .models import AdministrativeUnit, Country, Currency, ExchangeRate, RegistrationSector, Sector
from .resources import ExchangeRateResource


class ReadOnlyCodelistMixin:
    """Loaded from maintained sources: viewable and searchable, not edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReadOnlyCodelistMixin, FoldedSearchMixin, OddInputAdmin):
    list_display = ["name", "parent_display", "province_display", "level", "era", "code", "current_display"]
    list_filter = ["era", "level", "unit_type"]
    search_fields = ["code"]
    folded_search_fields = ("search_name",)
    rank_code_fields = ("code",)
    rank_name_fields = ("key", "search_name")
    list_select_related = ["parent__parent", "province", "current_unit__parent"]
    list_per_page = 50
    readonly_fields = [f.name for f in AdministrativeUnit._meta.fields]
    fields = [
        "era",
        "level",
        "code",
        "name",
        "short_name",
        "unit_type",
        "parent",
        "province",
        "current_unit",
        "latitude",
        "longitude",
    ]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("trực thuộc"), ordering="parent__key")
    def parent_display(self, obj):
        return obj.parent.name if obj.parent_id and obj.level == 3 and obj.parent.level == 2 else "—"

    @admin.display(description=_("tỉnh"))
    def province_display(self, obj):
        return obj.province.name if obj.province_id else "—"

    @admin.display(description=_("đơn vị hiện nay"))
    def current_display(self, obj):
        return obj.current_unit.label if obj.current_unit_id else "—"


@admin.register(Country)
class CountryAdmin(ReadOnlyCodelistMixin, FoldedSearchMixin, HistoryAdmin):
    list_display = ["name_vi", "name_en", "code", "aliases"]
    search_fields = ["code"]
    folded_search_fields = ("search_names",)
    rank_code_fields = ("code",)
    rank_names_fields = ("search_names",)
    fields = ["code", "name_vi", "name_en", "aliases"]
    readonly_fields = ["code"]


@admin.register(Currency)
class CurrencyAdmin(ReadOnlyCodelistMixin, OddInputAdmin):
    list_display = ["code", "name_vi", "name_en", "decimals"]
    search_fields = ["code", "name_vi", "name_en"]
    readonly_fields = ["code", "decimals"]

    def get_search_results(self, request, queryset, search_term):
        """Currencies whose code or names contain the search, diacritics and case ignored ("dong"
        finds Đồng Việt Nam), the code or a whole name first, then names starting with it. The
        codelist is short (176 rows): it is folded here rather than in a stored column."""
        phrase = fold(search_term)
        if not phrase:
            return queryset, False
        ranks = {}
        for code, *names in queryset.values_list("code", "name_vi", "name_en"):
            keys = [fold(code), *(fold(n) for n in names)]
            if any(phrase == k for k in keys):
                ranks[code] = 0
            elif any(k.startswith(phrase) for k in keys):
                ranks[code] = 1
            elif any(f" {phrase}" in k for k in keys):
                ranks[code] = 2
            elif any(phrase in k for k in keys):
                ranks[code] = 3
        rank = Case(*(When(code=c, then=Value(r)) for c, r in ranks.items()), output_field=IntegerField())
        found = queryset.filter(code__in=ranks) if ranks else queryset.none()
        return (found.annotate(search_rank=rank).order_by("search_rank", "code") if ranks else found), False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SpreadsheetAdmin):
    resource_classes = [ExchangeRateResource]
    list_display = ["currency", "date", "rate_display", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"
    search_fields = ["currency__code", "source"]
    autocomplete_fields = ["currency"]
    list_select_related = ["currency"]
    fields = ["currency", "date", "rate", "source"]

    @admin.display(description=_("tỷ giá (VND)"), ordering="rate")
    def rate_display(self, obj):

        return number(obj.rate.normalize())  # 26.300, 133,7069: no trailing zeros


@admin.register(Sector)
class SectorAdmin(ReadOnlyCodelistMixin, FoldedSearchMixin, HistoryAdmin):
    list_display = ["code", "name_vi", "name_en", "vocabulary", "category", "active"]
    list_filter = ["vocabulary", "active"]
    search_fields = ["code"]
    folded_search_fields = ("search_names",)
    rank_code_fields = ("code",)
    rank_names_fields = ("search_names",)
    list_select_related = ["category"]
    fields = ["code", "vocabulary", "category", "name_en", "name_vi", "active"]
    readonly_fields = ["code", "vocabulary", "category", "name_en", "active"]


@admin.register(RegistrationSector)
class RegistrationSectorAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ["name", "name_en", "sector"]
    search_fields = ["name", "name_en"]
    folded_search_fields = ("search_name",)
    autocomplete_fields = ["sector", "categories"]
    list_select_related = ["sector"]
