import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from friendship_union.core.tests.factories import UserFactory
from friendship_union.core.tests.importing import assert_clean, messages, run_import
from friendship_union.documents.models import LegalDocument
from friendship_union.documents.resources import LegalDocumentResource

pytestmark = pytest.mark.django_db
HEADERS = ["Số, ký hiệu", "Loại văn bản", "Trích yếu", "Cơ quan ban hành", "Ngày ban hành", "Ngày hiệu lực"]


def test_documents_import(reference_data):
    rows = [("313/2025/NĐ-CP", "Nghị định", "Quản lý viện trợ", "Chính phủ", "15/12/2025", "15/12/2025")]
    assert_clean(run_import(LegalDocumentResource(), HEADERS, rows))
    assert LegalDocument.objects.get().in_force
    assert run_import(LegalDocumentResource(), HEADERS, rows).totals["skip"] == 1
    bad = [("1/QĐ", "Nghị định", "X", "UBND", "15/12/2025", "01/12/2025")]
    assert "Ngày hiệu lực không thể trước ngày ban hành" in messages(run_import(LegalDocumentResource(), HEADERS, bad))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vb.exe", b"MZ", "Chỉ nhận tệp PDF, Word, Excel"),
        ("vb.pdf", b"not a pdf", "Nội dung tệp không đúng với đuôi “.pdf”"),
        ("vb.docx", b"%PDF-1.4", "Nội dung tệp không đúng với đuôi “.docx”"),
    ],
)
def test_document_upload_validation(client, reference_data, tmp_path, settings, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    data = {
        "number": "1/QĐ",
        "doc_type": "decision",
        "title": "X",
        "issuer": "UBND",
        "issue_date": "01/01/2020",
        "in_force": "on",
        "is_public": "on",
        "file": SimpleUploadedFile(name, content),
    }
    response = client.post("/admin/documents/legaldocument/add/", data)
    assert message in response.content.decode()
    assert not LegalDocument.objects.exists()
    data["file"] = SimpleUploadedFile("Quyết định.pdf", b"%PDF-1.4 ok")
    assert client.post("/admin/documents/legaldocument/add/", data).status_code == 302
    assert LegalDocument.objects.get().file.name.endswith(".pdf")
