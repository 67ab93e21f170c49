"""Overseas Vietnamese: people, visits, enterprises, donations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiasporaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.diaspora"
    verbose_name = _("Người Việt Nam ở nước ngoài")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.diaspora.demo.load"
    role_access = {"data_entry": "edit", "leadership": "view"}
    import_kinds = {
        "visits": "friendship_union.diaspora.resources.VisitResource",
        "enterprises": "friendship_union.diaspora.resources.EnterpriseResource",
        "donations": "friendship_union.diaspora.resources.DonationResource",
    }
