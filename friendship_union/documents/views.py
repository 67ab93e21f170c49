"""Public legal documents (Decree 42/2022: number, issuer, dates, summary, file) and publications."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from friendship_union.core.public import choice, page_of
from friendship_union.core.search import MAX_QUERY, words_of

from .models import DocumentType, LegalDocument, Publication


@require_safe
def document_list(request):
    documents = LegalDocument.objects.filter(is_public=True)
    kind = choice(request, "loai", DocumentType.values)
    if kind:
        documents = documents.filter(doc_type=kind)
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    for word in words_of(query):  # number or words of the title, without diacritics
        documents = documents.filter(search_text__contains=word)
    return render(
        request,
        "documents/document_list.html",
        {
            "page": page_of(request, documents.order_by("-issue_date"), 30),
            "kinds": DocumentType.choices,
            "selected": {"loai": kind, "q": query},
            "publications": Publication.objects.filter(is_public=True).order_by("-year"),
        },
    )
