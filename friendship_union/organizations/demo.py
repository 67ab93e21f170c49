"""Demo organisation history from the source article: headcount 5 in 2006 and 15 in 2010; in 2006
the Union was merged into the provincial Fatherland Front committee, in 2010 it became independent
again under the provincial People's Committee; VUFO certificates of merit (no year given) and the 2014
provincial first-class emulation flag. Day and month of these dates are not in the article: 1 January is used.
Member associations are fictional ("(minh họa)"). Idempotent."""

import datetime

from friendship_union.core.services import record_save

from .models import Award, Headcount, MemberAssociation, Milestone, RecipientKind
from .services import award_save


def load(stdout=None) -> int:
    created = 0
    for year, count in ((2006, 5), (2010, 15)):
        if not Headcount.objects.filter(year=year).exists():
            record_save(Headcount(year=year, headcount=count))
            created += 1
    milestones = [
        (
            datetime.date(2006, 1, 1),
            "Sáp nhập vào Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "Liên hiệp hoạt động như một bộ phận của Ủy ban MTTQ tỉnh.",
        ),
        (datetime.date(2010, 1, 1), "Tách ra hoạt động độc lập, trực thuộc Ủy ban nhân dân tỉnh", ""),
    ]
    for day, title, description in milestones:
        if not Milestone.objects.filter(title=title).exists():
            record_save(Milestone(date=day, title=title, description=description))
            created += 1
    awards = [
        (
            "Bằng khen của Liên hiệp các tổ chức hữu nghị Việt Nam",
            "Liên hiệp các tổ chức hữu nghị Việt Nam",
            None,
            "demo-award-vufo",
        ),
        (
            "Cờ thi đua hạng Nhất của Ủy ban nhân dân tỉnh",
            "Ủy ban nhân dân tỉnh Cà Mau",
            2014,
            "demo-award-flag-2014",
        ),
    ]
    for title, issuer, year, key in awards:
        if not Award.objects.filter(import_key=key).exists():
            award_save(
                award=Award(recipient_kind=RecipientKind.UNION, title=title, issuer=issuer, year=year, import_key=key)
            )
            created += 1
    for name, country in (
        ("Hội hữu nghị Việt – Nhật (minh họa)", "JP"),
        ("Hội hữu nghị Việt – Úc (minh họa)", "AU"),
        ("Hội hữu nghị Việt – Hàn (minh họa)", "KR"),
    ):
        if not MemberAssociation.objects.filter(name=name).exists():
            record_save(MemberAssociation(name=name, counterpart_country_id=country))
            created += 1
    if stdout is not None:
        stdout.write(f"Tổ chức, khen thưởng minh họa: {created} mới.")
    return created
