"""Site identity, home page, Vietnamese text helpers, roles."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.core"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.contrib.auth import get_user_model
        from simple_history import register

        from .roles import sync_role_permissions

        # Audit history for user accounts too: who gave whom which role, and when.
        register(get_user_model(), app=self.name, table_name="core_historicaluser")
        post_migrate.connect(sync_role_permissions, dispatch_uid="core.sync_role_permissions")
