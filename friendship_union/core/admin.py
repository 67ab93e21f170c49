"""Admin for the site identity (a single record) and user accounts, both with change history."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_mixins import HistoryAdmin, OddInputAdmin
from .imports import import_kinds
from .imports_jobs import kind_model
from .models import ImportJob, Leader, OfficeUnit, SiteIdentity
from .roles import LEADERSHIP, ROLE_GROUPS, consulted_only
from .text import fold

# django-tasks-db's list of task rows (English, the queue's internals) stays out of the staff admin: the
# health check (`manage.py healthcheck`) says whether the worker runs, and reminders have their own page.
for _model in [m for m in admin.site._registry if m._meta.app_label == "django_tasks_database"]:
    admin.site.unregister(_model)

# Django's and django-axes' own admins (groups, login attempts), registered before this module, get the
# base every admin of the site has (odd query strings answered calmly, admin_mixins.OddInputAdmin).
for _model, _model_admin in list(admin.site._registry.items()):
    if not isinstance(_model_admin, OddInputAdmin):
        _class = type(_model_admin)
        admin.site.unregister(_model)
        admin.site.register(_model, type(_class.__name__, (_class, OddInputAdmin), {"__module__": _class.__module__}))

admin.site.site_header = _("Quản trị hệ thống")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Trang quản trị")

_admin_login = admin.site.login


def login_to_role_home(request, extra_context=None):
    """The admin's login page, after which a leader lands on the dashboard (their first page),
    unless they were on their way to another page."""
    response = _admin_login(request, extra_context)
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    user = request.user
    if (
        request.method == "POST"
        and response.status_code == 302
        and user.is_authenticated
        and not user.is_superuser
        and wanted in ("", reverse("admin:index"))
        and user.groups.filter(name=ROLE_GROUPS[LEADERSHIP]).exists()
        and user.has_perm("dashboard.view_dashboard")
    ):
        return redirect("dashboard:index")
    return response


admin.site.login = login_to_role_home  # before urls.py asks the site for its URLs

_admin_app_list = admin.site.get_app_list


ABOUT_PAGE_MODELS = {"Leader", "OfficeUnit"}


def _writes(model: dict) -> bool:
    return bool(model["perms"].get("add") or model["perms"].get("change"))


def app_list_for_role(request, app_label=None):
    """The admin home and menu (and the menu's search box) show each role what its job needs: not
    the records it only picks from in its forms or reads beside its job (core.roles.consulted_only:
    the editor's partners, the moderator's articles), which stay reachable where they are named.
    What the role writes comes first, what it only reads after, each in Vietnamese alphabetical order
    (Django's puts "Đ" after "Z"); this app's section is called the about page for a role that sees
    only the about page's records in it."""
    app_list = _admin_app_list(request, app_label)
    for app in app_list:
        app["models"] = [m for m in app["models"] if not consulted_only(request.user, m["model"])]
        app["models"].sort(key=lambda m: (not _writes(m), fold(str(m["name"]))))
        if app["app_label"] == "core" and {m["object_name"] for m in app["models"]} <= ABOUT_PAGE_MODELS:
            app["name"] = _("Trang giới thiệu")
    app_list = [app for app in app_list if app["models"]]
    # In Vietnamese alphabetical order: "Đối tác" beside "Danh mục", not after "Viện trợ".
    app_list.sort(key=lambda app: (not any(_writes(m) for m in app["models"]), fold(str(app["name"]))))
    return app_list


admin.site.get_app_list = app_list_for_role


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
admin.site.unregister(Group)

PERMISSION_ACTIONS = {"add": _("Thêm"), "change": _("Sửa"), "delete": _("Xóa"), "view": _("Xem")}


def permission_label(permission) -> str:
    """ "Viện trợ | khoản viện trợ | Sửa": Django stores the built-in permissions' names in English
    ("Can change aid item"); the project's own ones are already named in Vietnamese."""
    action, _sep, model = permission.codename.partition("_")
    model_class = permission.content_type.model_class()
    if action not in PERMISSION_ACTIONS or model_class is None or model != model_class._meta.model_name:
        return str(permission)
    opts = model_class._meta
    return f"{opts.app_config.verbose_name} | {opts.verbose_name} | {PERMISSION_ACTIONS[action]}"


class VietnamesePermissionsMixin:
    """The permission lists of roles and accounts in Vietnamese."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        return field


@admin.register(Group)
class RoleAdmin(VietnamesePermissionsMixin, GroupAdmin, OddInputAdmin):
    pass


@admin.register(User)
class HistoryUserAdmin(VietnamesePermissionsMixin, UserAdmin, HistoryAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active", "last_login"]


@admin.register(ImportJob)
class ImportJobAdmin(HistoryAdmin):
    """Every import from a spreadsheet, for system administrators (staff see their own on each
    import page, core.admin_mixins.SpreadsheetAdmin): who, when, which file, what it did. Read-only:
    a job is written by the import alone (core/imports_jobs.py)."""

    list_display = ("created_at", "user", "kind", "job_link", "new", "changed", "unchanged", "errors", "status")
    list_filter = ("status", "kind", "background")
    search_fields = ("file_name", "user__username")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    exclude = ("content", "preview_html")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tệp"), ordering="file_name")
    def job_link(self, obj):
        model = kind_model(obj.kind) if obj.kind in import_kinds() else None
        if model is None or not obj.background:
            return obj.file_name or "—"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import") + f"?job={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.file_name)
