"""Countries, currencies and exchange rates, sectors, administrative units."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.reference"
    verbose_name = _("Danh mục dùng chung")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.reference.demo.load"
    role_access = {"data_entry": "edit", "leadership": "view"}
    import_kinds = {
        "exchange-rates": "friendship_union.reference.resources.ExchangeRateResource",
    }
