"""Calls for aid: pipeline aid items the province asks partners to fund, and the interest they draw."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.appeals"
    verbose_name = _("Kêu gọi tài trợ")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.appeals.demo.load"
    sitemaps = {"appeals": "friendship_union.appeals.sitemaps.AppealSitemap"}
    role_access = {"data_entry": "edit", "leadership": "view"}
