"""Incoming and outgoing delegations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.delegations"
    verbose_name = _("Đoàn ra – đoàn vào")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.delegations.demo.load"
    sitemaps = {"delegations": "friendship_union.delegations.sitemaps.DelegationSitemap"}
    search_sources = ["friendship_union.delegations.search.SOURCE"]
    role_access = {"data_entry": "edit", "leadership": "view"}
    association_records = "friendship_union.delegations.association.association_records"
    open_data_tables = ["friendship_union.delegations.opendata.DELEGATIONS"]
    figures_at_commit = ["friendship_union.delegations.views.list_years"]  # core.versioning.compute_at_commit
    import_kinds = {
        "delegations": "friendship_union.delegations.resources.DelegationResource",
    }
