"""Demo delegations reproducing the source article: 2003–2015, 137 outgoing delegations with 412
staff participations (the article: more than 400) and 107 incoming delegations with 507 visitors,
including the visit of the Consul General of Japan in Ho Chi Minh City, Mr Nakajima Satoshi, to Đất
Mũi (the article's photo; its date is not given, the one here is illustrative). Everything else is
fictional ("(minh họa)"). Idempotent by code."""

import datetime
import random

from friendship_union.partners.models import Partner
from friendship_union.reference.models import Country

from .models import Delegation, Direction
from .services import delegation_save

OUT_TOTAL, OUT_PEOPLE = 137, 412
IN_TOTAL, IN_PEOPLE = 107, 507
OUT_PLACES = ["TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "Hà Nội"]


def _split(total: int, parts: int, rng: random.Random, low: int = 1) -> list[int]:
    """`parts` integers ≥ low summing to `total`."""
    values = [low] * parts
    for _ in range(total - low * parts):
        values[rng.randrange(parts)] += 1
    return values


def load(stdout=None) -> int:
    if Delegation.objects.filter(code__startswith="DEMO-D").exists():
        if stdout is not None:
            stdout.write("Đoàn ra – đoàn vào minh họa: đã có, giữ nguyên.")
        return 0
    rng = random.Random(137)
    partners = list(Partner.objects.filter(code__startswith="DEMO-").order_by("code"))
    consulate = Partner.objects.filter(code="DEMO-LS01").first()
    created = []
    places = []

    for i, people in enumerate(_split(OUT_PEOPLE, OUT_TOTAL, rng, low=2)):
        year = 2003 + i % 13
        day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 25))
        delegation = Delegation(
            code=f"DEMO-DR-{i + 1:03d}",
            direction=Direction.OUTGOING,
            title=f"Đoàn công tác làm việc với các tổ chức tại {rng.choice(OUT_PLACES)} (minh họa)",
            start_date=day,
            end_date=day + datetime.timedelta(days=rng.randint(1, 4)),
            participants=people,
            leader_name="Lãnh đạo Liên hiệp (minh họa)",
            places_abroad=rng.choice(OUT_PLACES),
            purpose="Vận động viện trợ, trao đổi kế hoạch hợp tác (minh họa).",
        )
        created.append((delegation, rng.sample(partners, 2) if partners else []))

    visitors = _split(IN_PEOPLE - 4, IN_TOTAL - 1, rng, low=2)
    consul = Delegation(
        code="DEMO-DV-001",
        direction=Direction.INCOMING,
        title="Tổng Lãnh sự Nhật Bản tại TP. Hồ Chí Minh thăm Đất Mũi",
        start_date=datetime.date(2013, 3, 15),
        participants=4,
        leader_name="Nakajima Satoshi",
        leader_position="Tổng Lãnh sự Nhật Bản tại TP. Hồ Chí Minh",
        purpose="Tham quan, tìm hiểu địa phương (ngày và số người là minh họa).",
    )
    created.append((consul, [consulate] if consulate else []))
    places.append((consul, "Đất Mũi, Ngọc Hiển"))
    communes = [
        "Đông Thới, Cái Nước",
        "Tân Hưng Đông, Cái Nước",
        "Khánh Bình Tây, Trần Văn Thời",
        "Tân Thành, Cà Mau",
        "Hồ Thị Kỷ, Thới Bình",
        "Phường 5, TP Cà Mau",
    ]
    for i, people in enumerate(visitors):
        year = 2003 + i % 13
        day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 25))
        delegation = Delegation(
            code=f"DEMO-DV-{i + 2:03d}",
            direction=Direction.INCOMING,
            title="Đoàn tổ chức phi chính phủ khảo sát dự án (minh họa)",
            start_date=day,
            end_date=day + datetime.timedelta(days=rng.randint(0, 3)),
            participants=people,
            leader_name="Trưởng đoàn (minh họa)",
            purpose="Khảo sát, giám sát dự án (minh họa).",
        )
        created.append((delegation, rng.sample(partners, 1) if partners else []))
        places.append((delegation, rng.choice(communes)))

    visited = {id(delegation): text for delegation, text in places}  # unsaved records: no pk to key on
    countries = {c.code: c for c in Country.objects.filter(code__in={p.country_id for p in partners})}
    for delegation, partner_list in created:
        delegation_save(
            delegation=delegation,
            partners=partner_list,
            countries={countries[p.country_id] for p in partner_list if p.country_id in countries},
            places=[visited[id(delegation)]] if id(delegation) in visited else None,
        )
    if stdout is not None:
        stdout.write(f"Đoàn ra – đoàn vào minh họa: {len(created)} mới.")
    return len(created)
