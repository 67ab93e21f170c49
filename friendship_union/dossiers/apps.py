"""Approval dossiers: appraisal and approval of aid items (and the province's opinion on certificate
applications) against legal time limits counted in working days."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.dossiers"
    verbose_name = _("Hồ sơ phê duyệt")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.dossiers.demo.load"
    role_access = {"data_entry": "edit", "leadership": "view"}
