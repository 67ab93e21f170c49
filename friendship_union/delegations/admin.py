from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import FoldedSearchMixin, SpreadsheetAdmin
from friendship_union.core.numbers import whole_number
from friendship_union.core.templatetags.vn import number
from friendship_union.reference.forms import PLACE_HELP, PlaceTextForm

from .models import Delegation, DelegationPlace
from .resources import DelegationResource
from .services import delegation_place_save, delegation_save, places_reread


class PlaceForm(PlaceTextForm):
    class Meta:
        model = DelegationPlace
        fields = ["place_text", "site"]
        help_texts = {"place_text": PLACE_HELP}

    def place_date(self):
        delegation = self.parent()
        return delegation.start_date if delegation is not None else None


class PlaceInline(admin.TabularInline):
    model = DelegationPlace
    form = PlaceForm
    extra = 0
    fields = ["place_text", "site", "place_recorded", "place_current"]
    readonly_fields = ["place_recorded", "place_current"]


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        return [(str(d.year), str(d.year)) for d in Delegation.objects.dates("start_date", "year", order="DESC")]

    def queryset(self, request, queryset):
        year = whole_number(self.value(), low=1900, high=2100)
        if year is not None:
            return queryset.filter(start_date__year=year)
        return queryset


class QualityFilter(admin.SimpleListFilter):
    """The weekly data-quality digest's delegation figure (reminders)."""

    title = _("chất lượng dữ liệu")
    parameter_name = "chat_luong"

    def lookups(self, request, model_admin):
        return [
            ("thieu_doi_tac_quoc_gia", _("Chưa có đối tác hoặc quốc gia")),
            ("thieu_thong_bao_nhap_canh", _("Thiếu thông báo nhập cảnh")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "thieu_doi_tac_quoc_gia":
            return queryset.filter(pk__in=Delegation.objects.without_partner_or_country().values("pk"))
        if self.value() == "thieu_thong_bao_nhap_canh":
            return queryset.filter(pk__in=Delegation.objects.missing_entry_notice().values("pk"))
        return queryset


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin's fieldsets choose the fields

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start_date")
        if not self.errors and self.instance.pk and start and start != self.instance.start_date:
            # A new start date reads the stored places again: one that cannot be read then is an error here.
            places_reread(Delegation(pk=self.instance.pk, start_date=start))
        return cleaned


@admin.register(Delegation)
class DelegationAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    form = DelegationForm
    resource_classes = [DelegationResource]
    list_display = ["code", "direction", "title", "start_date", "participants", "leader_name", "is_public"]
    list_filter = [
        "direction",
        YearFilter,
        "is_public",
        QualityFilter,
        "host_association",
        "funding_source",
        "countries",
    ]
    search_fields = ["code"]
    folded_search_fields = ("search_text",)
    date_hierarchy = "start_date"
    autocomplete_fields = ["partners", "countries", "follow_ups", "album", "host_association"]
    inlines = [PlaceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("code", "direction", "is_public"),
                    "title",
                    "title_en",
                    ("start_date", "end_date"),
                    "participants",
                ]
            },
        ),
        (
            _("Quyết định cử / đón đoàn, đơn vị chủ trì"),
            {
                "fields": [
                    ("decision_number", "decision_date"),
                    "decision_authority",
                    ("host_association", "host_unit"),
                ]
            },
        ),
        (
            _("Kinh phí, thông báo nhập cảnh (nội bộ)"),
            {
                "fields": [
                    ("funding_source", "funding_note"),
                    "cost_vnd",
                    ("entry_notice_number", "entry_notice_date"),
                ],
                "description": _(
                    "Không công khai. Đoàn vào từ nước ngoài cần có số và ngày văn bản thông báo nhập cảnh."
                ),
            },
        ),
        (_("Trưởng đoàn, thành viên"), {"fields": [("leader_name", "leader_position"), "members"]}),
        (_("Làm việc với"), {"fields": ["partners", "countries", "places_abroad"]}),
        (_("Nội dung"), {"fields": [("purpose", "purpose_en"), "agenda", "outcome", "follow_ups"]}),
        (_("Hình ảnh"), {"fields": ["album"]}),
    ]

    def write(self, request, obj, form, change):
        delegation_save(delegation=obj, user=request.user, validated=True)  # the form sets partners, countries

    def write_inline(self, request, obj, formset):
        delegation_place_save(place=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A warning, not a block: the countries are set by now, so "foreign" can be judged.
        if Delegation.objects.missing_entry_notice().filter(pk=form.instance.pk).exists():
            messages.warning(
                request,
                _(
                    "Đoàn vào từ nước ngoài “%(title)s” chưa có thông báo nhập cảnh: "
                    "ghi số và ngày văn bản khi đã gửi cơ quan chức năng."
                )
                % {"title": form.instance.title},
            )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            totals = response.context_data["totals"] = response.context_data["cl"].queryset.totals_by_direction()
            response.context_data["totals_line"] = _(
                "Đoàn vào: %(in_n)s đoàn, %(in_p)s lượt khách · Đoàn ra: %(out_n)s đoàn, %(out_p)s lượt cán bộ"
            ) % {
                "in_n": number(totals["in"]["delegations"]),
                "in_p": number(totals["in"]["participants"]),
                "out_n": number(totals["out"]["delegations"]),
                "out_p": number(totals["out"]["participants"]),
            }
        return response
