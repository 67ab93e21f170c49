"""Admin for aid items: inlines for providers, sectors (total 100%), places (resolved), disbursements
and documents; a totals line for the filtered list; money converted at the dated rate on save."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import FoldedSearchMixin, HistoryAdmin, SpreadsheetAdmin
from friendship_union.core.numbers import whole_number
from friendship_union.core.templatetags.vn import number, vnd
from friendship_union.reference.forms import PLACE_HELP, PlaceTextForm
from friendship_union.reference.models import AdministrativeUnit, Country, Sector

from . import iati
from .coverage import coverage_problems
from .models import (
    AidBudget,
    AidDocument,
    AidItem,
    AidLocation,
    AidProvider,
    AidSector,
    BudgetType,
    Disbursement,
    FollowUpAction,
    MonitoringVisit,
    ProviderRole,
    Result,
    ResultPeriod,
)
from .resources import AidItemResource, DisbursementResource
from .services import (
    aid_budget_save,
    aid_item_convert_money,
    aid_item_save,
    aid_location_save,
    check_budgets,
    check_periods,
    check_sector_percentages,
    disbursement_convert_money,
    disbursement_save,
    follow_up_action_save,
    follow_up_actions_close,
    monitoring_visit_save,
    place_date,
    places_reread,
    result_delete,
    result_period_save,
    result_save,
)


class ProviderInline(admin.TabularInline):
    model = AidProvider
    extra = 0
    autocomplete_fields = ["partner"]


class SectorFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        shares = [
            f.cleaned_data["percentage"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("percentage") is not None
        ]
        check_sector_percentages(shares)


class SectorInline(admin.TabularInline):
    model = AidSector
    formset = SectorFormSet
    extra = 0
    autocomplete_fields = ["sector"]


class LocationForm(PlaceTextForm):
    class Meta:
        model = AidLocation
        fields = ["place_text", "site"]
        help_texts = {"place_text": PLACE_HELP}

    def place_date(self):
        item = self.parent()
        return place_date(item) if item is not None else None


class LocationInline(admin.TabularInline):
    model = AidLocation
    form = LocationForm
    extra = 0
    fields = ["place_text", "site", "place_recorded", "place_current", "latitude", "longitude"]
    readonly_fields = ["place_recorded", "place_current", "latitude", "longitude"]


class DisbursementForm(forms.ModelForm):
    class Meta:
        model = Disbursement
        fields = ["aid_item", "date", "amount", "currency", "note"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("date") and cleaned.get("amount") and cleaned.get("currency"):
            self.instance.date, self.instance.amount = cleaned["date"], cleaned["amount"]
            self.instance.currency = cleaned["currency"]
            disbursement_convert_money(self.instance)  # ValidationError names the missing rate
        return cleaned


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    form = DisbursementForm
    extra = 0
    fields = ["date", "amount", "currency", "amount_usd", "amount_vnd", "note"]
    readonly_fields = ["amount_usd", "amount_vnd"]
    autocomplete_fields = ["currency"]


class BudgetFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            AidBudget(
                period_start=f.cleaned_data["period_start"],
                period_end=f.cleaned_data["period_end"],
                budget_type=f.cleaned_data.get("budget_type") or BudgetType.ORIGINAL,
            )
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("period_start")
            and f.cleaned_data.get("period_end")
        ]
        check_budgets(kept)


class BudgetInline(admin.TabularInline):
    """The money planned per year (IATI <budget>): periods of at most a year, not overlapping within a
    type; a revised budget beside the original of the same period."""

    model = AidBudget
    formset = BudgetFormSet
    extra = 0
    fields = ["period_start", "period_end", "amount", "currency", "budget_type", "status"]
    autocomplete_fields = ["currency"]


class DocumentInline(admin.TabularInline):
    model = AidDocument
    extra = 0


class VisitPlaceForm(PlaceTextForm):
    """A visit's commune as staff type it, read as of the visit's date (a pre-reform unit before
    1 July 2025)."""

    class Meta:
        model = MonitoringVisit
        fields = ["aid_item", "date", "visitors", "place_text", "findings", "album"]
        help_texts = {"place_text": PLACE_HELP}

    def place_date(self):
        return self.cleaned_data.get("date")


class MonitoringVisitInline(admin.TabularInline):
    """The item's monitoring visits; findings, photos and follow-up actions on each visit's own page."""

    model = MonitoringVisit
    form = VisitPlaceForm
    extra = 0
    fields = ["date", "visitors", "place_text", "place_current"]
    readonly_fields = ["place_current"]
    show_change_link = True


class ResultInline(admin.TabularInline):
    """The item's results; the target and the actual value per period on each result's own page."""

    model = Result
    extra = 0
    fields = ["result_type", "title", "indicator", "measure", "unit", "baseline_value", "baseline_year", "is_public"]
    show_change_link = True


class AidItemForm(forms.ModelForm):
    class Meta:
        model = AidItem
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin's fieldsets choose the fields

    def clean(self):
        cleaned = super().clean()
        # Convert now so a missing rate is a form error (naming currency and date), not a crash.
        probe = AidItem(
            committed_amount=cleaned.get("committed_amount"),
            currency=cleaned.get("currency"),
            commitment_date=cleaned.get("commitment_date"),
        )
        if not self.errors:
            aid_item_convert_money(probe)
            self.instance.committed_usd = probe.committed_usd
            self.instance.committed_vnd = probe.committed_vnd
            self.instance.rate_to_vnd = probe.rate_to_vnd
            # A new date reads the stored places again: one that cannot be read then is an error here.
            probe = AidItem(
                commitment_date=cleaned.get("commitment_date"),
                approval_date=cleaned.get("approval_date"),
                planned_start=cleaned.get("planned_start"),
            )
            if self.instance.pk and place_date(probe) != place_date(AidItem.objects.get(pk=self.instance.pk)):
                places_reread(self.instance, on=place_date(probe))
        return cleaned


class YearFilter(admin.SimpleListFilter):
    title = _("năm cam kết")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        years = AidItem.objects.dates("commitment_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        year = whole_number(self.value(), low=1900, high=2100)
        if year is not None:
            return queryset.filter(commitment_date__year=year)
        return queryset


class DonorCountryFilter(admin.SimpleListFilter):
    """Items funded by a partner of a country (the funding role, as the dashboard's country breakdown
    counts them); `khong` for funders whose country is not recorded."""

    title = _("nước tài trợ")
    parameter_name = "nuoc"
    NONE = "khong"

    def lookups(self, request, model_admin):
        countries = Country.objects.filter(partners__provided__role=ProviderRole.FUNDING).distinct().order_by("name_vi")
        return [(c.code, c.name_vi) for c in countries] + [(self.NONE, _("Chưa ghi nước"))]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            funders = AidProvider.objects.filter(role=ProviderRole.FUNDING, partner__country__isnull=True)
        elif self.value():
            funders = AidProvider.objects.filter(role=ProviderRole.FUNDING, partner__country=self.value())
        else:
            return queryset
        return queryset.filter(pk__in=funders.values("aid_item_id"))


class CountableFilter(admin.SimpleListFilter):
    """Items whose money counts in totals (AidItemQuerySet.countable: a project inside a program that
    carries the money is left out) — the items the dashboard's breakdowns count."""

    title = _("tính vào tổng giá trị")
    parameter_name = "tinh_tien"

    def lookups(self, request, model_admin):
        return [("1", _("Có (không tính trùng chương trình và dự án con)"))]

    def queryset(self, request, queryset):
        return queryset.countable() if self.value() == "1" else queryset


class SectorFilter(admin.SimpleListFilter):
    """By DAC category: items filed under the category itself or under any of its 5-digit codes."""

    title = _("lĩnh vực")
    parameter_name = "linh_vuc"

    def lookups(self, request, model_admin):

        used = Sector.objects.filter(
            Q(vocabulary=Sector.Vocabulary.DAC3)
            & (Q(aid_sectors__isnull=False) | Q(sectors__aid_sectors__isnull=False))
        ).distinct()
        return [(s.code, str(s)) for s in used.order_by("code")]

    def queryset(self, request, queryset):

        if self.value():
            code = self.value()
            return queryset.filter(Q(sectors__sector=code) | Q(sectors__sector__category=code)).distinct()
        return queryset


class PartnerFilter(admin.SimpleListFilter):
    title = _("nhà tài trợ")
    parameter_name = "doi_tac"

    def lookups(self, request, model_admin):
        return []  # used from dashboard links (?doi_tac=CODE); too many partners to list here

    def has_output(self):
        return True

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Tất cả"),
        }
        if self.value():
            yield {"selected": True, "query_string": changelist.get_query_string(), "display": self.value()}

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                providers__partner__code=self.value(), providers__role=ProviderRole.FUNDING
            ).distinct()
        return queryset


class LapsingFilter(admin.SimpleListFilter):
    title = _("phê duyệt quá 6 tháng chưa triển khai")
    parameter_name = "qua_han_trien_khai"

    def lookups(self, request, model_admin):
        return [("1", _("Có"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pk__in=AidItem.objects.lapsing().values("pk"))
        return queryset


class QualityFilter(admin.SimpleListFilter):
    """The weekly data-quality digest's aid figures (reminders), each an AidItemQuerySet method."""

    title = _("chất lượng dữ liệu")
    parameter_name = "chat_luong"
    CHECKS = {
        "thieu_so_phe_duyet": ("implementing_without_approval", _("Đang thực hiện, chưa có số quyết định phê duyệt")),
        "thieu_dia_ban_linh_vuc": ("without_place_or_sector", _("Chưa có địa bàn hoặc lĩnh vực")),
        "chua_giai_ngan_6_thang": ("no_recent_disbursement", _("Đang thực hiện, 6 tháng chưa giải ngân")),
        "giai_ngan_vuot_cam_ket": ("disbursed_over_committed", _("Giải ngân vượt giá trị cam kết")),
        "ngoai_pham_vi_giay_dang_ky": ("outside_certificate_coverage", _("Ngoài phạm vi giấy đăng ký")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (_method, label) in self.CHECKS.items()]

    def queryset(self, request, queryset):
        if self.value() in self.CHECKS:
            method = self.CHECKS[self.value()][0]
            return queryset.filter(pk__in=getattr(AidItem.objects, method)().values("pk"))
        return queryset


class IatiFilter(admin.SimpleListFilter):
    """Public items the IATI file leaves out (iati.iati_problems says why, on the item's page)."""

    title = _("tệp IATI")
    parameter_name = "iati"

    def lookups(self, request, model_admin):
        return [("thieu", _("Công khai nhưng chưa đưa vào tệp IATI được")), ("co", _("Có trong tệp IATI"))]

    def queryset(self, request, queryset):
        if self.value() == "thieu":
            return queryset.public().exclude(iati.publishable_q())
        if self.value() == "co":
            return queryset.public().filter(iati.publishable_q())
        return queryset


class CommuneFilter(admin.SimpleListFilter):
    """By today's commune or ward: legacy communes recorded before 2025 roll up to it."""

    title = _("xã, phường (hiện nay)")
    parameter_name = "xa"

    def lookups(self, request, model_admin):

        used = AdministrativeUnit.objects.filter(pk__in=AidLocation.objects.values("place_current")).order_by("key")
        return [(str(u.pk), u.name) for u in used]

    def queryset(self, request, queryset):
        unit = whole_number(self.value())
        if unit is not None:
            return queryset.filter(locations__place_current=unit).distinct()
        return queryset


@admin.register(AidItem)
class AidItemAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    form = AidItemForm
    resource_classes = [AidItemResource]
    list_display = [
        "code",
        "title",
        "form",
        "status",
        "commitment_date",
        "committed_display",
        "is_public",
    ]
    list_filter = [
        "status",
        "form",
        SectorFilter,
        DonorCountryFilter,
        YearFilter,
        CommuneFilter,
        PartnerFilter,
        CountableFilter,
        LapsingFilter,
        QualityFilter,
        IatiFilter,
        "is_public",
        "aid_type",
    ]
    search_fields = ["code", "approval_number"]
    folded_search_fields = ("search_text",)
    date_hierarchy = "commitment_date"
    list_select_related = ["currency"]
    autocomplete_fields = ["program", "currency", "album"]
    inlines = [
        ProviderInline,
        SectorInline,
        LocationInline,
        BudgetInline,
        DisbursementInline,
        ResultInline,
        MonitoringVisitInline,
        DocumentInline,
    ]
    readonly_fields = ["committed_usd", "committed_vnd", "rate_to_vnd", "iati_status", "certificate_coverage"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("code", "form", "aid_type"),
                    "title",
                    "title_en",
                    ("status", "program", "is_public"),
                    "iati_status",
                    "certificate_coverage",
                ]
            },
        ),
        (
            _("Nội dung"),
            {
                "fields": [
                    ("description", "description_en"),
                    ("objectives", "objectives_en"),
                    ("beneficiaries", "beneficiaries_description"),
                ]
            },
        ),
        (_("Chủ thể"), {"fields": [("aid_owner", "managing_agency")]}),
        (
            _("Phê duyệt"),
            {"fields": [("approval_number", "approval_date"), ("approval_authority", "decree")]},
        ),
        (
            _("Tiến độ"),
            {
                "fields": [
                    ("planned_start", "planned_end"),
                    ("actual_start", "actual_end"),
                    ("works_start", "acceptance_date", "handover_date"),
                ]
            },
        ),
        (
            _("Giá trị"),
            {
                "fields": [
                    ("committed_amount", "currency", "commitment_date"),
                    ("committed_usd", "committed_vnd", "rate_to_vnd"),
                    ("counterpart_amount", "counterpart_source"),
                ]
            },
        ),
        (_("Hình ảnh"), {"fields": ["album"]}),
    ]

    def write(self, request, obj, form, change):
        aid_item_save(item=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        if isinstance(obj, Disbursement):
            disbursement_save(disbursement=obj, user=request.user, validated=True)
        elif isinstance(obj, AidLocation):
            aid_location_save(location=obj, user=request.user)
        elif isinstance(obj, AidBudget):
            aid_budget_save(budget=obj, user=request.user, validated=True)
        elif isinstance(obj, Result):
            result_save(result=obj, user=request.user, validated=True)
        elif isinstance(obj, MonitoringVisit):
            monitoring_visit_save(visit=obj, user=request.user, validated=True)
        else:
            super().write_inline(request, obj, formset)

    @admin.display(description=_("tệp IATI"))
    def iati_status(self, obj):
        if obj is None or obj.pk is None or not obj.is_public:
            return _("Chỉ khoản viện trợ công khai mới đưa vào tệp IATI.")
        problems = iati.identity_problems(iati.SiteIdentity.current()) + iati.iati_problems(obj)
        if not problems:
            return _("Có trong tệp IATI /iati/activities.xml.")
        return format_html_join("", '<p class="iati-problem">{}</p>', ((p,) for p in problems))

    @admin.display(description=_("phạm vi giấy đăng ký"))
    def certificate_coverage(self, obj):
        """Whether the foreign NGOs funding or implementing the item hold certificates covering its
        dates, places and sectors (aid.coverage): a warning, saving is never refused."""
        if obj is None or obj.pk is None:
            return _("Kiểm tra sau khi lưu: giấy đăng ký của tổ chức phi chính phủ nước ngoài tài trợ, thực hiện.")
        problems = coverage_problems(obj)
        if not problems:
            return _("Không có cảnh báo (chỉ kiểm tra tổ chức phi chính phủ nước ngoài tài trợ hoặc thực hiện).")
        return format_html_join("", '<p class="coverage-problem">{}</p>', ((p,) for p in problems))

    @admin.display(description=_("giá trị cam kết"), ordering="committed_usd")
    def committed_display(self, obj):
        """The amount as committed and, in another currency than USD, what it came to in USD below it
        (sorted by that: amounts in different currencies do not compare). One column, so the list
        fits a 1366 px screen, and no "173.104 USD ≈ 173.104 USD"."""
        if obj.committed_amount is None:
            return "—"
        committed = f"{number(obj.committed_amount.normalize())} {obj.currency_id}"
        if obj.currency_id == "USD" or obj.committed_usd is None:
            return committed
        return format_html('{}<br><small class="quiet">≈ {} USD</small>', committed, number(obj.committed_usd, 0))

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            for problem in iati.identity_problems(iati.SiteIdentity.current()):
                messages.warning(request, problem)
            left_out = iati.not_publishable().count()
            if left_out:
                messages.warning(
                    request,
                    _(
                        "%(count)s khoản viện trợ công khai chưa đưa vào tệp IATI được (thiếu ngày bắt đầu, "
                        "lĩnh vực hoặc tổ chức tham gia): chọn bộ lọc “tệp IATI” để xem, mở từng khoản để biết lý do."
                    )
                    % {"count": number(left_out)},
                )
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            # The dashboard's money figures (AidItemQuerySet.summary) over the filtered list.
            totals = response.context_data["totals"] = response.context_data["cl"].queryset.summary()
            response.context_data["totals_line"] = _(
                "%(items)s khoản · cam kết %(usd)s USD · %(vnd)s · vốn đối ứng %(counterpart)s "
                "(chương trình và dự án con không tính trùng)"
            ) % {
                "items": number(totals["items"]),
                "usd": number(totals["usd"], 0),
                "vnd": vnd(totals["vnd"]),
                "counterpart": vnd(totals["counterpart"]),
            }
        return response


@admin.register(Disbursement)
class DisbursementAdmin(SpreadsheetAdmin):
    form = DisbursementForm
    resource_classes = [DisbursementResource]
    list_display = ["aid_item", "date", "amount", "currency", "amount_usd", "amount_vnd"]
    list_select_related = ["aid_item", "currency"]
    autocomplete_fields = ["aid_item", "currency"]
    date_hierarchy = "date"
    search_fields = ["aid_item__code", "aid_item__search_text"]
    readonly_fields = ["amount_usd", "amount_vnd"]

    def write(self, request, obj, form, change):
        disbursement_save(disbursement=obj, user=request.user, validated=True)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            # The dashboard's "disbursed" (DisbursementQuerySet.totals) over the filtered list.
            totals = response.context_data["totals"] = response.context_data["cl"].queryset.totals()
            response.context_data["totals_line"] = _("%(count)s lần giải ngân · %(usd)s USD · %(vnd)s") % {
                "count": number(totals["count"]),
                "usd": number(totals["usd"], 0),
                "vnd": vnd(totals["vnd"]),
            }
        return response


# -- monitoring visits, follow-up actions, results ------------------------------------------------------
class FollowUpActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    fields = ["text", "owner", "due_date", "closed_on"]


class VisitCommuneFilter(admin.SimpleListFilter):
    """By today's commune or ward of the visit (only the units visits name: not the country's 3,000)."""

    title = _("xã, phường (hiện nay)")
    parameter_name = "xa"

    def lookups(self, request, model_admin):
        used = AdministrativeUnit.objects.filter(pk__in=MonitoringVisit.objects.values("place_current"))
        return [(str(u.pk), u.name) for u in used.order_by("key")]

    def queryset(self, request, queryset):
        unit = whole_number(self.value())
        return queryset.filter(place_current=unit) if unit is not None else queryset


@admin.register(MonitoringVisit)
class MonitoringVisitAdmin(HistoryAdmin):
    form = VisitPlaceForm
    list_display = ["date", "aid_item", "place_display", "visitors", "open_actions"]
    list_select_related = ["aid_item", "place_current"]
    list_filter = [VisitCommuneFilter]
    date_hierarchy = "date"
    search_fields = ["aid_item__code", "aid_item__search_text", "visitors", "place_text"]
    autocomplete_fields = ["aid_item", "album"]
    readonly_fields = ["place_recorded", "place_current"]
    fields = ["aid_item", ("date", "visitors"), ("place_text", "place_recorded", "place_current"), "findings", "album"]
    inlines = [FollowUpActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(open_count=Count("actions", filter=Q(actions__closed_on=None)))

    @admin.display(description=_("xã, phường"), ordering="place_current__name")
    def place_display(self, obj):
        if obj.place_current is None:
            return obj.place_text or "—"
        return obj.place_current.name

    @admin.display(description=_("việc chưa xong"), ordering="open_count")
    def open_actions(self, obj):
        return number(obj.open_count)

    def write(self, request, obj, form, change):
        monitoring_visit_save(visit=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        follow_up_action_save(action=obj, user=request.user, validated=True)


class FollowUpStateFilter(admin.SimpleListFilter):
    """Open, overdue (FollowUpActionQuerySet.overdue: the dashboard's alert counts these) or closed."""

    title = _("tình trạng")
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return [("mo", _("Chưa xong")), ("qua_han", _("Quá hạn")), ("xong", _("Đã xong"))]

    def queryset(self, request, queryset):
        if self.value() == "mo":
            return queryset.open()
        if self.value() == "qua_han":
            return queryset.overdue()
        if self.value() == "xong":
            return queryset.filter(closed_on__isnull=False)
        return queryset


@admin.register(FollowUpAction)
class FollowUpActionAdmin(HistoryAdmin):
    list_display = ["text", "item_code", "owner", "due_date", "closed_on"]
    list_select_related = ["visit__aid_item"]
    list_filter = [FollowUpStateFilter]
    date_hierarchy = "due_date"
    search_fields = ["text", "owner", "visit__aid_item__code", "visit__aid_item__search_text"]
    autocomplete_fields = ["visit"]
    fields = ["visit", "text", "owner", ("due_date", "closed_on")]
    actions = ["close_today"]

    @admin.display(description=_("khoản viện trợ"), ordering="visit__aid_item__code")
    def item_code(self, obj):
        return obj.visit.aid_item.code

    @admin.action(description=_("Đánh dấu đã xong hôm nay"), permissions=["change"])
    def close_today(self, request, queryset):
        closed = follow_up_actions_close(actions=queryset, user=request.user)
        self.message_user(request, _("Đã đóng %(count)s việc.") % {"count": number(closed)}, messages.SUCCESS)

    def write(self, request, obj, form, change):
        follow_up_action_save(action=obj, user=request.user, validated=True)


class PeriodFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            ResultPeriod(period_start=f.cleaned_data["period_start"], period_end=f.cleaned_data["period_end"])
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("period_start")
            and f.cleaned_data.get("period_end")
        ]
        check_periods(kept)


class ResultPeriodInline(admin.TabularInline):
    model = ResultPeriod
    formset = PeriodFormSet
    extra = 0
    fields = ["period_start", "period_end", "target", "actual"]


@admin.register(Result)
class ResultAdmin(HistoryAdmin):
    list_display = ["title", "indicator", "aid_item", "result_type", "is_public"]
    list_select_related = ["aid_item"]
    list_filter = ["result_type", "is_public"]
    search_fields = ["title", "indicator", "aid_item__code", "aid_item__search_text"]
    autocomplete_fields = ["aid_item"]
    fields = [
        ("aid_item", "is_public"),
        ("result_type", "measure"),
        "title",
        "title_en",
        "indicator",
        "indicator_en",
        ("unit", "unit_en"),
        ("baseline_value", "baseline_year"),
    ]
    inlines = [ResultPeriodInline]

    def write(self, request, obj, form, change):
        result_save(result=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        result_period_save(period=obj, user=request.user, validated=True)

    def delete_model(self, request, obj):
        result_delete(result=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for result in queryset:
            result_delete(result=result, user=request.user)
