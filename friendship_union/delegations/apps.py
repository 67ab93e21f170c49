"""Incoming and outgoing delegations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.delegations"
    verbose_name = _("Đoàn ra – đoàn vào")
    role_access = {"data_entry": "edit", "leadership": "view", "editor": "view"}
    import_kinds = {
        "delegations": "friendship_union.delegations.resources.DelegationResource",
    }
