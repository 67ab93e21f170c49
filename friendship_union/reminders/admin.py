"""The staff page of reminders: what is due now (not sent yet) above the list of what was sent."""

from django.contrib import admin

from friendship_union.core.admin_mixins import OddInputAdmin

from . import services
from .models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(OddInputAdmin):
    list_display = ["sent_at", "kind", "text", "recipients"]
    list_filter = ["kind"]
    search_fields = ["text", "recipients"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        notices, by_role = services.due(), services.recipients_by_role()
        extra_context = {
            **(extra_context or {}),
            "due_notices": [(notice, services.recipients(notice.roles, by_role)) for notice in notices],
        }
        return super().changelist_view(request, extra_context)
