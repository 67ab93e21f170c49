from django.contrib import admin

from friendship_union.core.admin_mixins import FoldedSearchMixin, SpreadsheetAdmin
from friendship_union.reference.forms import PLACE_HELP, PlaceTextForm

from .models import Event
from .resources import EventResource
from .services import event_save


class EventForm(PlaceTextForm):
    """The place typed as staff know it, resolved as of the start date (a message when it cannot be)."""

    class Meta:
        model = Event
        fields = "__all__"
        help_texts = {"place_text": PLACE_HELP}

    def place_date(self):
        return self.cleaned_data.get("start_date")


@admin.register(Event)
class EventAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    form = EventForm
    resource_classes = [EventResource]
    list_display = ["code", "kind", "title", "start_date", "venue", "participants", "is_public"]
    list_filter = ["kind", "is_public", "associations"]
    search_fields = ["code"]
    folded_search_fields = ("search_text",)
    date_hierarchy = "start_date"
    autocomplete_fields = ["partners", "associations", "album"]
    readonly_fields = ["place_recorded", "place_current", "latitude", "longitude"]

    def write(self, request, obj, form, change):
        event_save(event=obj, user=request.user, validated=True)  # the form sets partners, associations
