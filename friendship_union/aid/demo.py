"""Demo aid items consistent with the source article: 79 partners with programs, projects or
non-project aid, more than 29 million USD committed 2003–2015, and the value in 2010–2015 above
2005–2010. Loreto Kids Charity's school supplies at Trường Tiểu học Đông Thới 2 (xã Đông Thới, huyện
Cái Nước) is the one real item, with no amount or date, because the article states none. Every
other item is fictional ("(minh họa)"), with figures generated deterministically.

Idempotent: items are created by code only when missing."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from friendship_union.partners.models import Partner, PartnerType
from friendship_union.reference.models import AdministrativeUnit, Level, Sector
from friendship_union.reference.places import PlaceMatch
from friendship_union.reference.services import RateBook

from .models import AidBudget, AidForm, AidItem, AidStatus, AidType, BudgetStatus, BudgetType, Decree, ProviderRole
from .services import AidItemBatch, aid_item_save

# USD targets per period (sum 29.6 million for 2003–2015; 2010–2015 above 2005–2010).
PERIODS = [
    ((2003, 2004), Decimal("1200000")),
    ((2005, 2009), Decimal("9000000")),
    ((2010, 2015), Decimal("19400000")),
    ((2016, 2025), Decimal("14000000")),
]
CURRENCIES = ["USD", "USD", "AUD", "EUR", "JPY", "GBP", "KRW"]
CATEGORIES = ["112", "121", "122", "130", "140", "151", "160", "311", "410", "430", "740", "720"]
TOPICS = {
    "112": ("Xây dựng phòng học", "Classroom construction"),
    "121": ("Trang thiết bị y tế", "Medical equipment"),
    "122": ("Chăm sóc sức khỏe ban đầu", "Primary health care"),
    "130": ("Sức khỏe sinh sản", "Reproductive health"),
    "140": ("Nước sạch nông thôn", "Rural clean water"),
    "151": ("Nâng cao năng lực cộng đồng", "Community capacity"),
    "160": ("Hỗ trợ người khuyết tật", "Support for people with disabilities"),
    "311": ("Sinh kế nuôi trồng thủy sản", "Aquaculture livelihoods"),
    "410": ("Trồng rừng ngập mặn", "Mangrove planting"),
    "430": ("Phát triển cộng đồng", "Community development"),
    "740": ("Phòng chống thiên tai", "Disaster preparedness"),
    "720": ("Cứu trợ sau bão", "Storm relief"),
}


def _loreto() -> None:
    partner = Partner.objects.filter(code="LKC-AU").first()
    if partner is None or AidItem.objects.filter(code="LKC-2013-01").exists():
        return
    item = AidItem(
        code="LKC-2013-01",
        form=AidForm.NON_PROJECT,
        aid_type=AidType.GOODS,
        title="Trao gói dụng cụ học tập cho học sinh Trường Tiểu học Đông Thới 2",
        title_en="School supplies for pupils of Dong Thoi 2 Primary School",
        description=(
            "Gói dụng cụ học tập trao cho học sinh Trường Tiểu học Đông Thới 2, xã Đông Thới, "
            "huyện Cái Nước, do tổ chức Loreto Kids Charity (Úc) tài trợ."
        ),
        status=AidStatus.CLOSED,
        is_public=True,
        beneficiaries_description="Học sinh Trường Tiểu học Đông Thới 2",
    )
    aid_item_save(
        item=item,
        providers=[(partner, ProviderRole.FUNDING)],
        sectors=[(Sector.objects.get(code="11220"), Decimal(100))],
        places=[("Đông Thới, Cái Nước", "Trường Tiểu học Đông Thới 2")],
    )


# Demo items given yearly budgets: every 7th multi-year public item, at most this many.
BUDGETED = 12


def _year_later(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, month=3, day=1)


def yearly_budgets(item: AidItem, decimals: int) -> list[AidBudget]:
    """The item's committed amount over its planned period, a year at a time, in proportion to the
    days (the last year takes the rounding): original, committed budgets."""
    periods, start = [], item.planned_start
    while start < item.planned_end:
        end = min(_year_later(start) - datetime.timedelta(days=1), item.planned_end)
        periods.append((start, end))
        start = end + datetime.timedelta(days=1)
    days = sum((end - start).days + 1 for start, end in periods)
    unit = Decimal(1).scaleb(-decimals)
    budgets, left = [], item.committed_amount
    for n, (start, end) in enumerate(periods):
        share = (
            left if n == len(periods) - 1 else (item.committed_amount * ((end - start).days + 1) / days).quantize(unit)
        )
        left -= share
        budgets.append(
            AidBudget(
                period_start=start,
                period_end=end,
                amount=share,
                currency_id=item.currency_id,
                budget_type=BudgetType.ORIGINAL,
                status=BudgetStatus.COMMITTED,
            )
        )
    return [b for b in budgets if b.period_end > b.period_start]


def _budgets() -> int:
    """Yearly budgets for a few multi-year demo items; the first one's second year revised upwards
    (a revised budget beside the original, as IATI keeps both)."""
    if AidBudget.objects.filter(aid_item__code__startswith="DEMO-").exists():
        return 0
    candidates = (
        AidItem.objects.public()
        .filter(code__startswith="DEMO-", committed_amount__isnull=False)
        .exclude(code__contains="-S")
        .exclude(planned_start=None)
        .exclude(planned_end=None)
        .order_by("code")
    )
    multi_year = [i for i in candidates if (i.planned_end - i.planned_start).days > 365][::7][:BUDGETED]
    book = RateBook()
    for n, item in enumerate(multi_year):
        budgets = yearly_budgets(item, book.decimals(item.currency_id))
        if n == 0 and len(budgets) > 1:
            second = budgets[1]
            budgets.append(
                AidBudget(
                    period_start=second.period_start,
                    period_end=second.period_end,
                    amount=(second.amount * Decimal("1.1")).quantize(second.amount),
                    currency_id=second.currency_id,
                    budget_type=BudgetType.REVISED,
                    status=BudgetStatus.COMMITTED,
                )
            )
        aid_item_save(item=item, budgets=budgets)
    return len(multi_year)


def load(stdout=None) -> int:
    _loreto()
    budgeted = _budgets()
    if budgeted and stdout is not None:
        stdout.write(f"Ngân sách theo năm minh họa: {budgeted} khoản viện trợ.")
    if AidItem.objects.filter(code__startswith="DEMO-").exists():
        if stdout is not None:
            stdout.write("Khoản viện trợ minh họa: đã có, giữ nguyên.")
        return 0
    rng = random.Random(2003)
    donors = list(
        Partner.objects.filter(code__startswith="DEMO-").exclude(partner_type=PartnerType.CONSULATE).order_by("code")
    )
    communes = list(
        AdministrativeUnit.objects.legacy()
        .filter(level=Level.COMMUNE, province__key__in=["ca mau", "bac lieu"])
        .select_related("parent", "current_unit")
        .order_by("code")
    )
    sectors = {s.code: s for s in Sector.objects.filter(code__in=CATEGORIES)}
    book = RateBook()
    batch = AidItemBatch(book=book)
    today = timezone.localdate()
    created = 0
    serial = 0
    for (first, last), target in PERIODS:
        years = list(range(first, last + 1))
        count = 12 * len(years) if last <= 2015 else 4 * len(years)
        weights = [rng.uniform(0.3, 1.7) for _ in range(count)]
        scale = target / Decimal(str(sum(weights)))
        for i in range(count):
            serial += 1
            year = years[i % len(years)]
            day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            usd = (Decimal(str(weights[i])) * scale).quantize(Decimal("1"))
            currency = rng.choice(CURRENCIES)
            to_vnd_usd, _d = book.rate_to_vnd("USD", day)
            to_vnd_cur, _d = book.rate_to_vnd(currency, day)
            decimals = book.decimals(currency)
            amount = (usd * to_vnd_usd / to_vnd_cur).quantize(Decimal(1).scaleb(-decimals))
            category = rng.choice(CATEGORIES)
            topic_vi, topic_en = TOPICS[category]
            commune = communes[rng.randrange(len(communes))] if year < 2025 else None
            form = rng.choice([AidForm.PROJECT, AidForm.PROJECT, AidForm.NON_PROJECT])
            place_name = commune.name if commune else "tỉnh Cà Mau"
            item = AidItem(
                code=f"DEMO-{year}-{serial:03d}",
                form=form,
                aid_type=AidType.GOODS if form == AidForm.NON_PROJECT else AidType.MIXED,
                title=f"{topic_vi} tại {place_name} (minh họa)",
                title_en=f"{topic_en} in {place_name} (demo)",
                status=AidStatus.CLOSED if year < 2021 else AidStatus.IMPLEMENTATION,
                committed_amount=amount,
                currency_id=currency,
                commitment_date=day,
                approval_number=f"{rng.randint(100, 2999)}/QĐ-UBND",
                approval_date=day,
                approval_authority="Ủy ban nhân dân tỉnh",
                decree=Decree.EARLIER if year < 2020 else Decree.D80_2020,
                planned_start=day,
                planned_end=day + datetime.timedelta(days=rng.randint(30, 900)),
                beneficiaries=rng.randint(50, 5000),
                is_public=rng.random() > 0.1,
                aid_owner="Liên hiệp các tổ chức hữu nghị tỉnh" if rng.random() < 0.3 else "Ủy ban nhân dân cấp huyện",
            )
            if item.status == AidStatus.CLOSED and item.planned_end <= today:
                item.actual_start, item.actual_end = item.planned_start, item.planned_end  # on plan (fictional)
            donor = donors[(serial - 1) % len(donors)]  # every fictional NGO gets at least one item
            place = (
                PlaceMatch(
                    text=f"{commune.short_name}, {commune.parent.short_name}",
                    recorded=commune,
                    current=commune.current_unit,
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                )
                if commune is not None
                else None
            )
            batch.add(
                item,
                providers=[(donor, ProviderRole.FUNDING)],
                sectors=[(sectors[category], Decimal(100))],
                places=[place] if place else [],
            )
            created += 1
    batch.flush()
    if stdout is not None:
        stdout.write(f"Khoản viện trợ minh họa: {created} mới.")
    budgeted = _budgets()
    if stdout is not None:
        stdout.write(f"Ngân sách theo năm minh họa: {budgeted} khoản viện trợ.")
    return created
