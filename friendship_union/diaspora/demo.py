"""Demo overseas-Vietnamese records telling the source article's story as of 2015: more than 9,000
homeland visits from 2006 to 2015 (7,400 visit records of one to five people then; 5,600 more in
2016–2025, fewer in the pandemic years) and 17 enterprises invested by overseas Vietnamese operating
at the end of 2015 — three of which stopped later (suspended or dissolved, with the day), while four
more were registered after 2015. A few donations, the latest in 2024 and 2025. All names are fictional
("(minh họa)"). Idempotent."""

import datetime
import random
from decimal import Decimal

from friendship_union.reference.places import PlaceResolver
from friendship_union.reference.services import RateBook

from .models import Donation, Enterprise, EnterpriseStatus, HomelandVisit, OverseasAssociation, OverseasPerson
from .services import association_save, donation_save, enterprise_save, overseas_person_save, visits_create

VISIT_RECORDS = 13_000
VISITS_BY_2015 = 7_400  # records dated 2006–2015: > 9,000 people (the article); the rest 2016–2025
LATER_YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]
LATER_WEIGHTS = [12, 12, 12, 12, 3, 3, 10, 11, 12, 13]  # 2020–2021: the pandemic
# Enterprises that stopped after 2015 (index among the 17: status, day) and those registered later.
STOPPED_LATER = {
    0: (EnterpriseStatus.SUSPENDED, datetime.date(2019, 6, 30)),
    6: (EnterpriseStatus.DISSOLVED, datetime.date(2021, 3, 15)),
    12: (EnterpriseStatus.SUSPENDED, datetime.date(2023, 9, 1)),
}
REGISTERED_LATER = [
    datetime.date(2017, 8, 9),
    datetime.date(2019, 11, 20),
    datetime.date(2022, 4, 6),
    datetime.date(2024, 10, 14),
]
DONATIONS = [  # day, amount, currency, in kind, purpose
    (datetime.date(2008, 1, 25), Decimal("5000"), "USD", "", "Quà Tết cho hộ nghèo"),
    (datetime.date(2011, 10, 12), Decimal("3000"), "AUD", "", "Học bổng cho học sinh nghèo"),
    (datetime.date(2013, 5, 6), None, "", "200 bộ sách giáo khoa", "Tủ sách trường học"),
    (datetime.date(2015, 11, 18), Decimal("8000"), "USD", "", "Xây nhà tình thương"),
    (datetime.date(2019, 2, 1), Decimal("4000"), "EUR", "", "Quà Tết cho hộ nghèo"),
    (datetime.date(2024, 1, 30), Decimal("6000"), "USD", "", "Quà Tết cho hộ nghèo"),
    (datetime.date(2024, 9, 12), None, "", "Thuốc và dụng cụ y tế", "Trạm y tế xã"),
    (datetime.date(2025, 1, 20), Decimal("7000"), "USD", "", "Quà Tết cho hộ nghèo"),
    (datetime.date(2025, 5, 28), Decimal("2500"), "AUD", "", "Học bổng cho học sinh nghèo"),
]
COUNTRIES = ["US", "US", "US", "AU", "AU", "FR", "CA", "DE", "JP", "KR", "GB"]
PURPOSES = ["Thăm thân nhân", "Thăm quê, dự lễ Tết", "Tìm hiểu đầu tư", "Làm từ thiện", "Du lịch"]
SECTORS = [
    "Chế biến thủy sản",
    "Du lịch sinh thái",
    "Thương mại",
    "Nuôi tôm công nghệ cao",
    "Giáo dục",
    "Y tế tư nhân",
]


def load(stdout=None) -> int:
    if HomelandVisit.objects.exists():
        if stdout is not None:
            stdout.write("Kiều bào minh họa: đã có, giữ nguyên.")
        return 0
    rng = random.Random(9000)
    people = []
    for i in range(40):
        person = OverseasPerson(
            name=f"Kiều bào {i + 1:02d} (minh họa)",
            country_id=rng.choice(COUNTRIES),
            occupation=rng.choice(["Kỹ sư", "Doanh nhân", "Bác sĩ", "Giáo viên"]),
        )
        people.append(overseas_person_save(person=person))
    associations = []
    for i, country in enumerate(["US", "AU", "FR"], start=1):
        association = OverseasAssociation(name=f"Hội đồng hương Cà Mau số {i} (minh họa)", country_id=country)
        associations.append(association_save(association=association))
    visits = []
    later = random.Random(2016)  # the years after 2015 from their own generator
    for i in range(VISIT_RECORDS):
        year = 2006 + i % 10 if i < VISITS_BY_2015 else later.choices(LATER_YEARS, LATER_WEIGHTS)[0]
        who = rng.random()
        visit = HomelandVisit(
            date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            visitors=1 if rng.random() < 0.9 else rng.randint(2, 5),
            purpose=rng.choice(PURPOSES),
            import_key=f"demo-{i:05d}",
        )
        if who < 0.05:
            visit.person = rng.choice(people)
            visit.country_id = visit.person.country_id
        elif who < 0.08:
            visit.association = rng.choice(associations)
            visit.country_id = visit.association.country_id
        else:
            visit.group_description = "Kiều bào về thăm quê (minh họa)"
            visit.country_id = rng.choice(COUNTRIES)
        visits.append(visit)
    visits_create(visits)
    book, resolver = RateBook(), PlaceResolver()
    for i in range(17 + len(REGISTERED_LATER)):
        day = (
            datetime.date(2006 + i % 10, rng.randint(1, 12), rng.randint(1, 28)) if i < 17 else REGISTERED_LATER[i - 17]
        )
        currency = rng.choice(["USD", "USD", "AUD", "EUR"])
        capital = Decimal(rng.randint(50, 2000) * 1000)
        status, stopped = STOPPED_LATER.get(i, (EnterpriseStatus.ACTIVE, None))
        enterprise = Enterprise(
            name=f"Công ty TNHH {rng.choice(SECTORS)} số {i + 1} (minh họa)",
            investors=f"Kiều bào {i + 1:02d} (minh họa)",
            sector=rng.choice(SECTORS),
            registered_capital=capital,
            currency_id=currency,
            registration_date=day,
            status=status,
            stopped_date=stopped,
        )
        enterprise.place_text = rng.choice(["Tân Thành, Cà Mau", "Phường 5, TP Cà Mau", "Đông Thới, Cái Nước"])
        enterprise_save(enterprise=enterprise, book=book, resolver=resolver)
    for n, (day, amount, currency, in_kind, purpose) in enumerate(DONATIONS, start=1):
        donation = Donation(
            date=day,
            amount=amount,
            currency_id=currency or None,
            in_kind=in_kind,
            purpose=f"{purpose} (minh họa)",
            import_key=f"demo-tang-{n:02d}",
        )
        if n % 3 == 0:
            donation.donor_association = associations[n % len(associations)]
        else:
            donation.donor_person = people[n % len(people)]
        donation_save(donation=donation)
    if stdout is not None:
        stdout.write(
            f"Kiều bào minh họa: {len(visits)} lần về thăm, {17 + len(REGISTERED_LATER)} doanh nghiệp, "
            f"{len(DONATIONS)} lần quyên góp."
        )
    return len(visits)
