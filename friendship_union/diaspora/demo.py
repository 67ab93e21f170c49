"""Demo overseas-Vietnamese records consistent with the source article: more than 9,000 homeland
visits since 2006 (10,050 visit records here, of one to five people) and 17 enterprises invested by
overseas Vietnamese. All names are fictional ("(minh họa)"). Idempotent."""

import datetime
import random
from decimal import Decimal

from friendship_union.reference.places import PlaceResolver
from friendship_union.reference.services import RateBook

from .models import Enterprise, EnterpriseStatus, HomelandVisit, OverseasAssociation, OverseasPerson
from .services import association_save, enterprise_save, overseas_person_save, visits_create

VISIT_RECORDS = 10_050
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
    for i in range(VISIT_RECORDS):
        year = 2006 + i % 16
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
    for i in range(17):
        day = datetime.date(2006 + i % 15, rng.randint(1, 12), rng.randint(1, 28))
        currency = rng.choice(["USD", "USD", "AUD", "EUR"])
        capital = Decimal(rng.randint(50, 2000) * 1000)
        enterprise = Enterprise(
            name=f"Công ty TNHH {rng.choice(SECTORS)} số {i + 1} (minh họa)",
            investors=f"Kiều bào {i + 1:02d} (minh họa)",
            sector=rng.choice(SECTORS),
            registered_capital=capital,
            currency_id=currency,
            registration_date=day,
            status=EnterpriseStatus.ACTIVE if i % 6 else EnterpriseStatus.SUSPENDED,
        )
        enterprise.place_text = rng.choice(["Tân Thành, Cà Mau", "Phường 5, TP Cà Mau", "Đông Thới, Cái Nước"])
        enterprise_save(enterprise=enterprise, book=book, resolver=resolver)
    if stdout is not None:
        stdout.write(f"Kiều bào minh họa: {len(visits)} lần về thăm, 17 doanh nghiệp.")
    return len(visits)
