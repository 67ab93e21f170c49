"""The one write path of legal documents and publications (admin, import and demo call these). A
document's search text is derived by LegalDocument.prepare_for_save."""

from django.db import transaction

from friendship_union.core.services import record_save

from .models import LegalDocument, Publication


@transaction.atomic
def document_save(*, document: LegalDocument, user=None, validated: bool = False) -> LegalDocument:
    """Save a legal document. Raises ValidationError."""
    return record_save(document, user=user, validated=validated)


@transaction.atomic
def publication_save(*, publication: Publication, user=None, validated: bool = False) -> Publication:
    """Save a publication. Raises ValidationError."""
    return record_save(publication, user=user, validated=validated)
