from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import HistoryAdmin

from .models import Appeal, Interest
from .services import appeal_save


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0
    fields = ["created_at", "organisation", "country", "email", "status"]
    readonly_fields = ["created_at", "organisation", "country", "email"]
    show_change_link = True
    can_delete = False


@admin.register(Appeal)
class AppealAdmin(HistoryAdmin):
    list_display = ["aid_item", "estimated_budget_usd", "contact_unit", "is_open", "opened_on", "interest_count"]
    list_filter = ["is_open"]
    search_fields = ["aid_item__code", "aid_item__search_text"]
    autocomplete_fields = ["aid_item"]
    inlines = [InterestInline]

    @admin.display(description=_("số đối tác quan tâm"))
    def interest_count(self, appeal):
        return appeal.interests.count()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("aid_item")

    def write(self, request, obj, form, change):
        appeal_save(appeal=obj, user=request.user, validated=True)


@admin.register(Interest)
class InterestAdmin(HistoryAdmin):
    """The leads: who wrote, about what, and what staff did about it. Internal."""

    list_display = ["created_at", "organisation", "country", "email", "appeal", "status"]
    list_filter = ["status", "country"]
    search_fields = ["organisation", "email", "message"]
    readonly_fields = ["appeal", "organisation", "country", "email", "message", "created_at"]
    fields = ["appeal", "organisation", "country", "email", "message", "created_at", "status", "note"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # leads come from the public form

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("appeal__aid_item", "country")
