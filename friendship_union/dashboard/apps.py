"""Leadership dashboards and reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.dashboard"
    verbose_name = _("Bảng điều khiển")
    role_access = {"leadership": "view", "data_entry": "edit"}
    figures = ["friendship_union.dashboard.views.refresh_figures"]  # core.versioning.refresh_figures
