"""Admin for the site identity (a single record) and user accounts, both with change history."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .admin_mixins import HistoryAdmin
from .models import Leader, OfficeUnit, SiteIdentity

admin.site.site_header = _("Quản trị hệ thống")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Trang quản trị")


@admin.register(SiteIdentity)
class SiteIdentityAdmin(HistoryAdmin):
    fieldsets = [
        (None, {"fields": ["name", "name_en", "short_name", "province", "logo"]}),
        (_("Liên hệ"), {"fields": [("address", "address_en"), "phone", "email", "website"]}),
        (
            _("Trách nhiệm nội dung"),
            {"fields": ["person_in_charge", ("person_in_charge_title", "person_in_charge_title_en")]},
        ),
        (_("Trao đổi dữ liệu"), {"fields": ["iati_org_identifier"]}),
    ]
    readonly_fields = ()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteIdentity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One record: the list is the record itself — for a role that may see it, as every list.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if SiteIdentity.objects.filter(pk=1).exists():
            return redirect(reverse("admin:core_siteidentity_change", args=[1]))
        return redirect(reverse("admin:core_siteidentity_add"))


@admin.register(OfficeUnit)
class OfficeUnitAdmin(HistoryAdmin):
    list_display = ["name", "phone", "email", "order", "is_public"]
    list_editable = ["order", "is_public"]
    search_fields = ["name", "name_en"]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "order", "is_public"]}),
        (_("Chức năng, nhiệm vụ"), {"fields": ["duties", "duties_en"]}),
        (_("Liên hệ công vụ (công khai)"), {"fields": ["phone", "email"]}),
    ]


@admin.register(Leader)
class LeaderAdmin(HistoryAdmin):
    list_display = ["name", "position", "unit", "work_phone", "work_email", "order", "is_public"]
    list_editable = ["order", "is_public"]
    list_filter = ["is_public", "unit"]
    list_select_related = ["unit"]
    search_fields = ["name", "position"]
    fieldsets = [
        (None, {"fields": ["name", "position", "position_en", "unit", "portrait", "order", "is_public"]}),
        (
            _("Liên hệ công vụ (công khai)"),
            {
                "fields": ["work_phone", "work_email"],
                "description": _(
                    "Hiện trên trang Giới thiệu. Chỉ ghi số máy và hộp thư công vụ, không ghi số di động "
                    "hay thư điện tử cá nhân."
                ),
            },
        ),
    ]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class HistoryUserAdmin(UserAdmin, HistoryAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
