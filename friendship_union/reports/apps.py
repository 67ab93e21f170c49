"""The periodic reports leaders send upward (6-month, annual, term), the plans they are measured
against, and the submissions frozen as sent."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.reports"
    verbose_name = _("Báo cáo định kỳ và kế hoạch")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.reports.demo.load"
    # Leaders (and administrators, who hold everything) make, send and plan; data entry reads.
    role_access = {"leadership": "edit", "data_entry": "view"}
    # A warning on the admin change form of a record a sent report counted (core.admin_mixins).
    admin_notices = "friendship_union.reports.services.sent_report_notices"
