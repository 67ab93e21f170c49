"""Demo calls for aid (labelled as illustrations): three pipeline items the province seeks partners for."""

import datetime
from decimal import Decimal

from friendship_union.aid.models import AidForm, AidItem, AidStatus
from friendship_union.aid.services import aid_item_save
from friendship_union.reference.models import Sector

from .models import Appeal
from .services import appeal_save

CALLS = [
    (
        "KG-2026-01",
        "Nhà vệ sinh đạt chuẩn cho điểm trường ven biển (minh họa)",
        "Standard latrines for coastal school sites (demo)",
        "14032",
        "Đất Mũi, Ngọc Hiển",
        "Ba điểm trường ven biển đang dùng nhà vệ sinh tạm; học sinh, nhất là các em gái, nghỉ học vào mùa mưa. "
        "Dự án xây 6 khối nhà vệ sinh và bể chứa nước mưa.",
        "Three coastal school sites use makeshift latrines; pupils, girls especially, miss school in the rainy "
        "season. The project builds 6 latrine blocks with rainwater tanks.",
        Decimal(45000),
        Decimal(150000000),
    ),
    (
        "KG-2026-02",
        "Cầu nông thôn cho học sinh qua kênh (minh họa)",
        "Rural footbridges for pupils crossing canals (demo)",
        "43040",
        "Khánh Bình, Trần Văn Thời",
        "Học sinh hai ấp phải qua kênh bằng xuồng. Dự án làm 2 cây cầu bê tông rộng 2 m.",
        "Pupils of two hamlets cross the canal by boat. The project builds 2 concrete footbridges, 2 m wide.",
        Decimal(60000),
        Decimal(300000000),
    ),
    (
        "KG-2026-03",
        "Học bổng cho học sinh nghèo vùng bãi ngang (minh họa)",
        "Scholarships for poor pupils of the coastal strip (demo)",
        "11220",
        "Tân Thuận, Đầm Dơi",
        "200 suất học bổng mỗi năm trong 3 năm cho học sinh có hoàn cảnh khó khăn.",
        "",
        Decimal(30000),
        None,
    ),
]


def load(stdout=None) -> int:
    created = 0
    for code, title, title_en, sector, place, need, need_en, budget, counterpart in CALLS:
        if AidItem.objects.filter(code=code).exists():
            continue
        item = aid_item_save(
            item=AidItem(
                code=code,
                form=AidForm.PROJECT,
                title=title,
                title_en=title_en,
                status=AidStatus.PIPELINE,
                is_public=True,
                planned_start=datetime.date(2026, 1, 1),
            ),
            sectors=[(Sector.objects.get(code=sector), Decimal(100))],
            places=[place],
        )
        appeal_save(
            appeal=Appeal(
                aid_item=item,
                need=need,
                need_en=need_en,
                estimated_budget_usd=budget,
                counterpart_vnd=counterpart,
                contact_unit="Văn phòng Liên hiệp (minh họa)",
                contact_unit_en="The Union's office (demo)",
            )
        )
        created += 1
    if stdout is not None:
        stdout.write(f"Kêu gọi tài trợ minh họa: {created} mới.")
    return created
