"""Demo delegations reproducing the source article: 2003–2015, 137 outgoing delegations with 412
staff participations (the article: more than 400) and 107 incoming delegations with 507 visitors,
including the visit of the Consul General of Japan in Ho Chi Minh City, Mr Nakajima Satoshi, to Đất
Mũi (the article's photo; its date is not given, the one here is illustrative); and, after the
article, a few delegations of 2024 and 2025. Everything else is fictional ("(minh họa)"). Idempotent
by code.

Every demo delegation gets, as the law records it, its dispatch or reception decision, funding, an
entry notice when it came from abroad, and its host: the member association of its partner's
country when there is one. One — DEMO-DV-2025-02 — has no entry notice: the data-quality warning
the admin filter and the weekly digest show. All illustrative."""

import datetime
import random
from decimal import Decimal

from friendship_union.organizations.models import MemberAssociation
from friendship_union.partners.models import Partner
from friendship_union.reference.models import Country
from friendship_union.reference.places import PlaceResolver

from .models import HOME_COUNTRY, Delegation, Direction, FundingSource
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


# After the article: a few delegations of 2024 and 2025, so a six-month report of 2025 has some to
# show and to compare with the same half of 2024. (code, direction, start, participants, title, place)
LATER = [
    (
        "DEMO-DR-2024-01",
        Direction.OUTGOING,
        datetime.date(2024, 3, 12),
        3,
        "Làm việc với các tổ chức tại TP. Hồ Chí Minh",
        "",
    ),
    (
        "DEMO-DR-2024-02",
        Direction.OUTGOING,
        datetime.date(2024, 10, 8),
        4,
        "Dự hội nghị công tác phi chính phủ tại Hà Nội",
        "",
    ),
    (
        "DEMO-DV-2024-01",
        Direction.INCOMING,
        datetime.date(2024, 4, 22),
        5,
        "Khảo sát dự án rừng ngập mặn",
        "Đất Mũi, Ngọc Hiển",
    ),
    (
        "DEMO-DR-2025-01",
        Direction.OUTGOING,
        datetime.date(2025, 2, 24),
        3,
        "Làm việc với các tổ chức tại TP. Hồ Chí Minh",
        "",
    ),
    ("DEMO-DR-2025-02", Direction.OUTGOING, datetime.date(2025, 5, 15), 2, "Trao đổi kế hoạch hợp tác năm 2026", ""),
    (
        "DEMO-DV-2025-01",
        Direction.INCOMING,
        datetime.date(2025, 3, 10),
        4,
        "Giám sát dự án nước sạch trường học",
        "Khánh Bình Tây, Trần Văn Thời",
    ),
    (
        "DEMO-DV-2025-02",
        Direction.INCOMING,
        datetime.date(2025, 6, 3),
        6,
        "Khởi công điểm trường Hồ Thị Kỷ",
        "Hồ Thị Kỷ, Thới Bình",
    ),
]


def _later(resolver: PlaceResolver) -> int:
    partners = list(Partner.objects.filter(code__startswith="DEMO-").order_by("code"))
    hosts = _hosts()
    made = 0
    for n, (code, direction, day, people, title, place) in enumerate(LATER):
        if Delegation.objects.filter(code=code).exists():
            continue
        partner = partners[(7 * n) % len(partners)] if partners else None
        delegation = Delegation(
            code=code,
            direction=direction,
            title=f"{title} (minh họa)",
            start_date=day,
            end_date=day + datetime.timedelta(days=2),
            participants=people,
            leader_name="Lãnh đạo Liên hiệp (minh họa)"
            if direction == Direction.OUTGOING
            else "Trưởng đoàn (minh họa)",
            places_abroad="TP. Hồ Chí Minh" if direction == Direction.OUTGOING else "",
            purpose="Vận động, giám sát viện trợ (minh họa).",
        )
        countries = {partner.country} if partner and partner.country_id else set()
        _as_the_law_records(delegation, {c.code for c in countries}, hosts)
        delegation_save(
            delegation=delegation,
            partners=[partner] if partner else [],
            countries=countries,
            places=[place] if place else None,
            resolver=resolver,
        )
        made += 1
    return made


# The one incoming foreign delegation left without its entry notice (a data-quality warning).
WITHOUT_ENTRY_NOTICE = "DEMO-DV-2025-02"


def _as_the_law_records(delegation: Delegation, countries: set[str], hosts: dict[str, MemberAssociation]) -> None:
    """Fill the decision, funding, entry notice and host of a demo delegation (unsaved or not)."""
    number = int("".join(ch for ch in delegation.code.rsplit("-", 1)[-1] if ch.isdigit()) or 1)
    host = next((hosts[c] for c in sorted(countries) if c in hosts), None)
    if delegation.direction == Direction.OUTGOING:
        delegation.decision_number = f"{number}/QĐ-LHH"
        delegation.decision_date = delegation.start_date - datetime.timedelta(days=7)
        delegation.decision_authority = "Chủ tịch Liên hiệp (minh họa)"
        delegation.funding_source = FundingSource.STATE_BUDGET
        delegation.cost_vnd = Decimal(2_500_000 * delegation.participants)
        delegation.host_association, delegation.host_unit = (host, "") if host else (None, "Văn phòng Liên hiệp")
        return
    delegation.decision_number = f"{number}/CV-UBND"
    delegation.decision_date = delegation.start_date - datetime.timedelta(days=10)
    delegation.decision_authority = "UBND tỉnh Cà Mau (minh họa)"
    delegation.funding_source = FundingSource.SELF
    delegation.host_association = host
    if countries != {HOME_COUNTRY} and delegation.code != WITHOUT_ENTRY_NOTICE:
        delegation.entry_notice_number = f"{number}/TB-LHH"
        delegation.entry_notice_date = delegation.start_date - datetime.timedelta(days=3)


def _hosts() -> dict[str, MemberAssociation]:
    """The demo member associations by their counterpart country's code."""
    return {a.counterpart_country_id: a for a in MemberAssociation.objects.filter(counterpart_country__isnull=False)}


def _fill_recorded() -> int:
    """Demo delegations saved before these fields existed get them now (idempotent: those with a
    decision number are left)."""
    hosts = _hosts()
    filled = 0
    for delegation in Delegation.objects.filter(code__startswith="DEMO-D", decision_number="").prefetch_related(
        "countries"
    ):
        _as_the_law_records(delegation, {c.code for c in delegation.countries.all()}, hosts)
        delegation_save(delegation=delegation)
        filled += 1
    return filled


def load(stdout=None) -> int:
    resolver = PlaceResolver()  # one for every place: the units are read once, not per delegation
    later = _later(resolver)
    _fill_recorded()
    if Delegation.objects.filter(code__startswith="DEMO-D", start_date__year__lte=2015).exists():
        if stdout is not None:
            stdout.write(f"Đoàn ra – đoàn vào minh họa: đã có, giữ nguyên; {later} mới sau năm 2015.")
        return later
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
    hosts = _hosts()
    for delegation, partner_list in created:
        chosen = {countries[p.country_id] for p in partner_list if p.country_id in countries}
        _as_the_law_records(delegation, {c.code for c in chosen}, hosts)
        delegation_save(
            delegation=delegation,
            partners=partner_list,
            countries=chosen,
            places=[visited[id(delegation)]] if id(delegation) in visited else None,
            resolver=resolver,
        )
    if stdout is not None:
        stdout.write(f"Đoàn ra – đoàn vào minh họa: {len(created)} mới (2003–2015), {later} mới sau năm 2015.")
    return len(created) + later
