"""Admin for the reporting terms (nhiệm kỳ báo cáo) the dashboard compares: data entry adds and
corrects them, leadership reads them (role_access on the AppConfig)."""

from django.contrib import admin

from friendship_union.core.admin_mixins import HistoryAdmin

from .models import ReportingTerm


@admin.register(ReportingTerm)
class ReportingTermAdmin(HistoryAdmin):
    list_display = ["name", "start_year", "end_year"]
    search_fields = ["name"]
    fields = ["name", "start_year", "end_year"]
