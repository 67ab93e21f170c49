from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from friendship_union.core.admin_mixins import FoldedSearchMixin, HistoryAdmin, SpreadsheetAdmin
from friendship_union.core.contributions import contributions

from .models import Award, Headcount, MemberAssociation, MembershipCount, Milestone, Person, Position, Term
from .resources import AwardResource, PositionResource
from .services import award_save, person_save, position_save


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
    readonly_fields = ["records"]

    @admin.display(description=_("hoạt động của hội"))
    def records(self, association):
        """Its events, delegations and the aid items that followed them, each linked to its admin
        page: every app that records them says what (`association_records`, core.contributions)."""
        if association is None or association.pk is None:
            return _("Lưu hội để xem các sự kiện, đoàn và khoản viện trợ của hội.")
        sections = [
            section
            for _config, path in contributions("association_records")
            for section in import_string(path)(association)
        ]
        return render_to_string("admin/organizations/association_records.html", {"sections": sections})


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["title", "association", "start_date", "end_date"]


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    """People, and the "people" import kind: one spreadsheet row per person and position (the
    permissions to import and export are the person's)."""

    resource_classes = [PositionResource]
    list_display = ["name"]
    search_fields = ["email"]
    folded_search_fields = ("search_name",)
    inlines = [PositionInline]
    # An import writes positions (and the people they name): the admin log of this list is for people.
    skip_admin_log = True

    def write(self, request, obj, form, change):
        person_save(person=obj, user=request.user, validated=True)

    def write_inline(self, request, obj, formset):
        position_save(position=obj, user=request.user, validated=True)

    def get_data_for_export(self, request, queryset, **kwargs):
        """The listed (or selected) people, exported as their positions: the import's own rows."""
        positions = Position.objects.filter(person__in=queryset).select_related("person", "association")
        return super().get_data_for_export(request, positions.order_by("person__search_name", "start_date"), **kwargs)


@admin.register(Position)
class PositionAdmin(HistoryAdmin):
    list_display = ["person", "title", "association", "start_date", "end_date"]
    search_fields = ["person__search_name", "title"]
    autocomplete_fields = ["person", "association"]
    list_select_related = ["person", "association"]

    def write(self, request, obj, form, change):
        position_save(position=obj, user=request.user, validated=True)


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

    def write(self, request, obj, form, change):
        award_save(award=obj, user=request.user, validated=True)
