"""Demo approval dossiers (labelled as illustrations), dated from the day they are loaded so the clock
shows something true: one decided, one late (an agency has not answered and the appraisal is past its
time limit), one just received, one certificate application waiting for an opinion. Idempotent."""

import datetime

from django.utils import timezone

from friendship_union.aid.models import AidItem, AidStatus
from friendship_union.partners.models import Partner

from .models import Dossier, DossierDecree, DossierKind, OpinionRequest
from .services import dossier_save, opinion_request_save


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _dossier(code: str, opinions=(), **fields) -> bool:
    if Dossier.objects.filter(code=code).exists():
        return False
    dossier = dossier_save(dossier=Dossier(code=code, **fields))
    for agency, sent_on, answered_on, gist in opinions:
        opinion_request_save(
            opinion=OpinionRequest(dossier=dossier, agency=agency, sent_on=sent_on, answered_on=answered_on, gist=gist)
        )
    return True


def load(stdout=None) -> int:
    today = timezone.localdate()
    created = 0
    approved = (
        AidItem.objects.filter(decree="80/2020", approval_date__isnull=False)
        .exclude(approval_number="")
        .order_by("-approval_date", "code")
        .first()
    )
    if approved is not None:
        received = approved.approval_date - _days(60)
        created += _dossier(
            "HS-MH-01",
            kind=DossierKind.AID,
            aid_item=approved,
            subject="Thẩm định, phê duyệt khoản viện trợ (minh họa)",
            decree=DossierDecree.D80_2020,
            received_on=received,
            complete_on=received + _days(5),
            appraised_on=approved.approval_date - _days(14),
            appraisal_gist="Đủ điều kiện tiếp nhận (minh họa).",
            decision_number=approved.approval_number,
            decision_date=approved.approval_date,
            decision_authority=approved.approval_authority or "Ủy ban nhân dân tỉnh",
            opinions=[
                ("Sở Tài chính (minh họa)", received + _days(6), received + _days(16), "Thống nhất (minh họa)."),
                ("Công an tỉnh (minh họa)", received + _days(6), received + _days(18), "Không có ý kiến khác."),
            ],
        )
    pipeline = list(AidItem.objects.filter(status=AidStatus.PIPELINE).order_by("code")[:2])
    if pipeline:
        received = today - _days(45)
        created += _dossier(
            "HS-MH-02",
            kind=DossierKind.AID,
            aid_item=pipeline[0],
            subject="Thẩm định văn kiện dự án (minh họa)",
            decree=DossierDecree.D313_2025,
            received_on=received,
            complete_on=received + _days(3),
            note="Đã gọi điện đôn đốc cơ quan chưa trả lời (minh họa).",
            opinions=[
                ("Sở Tài chính (minh họa)", received + _days(4), received + _days(12), "Thống nhất (minh họa)."),
                ("Công an tỉnh (minh họa)", received + _days(4), None, ""),  # unanswered: the dossier is late
            ],
        )
    if len(pipeline) > 1:
        created += _dossier(
            "HS-MH-03",
            kind=DossierKind.AID,
            aid_item=pipeline[1],
            subject="Tiếp nhận hồ sơ đề nghị phê duyệt (minh họa)",
            decree=DossierDecree.D313_2025,
            received_on=today - _days(1),
        )
    partner = Partner.objects.order_by("code").first()
    if partner is not None:
        received = today - _days(10)
        created += _dossier(
            "HS-MH-04",
            kind=DossierKind.CERTIFICATE,
            partner=partner,
            subject="Góp ý hồ sơ gia hạn giấy đăng ký hoạt động (minh họa)",
            decree=DossierDecree.D58_2022,
            received_on=received,
            complete_on=received + _days(2),
            opinions=[("Sở Ngoại vụ (minh họa)", received + _days(3), None, "")],
        )
    if stdout is not None:
        stdout.write(f"Hồ sơ phê duyệt minh họa: {created} mới.")
    return created
