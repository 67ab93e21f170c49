"""Legal documents and publications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.documents"
    verbose_name = _("Văn bản")
    role_access = {"data_entry": "edit", "leadership": "view", "editor": "view"}
    import_kinds = {
        "documents": "friendship_union.documents.resources.LegalDocumentResource",
    }
