"""Every records changelist runs the same number of queries at 10 and at 1,000 rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.core.tests.factories import UserFactory
from friendship_union.diaspora.models import Donation, Enterprise, HomelandVisit, OverseasAssociation, OverseasPerson
from friendship_union.documents.models import LegalDocument, Publication
from friendship_union.events.models import Event
from friendship_union.organizations.models import Award, MemberAssociation, Person, Position

pytestmark = pytest.mark.django_db
DAY = datetime.date(2014, 5, 1)


def builders():
    person = Person.objects.create(name="Nguyễn Văn A")
    overseas = OverseasPerson.objects.create(name="Kiều bào A", country_id="US")
    return {
        "diaspora/homelandvisit": lambda i: HomelandVisit(
            date=DAY, visitors=1, person=overseas, country_id="US", import_key=f"k{i}"
        ),
        "diaspora/enterprise": lambda i: Enterprise(
            name=f"Công ty {i}", currency_id="USD", registered_capital=Decimal(1000)
        ),
        "diaspora/donation": lambda i: Donation(donor_person=overseas, date=DAY, in_kind="Quà", import_key=f"d{i}"),
        "diaspora/overseasperson": lambda i: OverseasPerson(
            name=f"Người {i}", country_id="AU", search_name=f"nguoi {i}"
        ),
        "diaspora/overseasassociation": lambda i: OverseasAssociation(
            name=f"Hội {i}", country_id="AU", search_name=f"hoi {i}"
        ),
        "events/event": lambda i: Event(code=f"E{i}", kind="workshop", title=f"Hội thảo {i}", start_date=DAY),
        "documents/legaldocument": lambda i: LegalDocument(
            number=f"{i}/QĐ", doc_type="decision", title="x", issuer="UBND", issue_date=DAY
        ),
        "documents/publication": lambda i: Publication(title=f"Ấn phẩm {i}", year=2014),
        "organizations/position": lambda i: Position(person=person, title=f"Chức vụ {i}", import_key=f"p{i}"),
        "organizations/award": lambda i: Award(
            recipient_kind="person", person=person, title="Bằng khen", issuer="UBND", year=2014, import_key=f"a{i}"
        ),
        "organizations/memberassociation": lambda i: MemberAssociation(
            name=f"Hội hữu nghị {i}", counterpart_country_id="JP"
        ),
    }


def test_changelists_do_not_grow(client, reference_data):
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    for path, build in builders().items():
        model = build(0).__class__
        model.objects.bulk_create([build(i) for i in range(10)])
        url = f"/admin/{path}/"
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200, url
        model.objects.bulk_create([build(i) for i in range(10, 1000)])
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200, url
        assert len(many.captured_queries) == len(few.captured_queries), path
