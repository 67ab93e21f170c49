"""The photo book the source article names, printed in 1,000 copies, and the decrees the records
cite. Idempotent."""

import datetime

from .models import DocumentType, LegalDocument, Publication
from .services import document_save, publication_save

DECREES = [
    (
        "80/2020/NĐ-CP",
        "Nghị định về quản lý và sử dụng viện trợ không hoàn lại không thuộc hỗ trợ phát triển chính "
        "thức của các cơ quan, tổ chức, cá nhân nước ngoài dành cho Việt Nam",
        datetime.date(2020, 7, 8),
    ),
    (
        "58/2022/NĐ-CP",
        "Nghị định quy định về đăng ký và quản lý hoạt động của tổ chức phi chính phủ nước ngoài tại Việt Nam",
        datetime.date(2022, 8, 31),
    ),
    (
        "42/2022/NĐ-CP",
        "Nghị định quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước "
        "trên môi trường mạng",
        datetime.date(2022, 6, 24),
    ),
]


def load(stdout=None) -> int:
    created = 0
    if not Publication.objects.filter(title="Cà Mau với bầu bạn nước ngoài").exists():
        publication_save(
            publication=Publication(
                title="Cà Mau với bầu bạn nước ngoài",
                year=2015,
                copies=1000,
                distribution="Đối tác nước ngoài, cơ quan, đơn vị (năm in là minh họa)",
            )
        )
        created += 1
    for number, title, day in DECREES:
        if not LegalDocument.objects.filter(number=number).exists():
            document_save(
                document=LegalDocument(
                    number=number, doc_type=DocumentType.DECREE, title=title, issuer="Chính phủ", issue_date=day
                )
            )
            created += 1
    if stdout is not None:
        stdout.write(f"Văn bản, ấn phẩm: {created} mới.")
    return created
