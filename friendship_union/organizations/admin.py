from django.contrib import admin

from friendship_union.core.admin_mixins import FoldedSearchMixin, HistoryAdmin, SpreadsheetAdmin

from .models import Award, Headcount, MemberAssociation, MembershipCount, Milestone, Person, Position, Term
from .resources import AwardResource, PositionResource


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


class MembershipInline(admin.TabularInline):
    model = MembershipCount
    extra = 0


@admin.register(MemberAssociation)
class MemberAssociationAdmin(HistoryAdmin):
    list_display = ["name", "counterpart_country", "founded_on", "branches"]
    search_fields = ["name"]
    autocomplete_fields = ["counterpart_country"]
    inlines = [TermInline, MembershipInline]
    list_select_related = ["counterpart_country"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["title", "association", "start_date", "end_date"]


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ["name"]
    search_fields = ["email"]
    folded_search_fields = ("search_name",)
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(SpreadsheetAdmin):
    resource_classes = [PositionResource]
    list_display = ["person", "title", "association", "start_date", "end_date"]
    search_fields = ["person__search_name", "title"]
    autocomplete_fields = ["person", "association"]
    list_select_related = ["person", "association"]


@admin.register(Headcount)
class HeadcountAdmin(HistoryAdmin):
    list_display = ["year", "headcount", "note"]


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["date", "title"]
    date_hierarchy = "date"


@admin.register(Award)
class AwardAdmin(SpreadsheetAdmin):
    resource_classes = [AwardResource]
    list_display = ["title", "recipient_kind", "person", "partner", "issuer", "year", "decision_number"]
    list_filter = ["recipient_kind", "year"]
    search_fields = ["title", "issuer", "decision_number"]
    autocomplete_fields = ["person", "partner"]
    list_select_related = ["person", "partner"]
