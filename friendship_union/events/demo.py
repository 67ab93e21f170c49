"""The events the source article names: the 2007 NGO-aid promotion conference co-hosted with VUFO,
the scientific workshop on biosphere reserve conservation and climate change, and the foreign-affairs
skills course with CEFALT. Only the conference's year is in the article; other dates and all counts
are left empty or marked illustrative. Idempotent by code."""

import datetime

from friendship_union.organizations.models import MemberAssociation

from .models import Event, EventKind
from .services import event_save

EVENTS = [
    (
        "SK-2007-HNVT",
        EventKind.CONFERENCE,
        "Hội nghị xúc tiến vận động viện trợ phi chính phủ nước ngoài",
        datetime.date(2007, 1, 1),
        "Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)",
        "Đồng tổ chức với Liên hiệp các tổ chức hữu nghị Việt Nam. Ngày trong năm là minh họa.",
    ),
    (
        "SK-HT-SQ",
        EventKind.WORKSHOP,
        "Hội thảo khoa học về bảo tồn khu dự trữ sinh quyển và ứng phó biến đổi khí hậu",
        datetime.date(2012, 1, 1),
        "",
        "Ngày là minh họa (bài viết không nêu).",
    ),
    (
        "SK-BD-CEFALT",
        EventKind.TRAINING,
        "Lớp bồi dưỡng kỹ năng công tác đối ngoại",
        datetime.date(2014, 1, 1),
        "Trung tâm Đào tạo, bồi dưỡng kiến thức ngoại giao và ngoại ngữ (CEFALT), Bộ Ngoại giao",
        "Phối hợp với Sở Ngoại vụ. Ngày là minh họa (bài viết không nêu).",
    ),
]


def load(stdout=None) -> int:
    created = 0
    for code, kind, title, day, co_organizers, description in EVENTS:
        if Event.objects.filter(code=code).exists():
            continue
        event_save(
            event=Event(
                code=code,
                kind=kind,
                title=title,
                start_date=day,
                co_organizers=co_organizers,
                description=description,
                venue="Cà Mau",
            )
        )
        created += 1
    association = MemberAssociation.objects.filter(name="Hội hữu nghị Việt – Nhật (minh họa)").first()
    if association is not None and not Event.objects.filter(code="DEMO-SK-GL-VN").exists():
        # An event a member association organized (illustrative, not from the article).
        event_save(
            event=Event(
                code="DEMO-SK-GL-VN",
                kind=EventKind.EXCHANGE,
                title="Giao lưu văn hóa hữu nghị Việt – Nhật (minh họa)",
                start_date=datetime.date(2024, 11, 16),
                description="Hội hữu nghị Việt – Nhật chủ trì, Liên hiệp phối hợp (minh họa).",
                venue="Cà Mau",
            ),
            associations=[association],
        )
        created += 1
    if stdout is not None:
        stdout.write(f"Sự kiện: {created} mới.")
    return created
