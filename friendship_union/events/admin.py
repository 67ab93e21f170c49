from django.contrib import admin

from friendship_union.core.admin_mixins import FoldedSearchMixin, SpreadsheetAdmin

from .models import Event
from .resources import EventResource


@admin.register(Event)
class EventAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    resource_classes = [EventResource]
    list_display = ["code", "kind", "title", "start_date", "venue", "participants", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["code"]
    folded_search_fields = ("search_text",)
    date_hierarchy = "start_date"
    autocomplete_fields = ["partners", "album"]
    readonly_fields = ["place_recorded", "place_current", "latitude", "longitude"]
