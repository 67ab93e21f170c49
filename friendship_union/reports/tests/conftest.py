"""A small province for the report's tests: every kind of record the pack counts, some in the first
half of 2025, some before, some after, written through the record apps' services."""

import datetime
from decimal import Decimal

import pytest

from friendship_union.aid.models import AidItem, Disbursement
from friendship_union.aid.services import aid_item_save, disbursement_save
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import Donation, Enterprise, HomelandVisit
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner, RegistrationCertificate
from friendship_union.reference.models import AdministrativeUnit, ExchangeRate, RegistrationSector
from friendship_union.reports.models import (
    AnnualPlan,
    AnnualTarget,
    Half,
    Indicator,
    PeriodKind,
    PromotionProgram,
    Report,
)
from friendship_union.reports.services import annual_plan_save, annual_target_save, program_save, report_save

D = Decimal
day = datetime.date


def _item(code, *, funders=(), **fields):
    item = AidItem(code=code, title=f"Khoản {code}", form=fields.pop("form", "project"), **fields)
    return aid_item_save(item=item, providers=[(p, "1") for p in funders])


def _disburse(item, date, amount, currency="USD"):
    return disbursement_save(
        disbursement=Disbursement(aid_item=item, date=date, amount=D(amount), currency_id=currency)
    )


@pytest.fixture
def province(reference_data):
    make_identity()
    for code, rate in [("USD", "25000"), ("EUR", "27500")]:
        ExchangeRate.objects.create(currency_id=code, date=day(2015, 1, 1), rate=D(rate))
    france = "FR"
    p1 = Partner.objects.create(code="P1", name="Alpha Aid", partner_type="ingo", country_id=france)
    p2 = Partner.objects.create(code="P2", name="Beta Fund", partner_type="foundation", country_id="DE")
    p3 = Partner.objects.create(code="P3", name="Gamma Care", partner_type="ingo", country_id="AU")
    certificate = RegistrationCertificate.objects.create(
        partner=p3,
        certificate_type="operation",
        number="123/GĐK-BNG",
        issue_date=day(2024, 1, 10),
        expiry_date=day(2027, 1, 9),
    )
    certificate.permitted_provinces.add(AdministrativeUnit.objects.filter(level=1).first())
    certificate.permitted_sectors.add(
        RegistrationSector.objects.first() or RegistrationSector.objects.create(name="Giáo dục", sector_id="11220")
    )
    running = {"status": "2", "commitment_date": day(2022, 3, 1), "committed_amount": D(100000), "currency_id": "USD"}
    a = _item(
        "A",
        funders=[p1, p2],
        planned_start=day(2022, 4, 1),
        planned_end=day(2026, 12, 31),
        counterpart_amount=D(500_000_000),
        beneficiaries=1200,
        approval_number="15/QĐ-UBND",
        approval_date=day(2022, 2, 1),
        approval_authority="UBND tỉnh",
        **running,
    )
    b = _item(
        "B",
        funders=[p2],
        status="2",
        commitment_date=day(2025, 2, 10),
        committed_amount=D(40000),
        currency_id="EUR",
        beneficiaries=300,
    )
    _item(
        "C",
        funders=[p1],
        status="4",
        commitment_date=day(2019, 1, 5),
        planned_start=day(2019, 2, 1),
        planned_end=day(2020, 12, 31),
        committed_amount=D(5000),
        currency_id="USD",
    )
    d = _item(
        "D",
        status="4",
        commitment_date=day(2018, 1, 5),
        planned_end=day(2019, 12, 31),
        committed_amount=D(8000),
        currency_id="USD",
    )
    _item("E", status="1", planned_start=day(2025, 1, 1), planned_end=day(2025, 12, 31))
    f = _item(
        "F",
        form="program",
        funders=[p1],
        status="2",
        commitment_date=day(2024, 5, 1),
        committed_amount=D(60000),
        currency_id="USD",
        actual_start=day(2024, 6, 1),
    )
    _item(
        "G",
        program=f,
        status="2",
        commitment_date=day(2024, 6, 1),
        committed_amount=D(20000),
        currency_id="USD",
        actual_start=day(2024, 6, 1),
    )
    _disburse(a, day(2024, 6, 1), 20000)
    _disburse(a, day(2025, 3, 15), 30000)
    _disburse(b, day(2025, 5, 1), 10000, "EUR")
    _disburse(d, day(2025, 5, 5), 5000)
    Delegation.objects.create(
        code="DR-1", direction="out", title="Đoàn đi Pháp", start_date=day(2025, 2, 1), participants=3
    )
    Delegation.objects.create(
        code="DV-1", direction="in", title="Đoàn Alpha Aid", start_date=day(2025, 4, 1), participants=10
    )
    Delegation.objects.create(
        code="DV-0", direction="in", title="Đoàn năm trước", start_date=day(2024, 3, 1), participants=4
    )
    Event.objects.create(code="SK-1", kind="workshop", title="Hội thảo", start_date=day(2025, 3, 1))
    for date, people in [(day(2025, 1, 10), 5), (day(2025, 6, 30), 2), (day(2025, 7, 1), 9)]:
        HomelandVisit.objects.create(date=date, visitors=people, group_description="Nhóm kiều bào")
    Enterprise.objects.create(name="Công ty Kiều Bào", registration_date=day(2025, 2, 2), registered_capital=D(1000))
    Donation.objects.create(donor_name="Hội kiều bào Úc", date=day(2025, 3, 3), amount=D(1000), currency_id="USD")
    Donation.objects.create(donor_name="Nhóm kiều bào Pháp", date=day(2025, 4, 4), in_kind="Sách vở")
    plan = annual_plan_save(plan=AnnualPlan(year=2025))
    annual_target_save(target=AnnualTarget(plan=plan, indicator=Indicator.DELEGATIONS_IN, target=D(4)))
    annual_target_save(target=AnnualTarget(plan=plan, indicator=Indicator.COMMITTED_VND, target=D(2_200_000_000)))
    program_save(
        program=PromotionProgram(name="Chương trình vận động 2024–2025", first_year=2024, last_year=2025),
        aid_items=[b, f],
    )
    return {"a": a, "b": b, "d": d, "partners": (p1, p2, p3)}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def report(province, media_root):
    return report_save(
        report=Report(
            kind=PeriodKind.HALF_YEAR,
            year=2025,
            half=Half.FIRST,
            recipients="Ủy ban nhân dân tỉnh Cà Mau",
            signer_authority="KT. CHỦ TỊCH",
            signer_title="PHÓ CHỦ TỊCH",
            signer_name="Nguyễn Văn Ký",
            assessment="Đoạn đánh giá thứ nhất.\nĐoạn đánh giá thứ hai.",
            difficulties="Khó khăn về vốn đối ứng.",
            proposals="Đề nghị bố trí vốn đối ứng.",
        )
    )


@pytest.fixture
def leader(db):
    return UserFactory(username="lanhdao-bc", role="leadership")


@pytest.fixture
def data_entry(db):
    return UserFactory(username="nhaplieu-bc", role="data_entry")
