from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import DayListFilter, FoldedSearchMixin, HistoryAdmin, SpreadsheetAdmin
from friendship_union.core.templatetags.vn import number
from friendship_union.reference.forms import PLACE_HELP, PlaceTextForm

from .models import Donation, Enterprise, HomelandVisit, OverseasAssociation, OverseasPerson
from .resources import DonationResource, EnterpriseResource, VisitResource
from .services import (
    association_save,
    donation_save,
    enterprise_convert_money,
    enterprise_save,
    overseas_person_save,
    visit_save,
)


class EnterpriseForm(PlaceTextForm):
    """The place typed as staff know it (resolved as of the registration date) and the capital
    converted now, so a missing rate or an unknown place is a message on the form."""

    class Meta:
        model = Enterprise
        fields = "__all__"
        help_texts = {"place_text": PLACE_HELP}

    def place_date(self):
        return self.cleaned_data.get("registration_date")

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # The form's values reach the instance only after clean(): convert a probe made of them.
            probe = Enterprise(
                registered_capital=cleaned.get("registered_capital"),
                currency=cleaned.get("currency"),
                registration_date=cleaned.get("registration_date"),
            )
            enterprise_convert_money(probe)  # ValidationError names the missing rate
        return cleaned


@admin.register(OverseasPerson)
class OverseasPersonAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ["name", "country", "city", "occupation"]
    list_filter = ["country"]
    search_fields = ["email"]
    folded_search_fields = ("search_name",)
    autocomplete_fields = ["country", "hometown"]
    list_select_related = ["country"]

    def write(self, request, obj, form, change):
        overseas_person_save(person=obj, user=request.user, validated=True)


@admin.register(OverseasAssociation)
class OverseasAssociationAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ["name", "country"]
    search_fields = ["name"]
    folded_search_fields = ("search_name",)
    autocomplete_fields = ["country"]
    list_select_related = ["country"]

    def write(self, request, obj, form, change):
        association_save(association=obj, user=request.user, validated=True)


@admin.register(HomelandVisit)
class HomelandVisitAdmin(SpreadsheetAdmin):
    resource_classes = [VisitResource]
    list_display = ["date", "visitors", "who_display", "country", "purpose"]
    list_filter = ["country"]
    date_hierarchy = "date"
    search_fields = ["group_description", "purpose", "person__search_name", "association__search_name"]
    autocomplete_fields = ["person", "association", "country"]
    list_select_related = ["person", "association", "country"]
    show_full_result_count = False

    def write(self, request, obj, form, change):
        visit_save(visit=obj, user=request.user, validated=True)

    @admin.display(description=_("người/hội"))
    def who_display(self, obj):
        return obj.who

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            totals = response.context_data["totals"] = response.context_data["cl"].queryset.totals()
            response.context_data["totals_line"] = _("%(records)s lần ghi nhận · %(visitors)s lượt kiều bào") % {
                "records": number(totals["records"]),
                "visitors": number(totals["visitors"]),
            }
        return response


class OperatingOnFilter(DayListFilter):
    """Enterprises operating on a day (?hoat_dong_ngay=YYYY-MM-DD): the dashboard's "operating at the
    period's end" and /kieu-bao/'s "operating" (Enterprise.objects.operating_on), so the list a figure
    opens holds exactly the enterprises it counts."""

    title = _("đang hoạt động vào ngày")
    parameter_name = "hoat_dong_ngay"

    def lookups(self, request, model_admin):
        return [(timezone.localdate().isoformat(), _("Hôm nay"))]

    def filter_day(self, queryset, day):
        return queryset.operating_on(day)


@admin.register(Enterprise)
class EnterpriseAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    form = EnterpriseForm
    resource_classes = [EnterpriseResource]
    list_display = [
        "name",
        "investors",
        "sector",
        "registered_capital",
        "currency",
        "registration_date",
        "status",
        "stopped_date",
    ]
    list_filter = ["status", OperatingOnFilter]
    search_fields = ["name", "investors"]
    autocomplete_fields = ["currency"]
    readonly_fields = ["capital_usd", "capital_vnd", "place_recorded", "place_current", "latitude", "longitude"]
    fieldsets = [
        (None, {"fields": ["name", "investors", "sector", ("status", "stopped_date")]}),
        (
            _("Vốn đăng ký"),
            {"fields": [("registered_capital", "currency", "registration_date"), ("capital_usd", "capital_vnd")]},
        ),
        (_("Địa điểm"), {"fields": ["place_text", ("place_recorded", "place_current"), ("latitude", "longitude")]}),
    ]

    def write(self, request, obj, form, change):
        enterprise_save(enterprise=obj, user=request.user, validated=True)


@admin.register(Donation)
class DonationAdmin(SpreadsheetAdmin):
    resource_classes = [DonationResource]
    list_display = ["date", "__str__", "amount", "currency", "in_kind", "purpose"]
    date_hierarchy = "date"
    search_fields = ["donor_name", "purpose"]
    autocomplete_fields = ["donor_person", "donor_association", "currency", "aid_item"]
    list_select_related = ["donor_person", "donor_association"]

    def write(self, request, obj, form, change):
        donation_save(donation=obj, user=request.user, validated=True)
