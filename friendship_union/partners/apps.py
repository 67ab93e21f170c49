"""Foreign partners and their registration certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.partners"
    verbose_name = _("Đối tác nước ngoài")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.partners.demo.load"
    sitemaps = {"partners": "friendship_union.partners.sitemaps.PartnerSitemap"}
    search_sources = ["friendship_union.partners.search.SOURCE"]
    # Editors pick the partners an article mentions (the picker needs to see partners), nothing more:
    # not their contacts, certificates or exports.
    role_access = {"data_entry": "edit", "leadership": "view", "editor": {"partner": "pick"}}
    open_data_tables = ["friendship_union.partners.opendata.PARTNERS"]
    import_kinds = {
        "partners": "friendship_union.partners.resources.PartnerResource",
        "certificates": "friendship_union.partners.resources.CertificateResource",
    }
