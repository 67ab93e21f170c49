from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import HistoryAdmin

from .models import DayAdjustment, Dossier, OpinionRequest, TimeLimit
from .services import clock, dossier_refresh, dossier_save, opinion_request_save
from .workdays import WorkCalendar


class OverdueFilter(admin.SimpleListFilter):
    """Dossier.objects.overdue(): the dashboard's alert and the reminders count the same."""

    title = _("quá hạn")
    parameter_name = "qua_han"

    def lookups(self, request, model_admin):
        return [("1", _("Quá hạn"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.overdue()
        return queryset


class OpinionRequestInline(admin.TabularInline):
    model = OpinionRequest
    extra = 0
    fields = ["agency", "sent_on", "due_on", "answered_on", "gist"]
    readonly_fields = ["due_on"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


@admin.register(Dossier)
class DossierAdmin(HistoryAdmin):
    list_display = ["code", "what", "decree", "stage", "next_due_on", "days_left", "overdue"]
    list_filter = [OverdueFilter, "stage", "decree", "kind"]
    search_fields = ["code", "subject", "aid_item__code", "partner__code", "decision_number"]
    autocomplete_fields = ["aid_item", "partner"]
    readonly_fields = ["stage", "stage_due_on", "next_due_on", "clock_now"]
    fieldsets = [
        (None, {"fields": ["code", "kind", "aid_item", "partner", "subject", "decree"]}),
        (_("Tiếp nhận và thẩm định"), {"fields": ["received_on", "complete_on", "appraised_on", "appraisal_gist"]}),
        (_("Quyết định"), {"fields": ["decision_number", "decision_date", "decision_authority"]}),
        (_("Tiến độ (tính tự động)"), {"fields": ["stage", "stage_due_on", "next_due_on", "clock_now"]}),
        (None, {"fields": ["note"]}),
    ]
    inlines = [OpinionRequestInline]
    date_hierarchy = "received_on"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("aid_item", "partner")

    def get_changelist_instance(self, request):
        # The clock of every row from one calendar read (one query), not one per row.
        changelist = super().get_changelist_instance(request)
        calendar, today = WorkCalendar.load(), timezone.localdate()
        for dossier in changelist.result_list:
            dossier.clock = clock(dossier, calendar, today)
        return changelist

    @admin.display(description=_("khoản viện trợ / đối tác"))
    def what(self, dossier):
        if dossier.aid_item_id:
            return dossier.aid_item.code
        return dossier.partner.code if dossier.partner_id else dossier.subject

    @admin.display(description=_("còn (ngày làm việc)"))
    def days_left(self, dossier):
        left = dossier.clock["left"]
        if left is None:
            return "–"
        if left < 0:
            return format_html('<strong class="late">{} {}</strong>', _("trễ"), -left)
        return left

    @admin.display(description=_("quá hạn"))
    def overdue(self, dossier):
        # Words, not the admin's green tick: being late is not good news.
        return format_html('<strong class="late">{}</strong>', _("Quá hạn")) if dossier.clock["overdue"] else ""

    @admin.display(description=_("đồng hồ"))
    def clock_now(self, dossier):
        if not dossier.pk or not dossier.next_due_on:
            return "–"
        now = clock(dossier, WorkCalendar.load(), timezone.localdate())
        if now["left"] < 0:
            text = _("Đã dùng %(used)s ngày làm việc của bước này; trễ %(late)s ngày làm việc so với hạn %(due)s")
        else:
            text = _("Đã dùng %(used)s ngày làm việc của bước này; còn %(left)s ngày làm việc đến hạn %(due)s")
        return text % {
            "used": now["used"],
            "left": now["left"],
            "late": -now["left"],
            "due": f"{dossier.next_due_on:%d/%m/%Y}",
        }

    def write(self, request, obj, form, change):
        dossier_save(dossier=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        opinion_request_save(opinion=obj, user=request.user, validated=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        dossier_refresh(dossier=form.instance, user=request.user)  # a deleted opinion request moves the stage


@admin.register(TimeLimit)
class TimeLimitAdmin(HistoryAdmin):
    list_display = ["decree", "stage", "working_days", "article", "confirmed"]
    list_filter = ["decree", "confirmed"]


@admin.register(DayAdjustment)
class DayAdjustmentAdmin(HistoryAdmin):
    list_display = ["date", "is_working_day", "reason", "source"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
