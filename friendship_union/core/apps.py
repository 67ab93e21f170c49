"""Site identity, home page, Vietnamese text helpers, roles."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _

THIRD_PARTY_APP_NAMES = {
    "axes": _("Đăng nhập sai và khóa tài khoản"),
    "sessions": _("Phiên đăng nhập"),
}


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.core"
    verbose_name = _("Hệ thống")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.core.demo.load"
    # The site identity and accounts stay with the admin role; the about page's people and units are
    # the editors' (roles.py: EDITOR edits "trang giới thiệu").
    role_access = {
        "editor": {"leader": "edit", "officeunit": "edit"},
        "data_entry": {"leader": "view", "officeunit": "view"},
        "leadership": {"leader": "view", "officeunit": "view"},
    }

    def ready(self):
        # Imported here, not at the top: these modules import models, and apps.py is imported before
        # the app registry is ready (Django's rule for AppConfig modules; not an import cycle).
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from simple_history import register

        from . import checks  # noqa: F401 - registers the system checks
        from .roles import sync_role_permissions
        from .versioning import migrating, on_change

        # Audit history for user accounts too: who gave whom which role, and when.
        register(get_user_model(), app=self.name, table_name="core_historicaluser")
        post_migrate.connect(sync_role_permissions, dispatch_uid="core.sync_role_permissions")
        # No figure is computed at commit while migrations run: the tables they read may not exist yet.
        pre_migrate.connect(migrating.start, dispatch_uid="core.versioning.migrating.start")
        post_migrate.connect(migrating.end, dispatch_uid="core.versioning.migrating.end")
        # Cache invalidation only (no business logic): any change to a tracked record bumps the version.
        post_save.connect(on_change, dispatch_uid="core.version.save")
        post_delete.connect(on_change, dispatch_uid="core.version.delete")
        m2m_changed.connect(on_change, dispatch_uid="core.version.m2m")
        # Read-only figures in the admin's forms and lists as staff write them (admin_mixins.display_for_field).
        from django.contrib.admin import helpers
        from django.contrib.admin.templatetags import admin_list

        from .admin_mixins import display_for_field

        helpers.display_for_field = display_for_field  # change forms' read-only fields
        admin_list.display_for_field = display_for_field  # the lists' columns
        # The admin names libraries' sections in Vietnamese too (their app names are not translatable).
        from django.apps import apps

        for config in apps.get_app_configs():
            config.verbose_name = THIRD_PARTY_APP_NAMES.get(config.label, config.verbose_name)
