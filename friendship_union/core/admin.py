"""Admin for the site identity (a single record) and user accounts, both with change history."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import SiteIdentity

admin.site.site_header = _("Quản trị hệ thống")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Trang quản trị")


@admin.register(SiteIdentity)
class SiteIdentityAdmin(SimpleHistoryAdmin):
    fieldsets = [
        (None, {"fields": ["name", "name_en", "short_name", "province", "logo"]}),
        (_("Liên hệ"), {"fields": ["address", "phone", "email", "website"]}),
        (_("Trách nhiệm nội dung"), {"fields": ["person_in_charge", "person_in_charge_title"]}),
        (_("Trao đổi dữ liệu"), {"fields": ["iati_org_identifier"]}),
    ]
    readonly_fields = ()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteIdentity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One record: the list is the record itself.
        if SiteIdentity.objects.filter(pk=1).exists():
            return redirect(reverse("admin:core_siteidentity_change", args=[1]))
        return redirect(reverse("admin:core_siteidentity_add"))


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class HistoryUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
