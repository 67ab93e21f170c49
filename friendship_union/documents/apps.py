"""Legal documents and publications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.documents"
    verbose_name = _("Văn bản")
    # What the app contributes to the whole site (core.contributions).
    demo = "friendship_union.documents.demo.load"
    search_sources = ["friendship_union.documents.search.SOURCE"]
    role_access = {"data_entry": "edit", "leadership": "view"}
    import_kinds = {
        "documents": "friendship_union.documents.resources.LegalDocumentResource",
    }
