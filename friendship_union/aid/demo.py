"""Demo aid items consistent with the source article: 79 partners with programs, projects or
non-project aid, more than 29 million USD committed 2003–2015, and the value in 2010–2015 above
2005–2010. Loreto Kids Charity's school supplies at Trường Tiểu học Đông Thới 2 (xã Đông Thới, huyện
Cái Nước) is the one real item, with no amount or date, because the article states none. Every
other item is fictional ("(minh họa)"), with figures generated deterministically: projects carry
counterpart funds (5–20% of their value, in VND), and every item with a value was disbursed (in USD)
in one to three tranches between its commitment and its planned end, up to today. A few projects committed in
2022–2024 run through 2025, with tranches in both halves of 2024 and 2025, and one is committed in
the first half of 2025: a 2025 six-month report has items active then that were committed earlier.

Idempotent: items are created by code only when missing; the disbursements of the generated items
only when none of them has any."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from friendship_union.partners.models import (
    CertificateStatus,
    CertificateType,
    Partner,
    PartnerType,
    RegistrationCertificate,
)
from friendship_union.partners.services import certificate_save
from friendship_union.reference.models import REFORM_DATE_ISO, AdministrativeUnit, Level, RegistrationSector, Sector
from friendship_union.reference.places import PlaceMatch
from friendship_union.reference.services import RateBook

from .models import (
    AidBudget,
    AidForm,
    AidItem,
    AidLocation,
    AidProvider,
    AidSector,
    AidStatus,
    AidType,
    BudgetStatus,
    BudgetType,
    Decree,
    Disbursement,
    FollowUpAction,
    IndicatorMeasure,
    MonitoringVisit,
    ProviderRole,
    Result,
    ResultPeriod,
    ResultType,
)
from .services import (
    AidItemBatch,
    aid_item_save,
    disbursement_save,
    disbursements_create,
    monitoring_visit_save,
    result_save,
)

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
    created = _generated(stdout)
    budgeted = _budgets()  # before the items at work in 2025 exist: the same items get budgets as before
    if budgeted and stdout is not None:
        stdout.write(f"Ngân sách theo năm minh họa: {budgeted} khoản viện trợ.")
    disbursed = _disbursements()
    active = _active_in_2025()
    if stdout is not None and (disbursed or active):
        stdout.write(f"Giải ngân minh họa: {disbursed} mới; khoản viện trợ thực hiện qua năm 2025: {active} mới.")
    certificates = _certificates()
    if certificates and stdout is not None:
        stdout.write(f"Giấy đăng ký minh họa: {certificates} mới.")
    visits, results = _monitoring()
    if stdout is not None and (visits or results):
        stdout.write(f"Giám sát minh họa: {visits} chuyến; kết quả và chỉ số: {results}.")
    return created + active


def _counterpart(usd: Decimal, usd_rate: Decimal, rng: random.Random) -> Decimal:
    """Counterpart funds of a project: 5–20% of its value, in VND, to the million đồng."""
    share = Decimal(str(round(rng.uniform(0.05, 0.2), 3)))
    return (usd * usd_rate * share / 1_000_000).quantize(Decimal(1)) * 1_000_000


def _generated(stdout=None) -> int:
    if AidItem.objects.filter(code__startswith="DEMO-").exists():
        if stdout is not None:
            stdout.write("Khoản viện trợ minh họa: đã có, giữ nguyên.")
        return 0
    rng = random.Random(2003)
    # Draws added later (counterpart funds) come from their own generator, so the figures drawn above
    # — the article's 2003–2015 totals — stay as they were.
    extra = random.Random(313)
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
            elif item.status == AidStatus.IMPLEMENTATION and item.planned_start <= today:
                item.actual_start = item.planned_start  # under way, its money disbursed: not a lapsing approval
            if form == AidForm.PROJECT:
                item.counterpart_amount = _counterpart(usd, to_vnd_usd, extra)
                item.counterpart_source = "Ngân sách tỉnh (minh họa)"
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
    return created


def _tranches(start: datetime.date, end: datetime.date, count: int) -> list[datetime.date]:
    """`count` dates from `start` to `end`, evenly spaced (the first on `start`)."""
    span = max((end - start).days, 0)
    return [start + datetime.timedelta(days=round(span * k / count)) for k in range(count)]


def _disbursements() -> int:
    """The generated items' disbursements: their value in one (non-project aid) to three tranches
    from the commitment to the planned end; only the tranches dated up to today."""
    generated = AidItem.objects.filter(code__regex=r"^DEMO-\d{4}-", committed_amount__isnull=False)
    if not generated.exists() or Disbursement.objects.filter(aid_item__in=generated).exists():
        return 0
    rng, today, book = random.Random(80), timezone.localdate(), RateBook()
    rows = []
    for item in generated.order_by("code"):
        # In USD, the committed value's USD in equal parts: what is disbursed never exceeds what was
        # committed because a currency moved (the data-quality digest compares them in USD).
        count = 1 if item.form == AidForm.NON_PROJECT else rng.randint(2, 3)
        part = (item.committed_usd / count).quantize(Decimal("0.01"))
        dates = _tranches(item.commitment_date, item.planned_end or item.commitment_date, count)
        for k, day in enumerate(dates):
            if day > today:
                break
            amount = item.committed_usd - part * (count - 1) if k == count - 1 else part
            rows.append(
                Disbursement(
                    aid_item=item, date=day, amount=amount, currency_id="USD", note=f"Đợt {k + 1}/{count} (minh họa)"
                )
            )
    return len(disbursements_create(rows, book=book))


# Projects committed before 2025 that run through it, and one committed in its first half (#13): a
# six-month report of 2025 has items active then, with their money disbursed in that half.
ACTIVE_2025 = [
    # code, DAC category, title (vi, en), donor (index among the fictional NGOs), commune, committed
    # (date, USD), planned end, disbursement dates (the value in equal tranches; those to come are not
    # recorded yet)
    (
        "DEMO-TH-2022-01",
        "140",
        "Nước sạch và vệ sinh cho các trường học ven biển (minh họa)",
        "Clean water and sanitation for coastal schools (demo)",
        3,
        "Khánh Bình Tây, Trần Văn Thời",
        (datetime.date(2022, 9, 15), Decimal("640000")),
        datetime.date(2025, 9, 30),
        [datetime.date(2022, 10, 3), datetime.date(2023, 11, 6), datetime.date(2024, 3, 12), datetime.date(2025, 4, 8)],
    ),
    (
        "DEMO-TH-2023-01",
        "410",
        "Trồng và bảo vệ rừng ngập mặn ven biển Đất Mũi 2023–2026 (minh họa)",
        "Mangrove planting and protection on the Dat Mui coast 2023–2026 (demo)",
        11,
        "Đất Mũi, Ngọc Hiển",
        (datetime.date(2023, 4, 20), Decimal("920000")),
        datetime.date(2026, 12, 31),
        [datetime.date(2023, 5, 10), datetime.date(2024, 2, 20), datetime.date(2024, 9, 5), datetime.date(2025, 3, 3)],
    ),
    (
        "DEMO-TH-2023-02",
        "160",
        "Hỗ trợ người khuyết tật hòa nhập cộng đồng 2023–2025 (minh họa)",
        "Community inclusion of people with disabilities 2023–2025 (demo)",
        19,
        "Tân Hưng Đông, Cái Nước",
        (datetime.date(2023, 10, 2), Decimal("310000")),
        datetime.date(2025, 12, 31),
        [datetime.date(2023, 11, 1), datetime.date(2024, 5, 14), datetime.date(2025, 5, 20)],
    ),
    (
        "DEMO-TH-2024-01",
        "311",
        "Sinh kế tôm – rừng bền vững cho hộ nghèo 2024–2026 (minh họa)",
        "Sustainable shrimp–mangrove livelihoods for poor households 2024–2026 (demo)",
        27,
        "Tân Thành, Cà Mau",
        (datetime.date(2024, 2, 26), Decimal("480000")),
        datetime.date(2026, 6, 30),
        [datetime.date(2024, 3, 25), datetime.date(2025, 1, 15), datetime.date(2025, 8, 4)],
    ),
    (
        "DEMO-TH-2025-01",
        "112",
        "Xây dựng phòng học cho điểm trường Hồ Thị Kỷ 2025–2026 (minh họa)",
        "Classrooms for the Ho Thi Ky school site 2025–2026 (demo)",
        35,
        "Hồ Thị Kỷ, Thới Bình",
        (datetime.date(2025, 3, 18), Decimal("260000")),
        datetime.date(2026, 8, 31),
        [datetime.date(2025, 4, 21), datetime.date(2025, 11, 10)],
    ),
]


def _active_in_2025() -> int:
    donors = list(
        Partner.objects.filter(code__startswith="DEMO-").exclude(partner_type=PartnerType.CONSULATE).order_by("code")
    )
    if not donors:
        return 0
    rng, book, today, made = random.Random(2025), RateBook(), timezone.localdate(), 0
    for code, category, title, title_en, donor, place, (day, usd), end, tranches in ACTIVE_2025:
        if AidItem.objects.filter(code=code).exists():
            continue
        usd_rate, _d = book.rate_to_vnd("USD", day)
        item = AidItem(
            code=code,
            form=AidForm.PROJECT,
            aid_type=AidType.MIXED,
            title=title,
            title_en=title_en,
            status=AidStatus.IMPLEMENTATION,
            committed_amount=usd,
            currency_id="USD",
            commitment_date=day,
            approval_number=f"{rng.randint(100, 2999)}/QĐ-UBND",
            approval_date=day,
            approval_authority="Ủy ban nhân dân tỉnh",
            decree=Decree.D80_2020,
            planned_start=day,
            planned_end=end,
            actual_start=tranches[0],
            counterpart_amount=_counterpart(usd, usd_rate, rng),
            counterpart_source="Ngân sách tỉnh (minh họa)",
            beneficiaries=rng.randint(500, 6000),
            is_public=True,
            aid_owner="Ủy ban nhân dân cấp huyện",
        )
        aid_item_save(
            item=item,
            providers=[(donors[donor % len(donors)], ProviderRole.FUNDING)],
            sectors=[(Sector.objects.get(code=category), Decimal(100))],
            places=[place],
            book=book,
        )
        dated = [d for d in tranches if d <= today]
        part = (usd / len(tranches)).quantize(Decimal("0.01"))
        for k, when in enumerate(dated):
            amount = usd - part * (len(tranches) - 1) if k == len(tranches) - 1 else part
            note = f"Đợt {k + 1}/{len(tranches)} (minh họa)"
            disbursement_save(
                disbursement=Disbursement(aid_item=item, date=when, amount=amount, currency_id="USD", note=note),
                book=book,
            )
        made += 1
    return made


# The registration fields a demo NGO's certificates list for the DAC categories of its items.
CERTIFICATE_FIELDS = {
    "112": "Giáo dục",
    "121": "Y tế",
    "122": "Y tế",
    "130": "Dân số, kế hoạch hóa gia đình",
    "140": "Nước sạch và vệ sinh môi trường",
    "151": "Quản trị nhà nước",
    "160": "Phát triển xã hội",
    "311": "Nông nghiệp",
    "410": "Môi trường",
    "430": "Phát triển nông thôn",
    "740": "Phòng chống thiên tai",
    "720": "Cứu trợ khẩn cấp",
}
# The one demo item outside its NGO's certificates: the shrimp–mangrove livelihoods project is
# recorded under agriculture (311), while its NGO's certificates list fisheries ("Thủy sản", 313)
# for it, not agriculture: compared at the DAC 3-digit category, the item is outside them. The
# dashboard's alert shows it.
OUTSIDE_COVERAGE = ("DEMO-TH-2024-01", "311", "Thủy sản")
CERTIFICATE_YEARS = 3  # an operation registration lasts at most 3 years (Decree 58/2022/NĐ-CP)


def _certificate_chain(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """(issue, expiry) of operation registrations from `first`, each renewed the day after the one
    before expires, until one runs to `last`."""
    chain, issue = [], first
    while True:
        expiry = issue.replace(year=issue.year + CERTIFICATE_YEARS) - datetime.timedelta(days=1)
        chain.append((issue, expiry))
        if expiry >= last:
            return chain
        issue = expiry + datetime.timedelta(days=1)


def _certificates() -> int:
    """Registration certificates for the fictional foreign NGOs with dated aid items: a chain of
    operation registrations, each renewing the one before, from shortly before the NGO's first item
    to the end of its last; before 1 July 2025 they name the legacy provinces its places were in,
    after it today's province; their fields are those of its items' categories — but for the one
    item of OUTSIDE_COVERAGE. Loaded once: none when a demo NGO already has a certificate."""
    if RegistrationCertificate.objects.filter(partner__code__startswith="DEMO-").exists():
        return 0
    rows = AidProvider.objects.coverage_checked().filter(partner__code__startswith="DEMO-").order_by("pk")
    needs: dict[int, dict] = {}
    for row in rows.values("partner_id", "aid_item_id", "aid_item__code", "coverage_start", "coverage_end"):
        need = needs.setdefault(
            row["partner_id"], {"first": row["coverage_start"], "last": row["coverage_end"], "items": set()}
        )
        need["first"] = min(need["first"], row["coverage_start"])
        need["last"] = max(need["last"], row["coverage_end"])
        need["items"].add(row["aid_item_id"])
    if not needs:
        return 0
    item_ids = {pk for need in needs.values() for pk in need["items"]}
    categories: dict[int, set[str]] = {}
    for item_id, code, category, sector in AidSector.objects.filter(aid_item_id__in=item_ids).values_list(
        "aid_item_id", "aid_item__code", "sector__category_id", "sector_id"
    ):
        if (code, category or sector) != OUTSIDE_COVERAGE[:2]:
            categories.setdefault(item_id, set()).add(category or sector)
    places = {}
    for item_id, recorded in AidLocation.objects.filter(aid_item_id__in=item_ids).values_list(
        "aid_item_id", "place_recorded_id"
    ):
        places.setdefault(item_id, set()).add(recorded)
    outside = AidProvider.objects.filter(aid_item__code=OUTSIDE_COVERAGE[0])
    outside_partner = outside.values_list("partner_id", flat=True).first()
    fields = {f.name: f for f in RegistrationSector.objects.all()}
    reform = datetime.date.fromisoformat(REFORM_DATE_ISO)
    today = timezone.localdate()
    current_home = AdministrativeUnit.objects.current().get(level=Level.PROVINCE, key="ca mau")
    legacy_home = AdministrativeUnit.objects.legacy().get(level=Level.PROVINCE, key="ca mau")
    rng, made, serial = random.Random(58), 0, 0
    for partner_id, need in sorted(needs.items()):
        names = {CERTIFICATE_FIELDS[c] for item in need["items"] for c in categories.get(item, ())}
        if partner_id == outside_partner:
            names.add(OUTSIDE_COVERAGE[2])
        units = {u for item in need["items"] for u in places.get(item, ())}
        legacy = list(
            AdministrativeUnit.objects.filter(
                pk__in=AdministrativeUnit.objects.filter(pk__in=units).values("province_id"), era="legacy"
            )
        ) or [legacy_home]
        current = list(
            AdministrativeUnit.objects.filter(
                pk__in=AdministrativeUnit.objects.filter(pk__in=units).values("current_unit__province_id")
            )
        ) or [current_home]
        first = need["first"] - datetime.timedelta(days=rng.randint(30, 180))
        chain = _certificate_chain(first, need["last"])
        previous = None
        for n, (issue, expiry) in enumerate(chain):
            serial += 1
            last = n == len(chain) - 1
            status = (
                CertificateStatus.RENEWED
                if not last
                else (CertificateStatus.VALID if expiry >= today else CertificateStatus.EXPIRED)
            )
            certificate = RegistrationCertificate(
                partner_id=partner_id,
                certificate_type=CertificateType.OPERATION,
                number=f"{serial:03d}/GĐK-BNG",
                issue_date=issue,
                expiry_date=expiry,
                status=status,
                renews=previous,
                note="Giấy đăng ký minh họa",
            )
            previous = certificate_save(
                certificate=certificate,
                provinces=legacy if issue < reform else current,
                sectors=[fields[name] for name in sorted(names)],
            )
            made += 1
    return made


# Monitoring visits of three projects at work since 2022 (fictional): (item code, days before the load
# day or a fixed date, commune as then written, who went, findings, actions as (text, owner, due and
# closed in days after the visit, None when still open)). The first asks for an action now overdue and
# still open, so the dashboard's alert shows something true; the second for one due later.
VISITS = [
    (
        "DEMO-TH-2023-01",
        75,
        "Đất Mũi",
        "Nguyễn Văn An, Trần Thị Bích (Phòng Dự án, minh họa)",
        "Khoảng 2 ha cây trồng đợt 2024 ở bãi bồi phía tây bị sóng đánh trôi; phần còn lại phát triển tốt. "
        "Ban quản lý xã chưa lập sổ theo dõi tỷ lệ cây sống (minh họa).",
        [
            ("Trồng dặm 2 ha cây giống ở bãi bồi phía tây", "Ban quản lý dự án xã Đất Mũi", 60, None),
            ("Lập sổ theo dõi tỷ lệ cây sống theo từng lô", "Nguyễn Văn An", 30, 25),
        ],
    ),
    (
        "DEMO-TH-2024-01",
        20,
        "Tân Thành, Cà Mau",
        "Lê Minh Châu (Phòng Dự án, minh họa)",
        "Các hộ tham gia đã thả giống vụ hai; hai hộ xin lùi thời hạn trả vốn quay vòng (minh họa).",
        [("Họp tổ vốn quay vòng, thống nhất lịch trả của hai hộ xin lùi hạn", "Lê Minh Châu", 45, None)],
    ),
    (
        "DEMO-TH-2022-01",
        datetime.date(2025, 6, 10),
        "Khánh Bình Tây, Trần Văn Thời",
        "Nguyễn Văn An (Phòng Dự án, minh họa)",
        "Hệ thống lọc nước ở 6 trường vận hành tốt; một bể chứa ở điểm trường Khánh Bình Tây bị rò (minh họa).",
        [("Sửa bể chứa bị rò ở điểm trường Khánh Bình Tây", "Nhà thầu thi công", 30, 21)],
    ),
]

D = Decimal
# Results with targets and actuals per period for three public items: (item code, type, measure, title
# (vi, en), indicator (vi, en), unit (vi, en), baseline (value, year), public, [(start, end, target,
# actual)]).
RESULTS = [
    (
        "DEMO-TH-2023-01",
        ResultType.OUTPUT,
        IndicatorMeasure.UNIT,
        ("Rừng ngập mặn được trồng mới", "New mangrove forest planted"),
        ("Diện tích rừng ngập mặn trồng mới", "Area of mangroves newly planted"),
        ("ha", "ha"),
        (D(0), 2023),
        True,
        [
            (datetime.date(2023, 4, 20), datetime.date(2023, 12, 31), D(40), D(38)),
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), D(60), D(64)),
            (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), D(60), D("55.5")),
            (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), D(40), None),
        ],
    ),
    (
        "DEMO-TH-2023-01",
        ResultType.OUTCOME,
        IndicatorMeasure.PERCENTAGE,
        ("Cây trồng sống và phát triển", "Planted trees survive"),
        ("Tỷ lệ cây sống sau 12 tháng", "Survival rate after 12 months"),
        ("", ""),
        (D(62), 2022),
        True,
        [
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), D(80), D("83.5")),
            (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), D(85), D(81)),
        ],
    ),
    (
        "DEMO-TH-2022-01",
        ResultType.OUTPUT,
        IndicatorMeasure.UNIT,
        ("Học sinh được dùng nước sạch tại trường", "Pupils with clean water at school"),
        ("Số học sinh được dùng nước sạch", "Pupils using clean water"),
        ("học sinh", "pupils"),
        (D(0), 2022),
        True,
        [
            (datetime.date(2022, 9, 15), datetime.date(2023, 8, 31), D(1200), D(1150)),
            (datetime.date(2023, 9, 1), datetime.date(2024, 8, 31), D(2500), D(2730)),
            (datetime.date(2024, 9, 1), datetime.date(2025, 9, 30), D(3800), D(4125)),
        ],
    ),
    (
        "DEMO-TH-2024-01",
        ResultType.OUTCOME,
        IndicatorMeasure.UNIT,
        ("Thu nhập của hộ nghèo tham gia tăng", "Higher income for participating poor households"),
        ("Thu nhập bình quân mỗi hộ một năm", "Average yearly income per household"),
        ("đồng", "VND"),
        (D(48000000), 2023),
        True,
        [
            (datetime.date(2024, 2, 26), datetime.date(2025, 2, 25), D(55000000), D(57300000)),
            (datetime.date(2025, 2, 26), datetime.date(2026, 2, 25), D(62000000), D(60850000)),
        ],
    ),
    (
        "DEMO-TH-2024-01",
        ResultType.OUTPUT,
        IndicatorMeasure.UNIT,
        ("Vốn quay vòng được hoàn trả đúng hạn (nội bộ)", ""),
        ("Số hộ trả vốn quay vòng đúng hạn", ""),
        ("hộ", ""),
        (D(0), 2024),
        False,  # followed internally: not shown, not published
        [(datetime.date(2024, 2, 26), datetime.date(2025, 2, 25), D(120), D(112))],
    ),
]


def _monitoring() -> tuple[int, int]:
    """Monitoring visits with their follow-up actions and results with their periods, for the demo
    projects still at work (once: nothing when any of them has a visit or a result already)."""
    codes = {code for code, *_rest in VISITS} | {code for code, *_rest in RESULTS}
    items = {item.code: item for item in AidItem.objects.filter(code__in=codes)}
    if len(items) < len(codes):
        return 0, 0
    visits = results = 0
    today = timezone.localdate()
    if not MonitoringVisit.objects.filter(aid_item__in=items.values()).exists():
        for code, when, place, who, findings, actions in VISITS:
            day = when if isinstance(when, datetime.date) else today - datetime.timedelta(days=when)
            visit = MonitoringVisit(aid_item=items[code], date=day, visitors=who, place_text=place, findings=findings)
            monitoring_visit_save(
                visit=visit,
                actions=[
                    FollowUpAction(
                        text=text,
                        owner=owner,
                        due_date=day + datetime.timedelta(days=due),
                        closed_on=None if closed is None else day + datetime.timedelta(days=closed),
                    )
                    for text, owner, due, closed in actions
                ],
            )
            visits += 1
    if not Result.objects.filter(aid_item__in=items.values()).exists():
        for code, kind, measure, title, indicator, unit, baseline, public, periods in RESULTS:
            result_save(
                result=Result(
                    aid_item=items[code],
                    result_type=kind,
                    measure=measure,
                    title=title[0],
                    title_en=title[1],
                    indicator=indicator[0],
                    indicator_en=indicator[1],
                    unit=unit[0],
                    unit_en=unit[1],
                    baseline_value=baseline[0],
                    baseline_year=baseline[1],
                    is_public=public,
                ),
                periods=[
                    ResultPeriod(period_start=start, period_end=end, target=target, actual=actual)
                    for start, end, target, actual in periods
                ],
            )
            results += 1
    return visits, results
