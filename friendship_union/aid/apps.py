"""Aid programs, projects and non-project aid."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.aid"
    verbose_name = _("Viện trợ")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.aid.demo.load"
    sitemaps = {"aid": "friendship_union.aid.sitemaps.AidItemSitemap"}
    search_sources = ["friendship_union.aid.search.SOURCE"]
    role_access = {"data_entry": "edit", "leadership": "view"}
    open_data_tables = ["friendship_union.aid.opendata.AID_ITEMS"]
    # Run just before a commit that moved a version (core.versioning.compute_at_commit): the partners'
    # recorded aid changes numbered in the order of the commits (aid.models.restamp_partner_changes).
    before_commit = ["friendship_union.aid.models.restamp_partner_changes"]
    # The aid list's figures, computed inside a write's transaction (core.versioning.compute_at_commit).
    figures_at_commit = ["friendship_union.aid.public_views.refresh_figures"]
    import_kinds = {
        "aid-items": "friendship_union.aid.resources.AidItemResource",
        "disbursements": "friendship_union.aid.resources.DisbursementResource",
    }
