from django.contrib import admin

from friendship_union.core.admin_mixins import FoldedSearchMixin, HistoryAdmin, SpreadsheetAdmin

from .models import LegalDocument, Publication
from .resources import LegalDocumentResource
from .services import document_save, publication_save


@admin.register(LegalDocument)
class LegalDocumentAdmin(FoldedSearchMixin, SpreadsheetAdmin):
    resource_classes = [LegalDocumentResource]
    list_display = ["number", "doc_type", "title", "issuer", "issue_date", "in_force", "is_public"]
    list_filter = ["doc_type", "in_force", "is_public"]
    search_fields = ["number"]
    folded_search_fields = ("search_text",)
    date_hierarchy = "issue_date"

    def write(self, request, obj, form, change):
        document_save(document=obj, user=request.user, validated=True)


@admin.register(Publication)
class PublicationAdmin(HistoryAdmin):
    list_display = ["title", "year", "copies", "distribution", "is_public"]
    search_fields = ["title"]

    def write(self, request, obj, form, change):
        publication_save(publication=obj, user=request.user, validated=True)
