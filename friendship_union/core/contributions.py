"""What each app contributes to the site as a whole, declared on its AppConfig and asked for here —
so the ground floor knows no app, and the top app builds home, search, sitemaps and the demo from
whatever apps are installed:

    class AidConfig(AppConfig):
        search_sources = ["friendship_union.aid.search.SOURCE"]   # core.search.Source objects
        sitemaps = {"aid": "friendship_union.aid.sitemaps.AidItemSitemap"}
        demo = "friendship_union.aid.demo.load"                  # load(stdout) -> int, idempotent
        import_kinds = {"aid-items": "friendship_union.aid.resources.AidItemResource"}   (core.imports)
        role_access = {"data_entry": "edit", ...}                                        (core.roles)
        admin_notices = "friendship_union.reports.services.sent_report_notices"  # (request, obj) -> [text]
        open_data_tables = ["friendship_union.aid.opendata.AID_ITEMS"]   (core.opendata: CSV/JSON)
        figures = ["friendship_union.dashboard.views.refresh_figures"]
            # functions reading the app's pages' figures through versioning.cached: called by the task
            # worker once a write commits (versioning.refresh_figures), so no reader waits for them
        figures_at_commit = ["friendship_union.aid.public_views.refresh_figures"]
            # the same for figures quick enough to compute inside the writing transaction, just before
            # it commits (versioning.compute_at_commit, on PostgreSQL): ready when the write is seen
        before_commit = ["friendship_union.aid.models.restamp_partner_changes"]
            # run first at that moment, whatever FIGURES_AT_COMMIT says; a failure fails the commit
        association_records = "friendship_union.events.association.association_records"
            # (member association) -> [section]: what its admin page lists (organizations.admin)

Apps are asked in INSTALLED_APPS order (demo loaders run in that order: an app's demo may use the
records of the apps before it)."""

from django.apps import apps
from django.utils.module_loading import import_string


def contributions(attribute: str) -> list:
    """(app_config, declared value) for every installed app declaring `attribute`, in order."""
    return [(c, getattr(c, attribute)) for c in apps.get_app_configs() if getattr(c, attribute, None)]


def search_sources() -> list:
    """Every app's site-search sources (core.search.Source), in their `order`."""
    sources = [import_string(path) for _config, paths in contributions("search_sources") for path in paths]
    return sorted(sources, key=lambda source: source.order)


def sitemaps() -> dict:
    """Every app's sitemap classes by section name, in INSTALLED_APPS order."""
    return {name: import_string(path) for _config, found in contributions("sitemaps") for name, path in found.items()}


def demo_loaders() -> list:
    """Every app's demo loader, in INSTALLED_APPS order."""
    return [import_string(path) for _config, path in contributions("demo")]


def admin_notices(request, obj) -> list[str]:
    """Every app's warnings about a record, shown on its admin change form (a report that counted it
    was sent, say): each app's `admin_notices` function is called with (request, obj)."""
    return [text for _config, path in contributions("admin_notices") for text in import_string(path)(request, obj)]
