"""Demo plans and a demo report (labelled as illustrations): the yearly plans for 2024 and 2025, a
promotion program 2021–2025 with the aid items it brought, and the 6-month report of the first
half of 2025 with its narrative, not yet sent. Idempotent: nothing is overwritten."""

from decimal import Decimal

from friendship_union.aid.models import AidItem

from .models import AnnualPlan, AnnualTarget, Half, Indicator, PeriodKind, ProgramTarget, PromotionProgram, Report
from .services import annual_plan_save, annual_target_save, program_save, program_target_save, report_save

TARGETS = {
    Indicator.AID_ITEMS: 8,
    Indicator.COMMITTED_VND: 30_000_000_000,
    Indicator.DISBURSED_VND: 20_000_000_000,
    Indicator.DELEGATIONS_OUT: 10,
    Indicator.DELEGATIONS_IN: 12,
    Indicator.FOREIGN_VISITORS: 80,
    Indicator.EVENTS: 6,
    Indicator.DIASPORA_VISITORS: 1000,
}
PROGRAM = "Chương trình vận động viện trợ phi chính phủ nước ngoài giai đoạn 2021–2025 (minh họa)"

ASSESSMENT = "\n".join(
    [
        (
            "Sáu tháng đầu năm, công tác vận động, tiếp nhận viện trợ phi chính phủ nước ngoài tiếp tục được "
            "duy trì; các chương trình, dự án chuyển tiếp từ các năm trước được triển khai đúng tiến độ, tập "
            "trung vào y tế, giáo dục, nước sạch và sinh kế cho người dân vùng ven biển (nội dung minh họa)."
        ),
        (
            "Công tác đối ngoại nhân dân và công tác người Việt Nam ở nước ngoài được thực hiện theo kế "
            "hoạch; các đoàn vào được đón tiếp chu đáo, đúng quy định (nội dung minh họa)."
        ),
    ]
)
DIFFICULTIES = "\n".join(
    [
        ("Nguồn viện trợ có xu hướng giảm do các nhà tài trợ chuyển ưu tiên sang khu vực khác (nội dung minh họa)."),
        ("Việc bố trí vốn đối ứng ở một số địa phương sau sắp xếp đơn vị hành chính còn chậm (nội dung minh họa)."),
    ]
)
PROPOSALS = "\n".join(
    [
        (
            "Đề nghị Ủy ban nhân dân tỉnh tiếp tục quan tâm bố trí vốn đối ứng cho các dự án đã được phê "
            "duyệt (nội dung minh họa)."
        ),
        ("Đề nghị các sở, ngành phối hợp rút ngắn thời gian thẩm định hồ sơ khoản viện trợ (nội dung minh họa)."),
    ]
)


def load(stdout=None) -> int:
    created = 0
    for year in (2024, 2025):
        if AnnualPlan.objects.filter(year=year).exists():
            continue
        plan = annual_plan_save(
            plan=AnnualPlan(year=year, document=f"Kế hoạch số {year - 2000:02d}/KH-LHHN (minh họa)")
        )
        for indicator, target in TARGETS.items():
            annual_target_save(target=AnnualTarget(plan=plan, indicator=indicator, target=Decimal(target)))
        created += 1
    if not PromotionProgram.objects.filter(name=PROGRAM).exists():
        program = program_save(
            program=PromotionProgram(
                name=PROGRAM,
                first_year=2021,
                last_year=2025,
                document="Quyết định số 01/QĐ-UBND (minh họa)",
                description="Vận động các tổ chức phi chính phủ nước ngoài tài trợ cho y tế, giáo dục, nước sạch.",
            ),
            aid_items=AidItem.objects.filter(commitment_date__year__gte=2021).order_by("pk")[:6],
        )
        for indicator, target in ((Indicator.AID_ITEMS, 40), (Indicator.COMMITTED_VND, 150_000_000_000)):
            program_target_save(target=ProgramTarget(program=program, indicator=indicator, target=Decimal(target)))
        created += 1
    if not Report.objects.filter(kind=PeriodKind.HALF_YEAR, year=2025, half=Half.FIRST).exists():
        report_save(
            report=Report(
                kind=PeriodKind.HALF_YEAR,
                year=2025,
                half=Half.FIRST,
                recipients="Ủy ban nhân dân tỉnh Cà Mau",
                copies_to="Liên hiệp các tổ chức hữu nghị Việt Nam\nSở Ngoại vụ",
                signer_authority="KT. CHỦ TỊCH",
                signer_title="PHÓ CHỦ TỊCH",
                signer_name="Nguyễn Công Minh",
                assessment=ASSESSMENT,
                difficulties=DIFFICULTIES,
                proposals=PROPOSALS,
            )
        )
        created += 1
    if stdout is not None:
        stdout.write(f"Kế hoạch và báo cáo minh họa: {created} mới.")
    return created
