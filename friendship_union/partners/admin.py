"""Admin for partners: duplicate warning before saving, merge, certificates expiring soon."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import DayListFilter, FoldedSearchMixin, HistoryAdmin, SpreadsheetAdmin
from friendship_union.core.numbers import whole_number

from .models import CertificateStatus, ContactPerson, Partner, RegistrationCertificate
from .resources import CertificateResource, PartnerResource
from .services import certificate_save, partner_merge, partner_save


class PartnerForm(forms.ModelForm):
    confirm_duplicate = forms.BooleanField(
        label=_("Vẫn lưu dù có thể trùng"),
        required=False,
        help_text=_("Đánh dấu nếu đã kiểm tra và đây đúng là một đối tác khác."),
    )

    class Meta:
        model = Partner
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin's fieldsets choose the fields

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name") or ""
        if name and not cleaned.get("confirm_duplicate"):
            country = cleaned.get("country")
            similar = Partner.objects.similar_to(
                name=name,
                acronym=cleaned.get("acronym") or "",
                country_id=country.pk if country else None,
                exclude_pk=self.instance.pk,
            )[:5]
            if similar:
                listed = "; ".join(f"{p.code} – {p.name}" for p in similar)
                raise forms.ValidationError(
                    _(
                        "Có thể trùng với đối tác đã có: %(list)s. "
                        "Kiểm tra lại, hoặc đánh dấu “Vẫn lưu dù có thể trùng”."
                    )
                    % {"list": listed}
                )
        return cleaned


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "position", "email", "phone"]
    verbose_name_plural = _("Người liên hệ (nội bộ, không công khai)")


class CertificateInline(admin.StackedInline):
    model = RegistrationCertificate
    extra = 0
    fk_name = "partner"
    fields = [
        ("certificate_type", "number", "status"),
        ("issuing_authority", "issue_date", "expiry_date"),
        "permitted_provinces",
        "permitted_sectors",
        ("renews", "note"),
    ]
    autocomplete_fields = ["permitted_provinces", "permitted_sectors", "renews"]
    show_change_link = True


class RelatedByYearFilter(admin.SimpleListFilter):
    """Partners whose relationship began by a year (or whose start is not recorded): the dashboard's
    "partners related" figure."""

    title = _("quan hệ đến năm")
    parameter_name = "quan_he_den"

    def lookups(self, request, model_admin):
        return [(str(y), str(y)) for y in range(timezone.localdate().year, 2002, -1)]

    def queryset(self, request, queryset):
        year = whole_number(self.value(), low=1900, high=2100)
        return queryset.related_by(year) if year is not None else queryset


class WithAidFilter(admin.SimpleListFilter):
    title = _("có viện trợ")
    parameter_name = "co_vien_tro"

    def lookups(self, request, model_admin):
        return [("1", _("Có")), ("0", _("Không"))]

    def queryset(self, request, queryset):
        if self.value() not in ("0", "1"):
            return queryset
        # The dashboard's "partners with aid" for a year (Partner.objects.with_aid_by), or any aid at all.
        year = whole_number(request.GET.get("quan_he_den"), low=1900, high=2100)
        partners = (
            Partner.objects.with_aid_by(datetime.date(year, 12, 31))
            if year is not None
            else Partner.objects.filter(provided__isnull=False)
        )
        ids = partners.values("pk")
        return queryset.filter(pk__in=ids) if self.value() == "1" else queryset.exclude(pk__in=ids)


class AidByDateFilter(DayListFilter):
    """Partners providing an aid item committed by a day (?vien_tro_den=YYYY-MM-DD): the dashboard's
    "partners with aid" at a period's end (Partner.objects.with_aid_by), a half year's end included."""

    title = _("có viện trợ cam kết đến ngày")
    parameter_name = "vien_tro_den"

    def filter_day(self, queryset, day):
        return queryset.filter(pk__in=Partner.objects.with_aid_by(day).values("pk"))


class QualityFilter(admin.SimpleListFilter):
    """The weekly data-quality digest's partner figure (reminders)."""

    title = _("chất lượng dữ liệu")
    parameter_name = "chat_luong"

    def lookups(self, request, model_admin):
        return [("tai_tro_thieu_giay_phep", _("Nhà tài trợ chưa có giấy đăng ký còn hiệu lực"))]

    def queryset(self, request, queryset):
        if self.value() == "tai_tro_thieu_giay_phep":
            return queryset.filter(pk__in=Partner.objects.funders_without_valid_certificate().values("pk"))
        return queryset


@admin.register(Partner)
class PartnerAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    form = PartnerForm
    resource_classes = [PartnerResource]
    list_display = [
        "code",
        "name",
        "name_vi",
        "acronym",
        "partner_type",
        "country",
        "relationship_since",
        "active",
    ]
    list_filter = [
        "partner_type",
        "active",
        RelatedByYearFilter,
        WithAidFilter,
        AidByDateFilter,
        QualityFilter,
        "country",
    ]
    search_fields = ["code", "email"]
    folded_search_fields = ("search_name",)
    rank_code_fields = ("code", "acronym")
    rank_name_fields = ("name_key", "name_vi_key", "acronym_key")
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    inlines = [CertificateInline, ContactInline]
    actions = ["merge_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("code", "partner_type"),
                    "name",
                    "name_vi",
                    ("acronym", "country"),
                    "iati_identifier",
                ]
            },
        ),
        (_("Liên hệ"), {"fields": [("website", "email"), ("phone", "address")]}),
        (_("Giới thiệu"), {"fields": ["description_vi", "description_en", "logo"]}),
        (_("Quan hệ"), {"fields": [("relationship_since", "active"), "inactive_reason"]}),
        (_("Kiểm tra trùng"), {"fields": ["confirm_duplicate"]}),
    ]

    def write(self, request, obj, form, change):
        partner_save(partner=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        if isinstance(obj, RegistrationCertificate):
            certificate_save(certificate=obj, user=request.user, validated=True)  # the form sets its lists
        else:
            super().write_inline(request, obj, formset)

    @admin.action(description=_("Gộp 2 đối tác đã chọn (trùng nhau)"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        partners = list(queryset.select_related("country")[:3])
        if len(partners) != 2:
            self.message_user(request, _("Chọn đúng 2 đối tác để gộp."), messages.ERROR)
            return None
        ids = ",".join(str(p.pk) for p in partners)
        return redirect(reverse("admin:partners_partner_merge") + f"?ids={ids}")

    def has_merge_permission(self, request):
        return request.user.has_perm("partners.merge_partner")

    def get_urls(self):
        return [
            path("gop/", self.admin_site.admin_view(self.merge_view), name="partners_partner_merge"),
            *super().get_urls(),
        ]

    def merge_view(self, request):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        try:
            ids = [int(i) for i in request.GET.get("ids", "").split(",")]
        except ValueError:
            ids = []
        partners = list(Partner.objects.filter(pk__in=ids).select_related("country"))
        if len(partners) != 2:
            self.message_user(request, _("Chọn đúng 2 đối tác để gộp."), messages.ERROR)
            return redirect("admin:partners_partner_changelist")
        if request.method == "POST":
            keep_id = request.POST.get("keep")
            keep = next((p for p in partners if str(p.pk) == keep_id), None)
            if keep is None:
                self.message_user(request, _("Chọn đối tác được giữ lại."), messages.ERROR)
            else:
                other = next(p for p in partners if p.pk != keep.pk)
                with transaction.atomic():
                    moved = partner_merge(keep=keep, remove=other, user=request.user)
                self.message_user(
                    request,
                    _("Đã gộp “%(other)s” vào “%(keep)s”; chuyển %(n)s hồ sơ liên quan.")
                    % {"other": other.name, "keep": keep.name, "n": moved},
                    messages.SUCCESS,
                )
                return redirect("admin:partners_partner_change", keep.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Gộp hai đối tác"),
            "partners": [(p, p.aid_items.count(), p.certificates.count()) for p in partners],
        }
        return TemplateResponse(request, "admin/partners/merge.html", context)


class ExpiringFilter(admin.SimpleListFilter):
    title = _("sắp hết hạn")
    parameter_name = "sap_het_han"

    def lookups(self, request, model_admin):
        return [("90", _("Trong 90 ngày tới")), ("30", _("Trong 30 ngày tới")), ("7", _("Trong 7 ngày tới"))]

    def queryset(self, request, queryset):
        if self.value() in ("7", "30", "90"):
            ids = RegistrationCertificate.objects.expiring_within(int(self.value())).values("pk")
            return queryset.filter(pk__in=ids)
        return queryset


@admin.register(RegistrationCertificate)
class CertificateAdmin(SpreadsheetAdmin):
    resource_classes = [CertificateResource]
    list_display = [
        "number",
        "partner",
        "certificate_type",
        "issue_date",
        "expiry_date",
        "days_left_display",
        "status",
    ]
    list_filter = [ExpiringFilter, "status", "certificate_type"]
    search_fields = ["number", "partner__search_name", "partner__code"]
    autocomplete_fields = ["partner", "permitted_provinces", "permitted_sectors", "renews"]
    list_select_related = ["partner"]
    date_hierarchy = "expiry_date"

    def write(self, request, obj, form, change):
        certificate_save(certificate=obj, user=request.user, validated=True)  # the form sets its lists

    @admin.display(description=_("còn lại"), ordering="expiry_date")
    def days_left_display(self, obj):
        if obj.status != CertificateStatus.VALID:
            return "—"
        days = obj.days_left
        if days < 0:
            return format_html('<strong class="cert-expired">{}</strong>', _("đã hết hạn"))
        text = _("%(days)s ngày") % {"days": days}
        return format_html('<strong class="cert-soon">{}</strong>', text) if days <= 90 else text


@admin.register(ContactPerson)
class ContactPersonAdmin(HistoryAdmin):
    list_display = ["name", "position", "partner", "email", "phone"]
    search_fields = ["name", "partner__search_name"]
    autocomplete_fields = ["partner"]
    list_select_related = ["partner"]
