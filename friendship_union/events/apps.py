"""Conferences, workshops, training courses, ceremonies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.events"
    verbose_name = _("Sự kiện")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.events.demo.load"
    sitemaps = {"events": "friendship_union.events.sitemaps.EventSitemap"}
    search_sources = ["friendship_union.events.search.SOURCE"]
    role_access = {"data_entry": "edit", "leadership": "view"}
    association_records = "friendship_union.events.association.association_records"
    open_data_tables = ["friendship_union.events.opendata.EVENTS"]
    import_kinds = {
        "events": "friendship_union.events.resources.EventResource",
    }
