"""IATI 2.03 export, validated against the official XSDs (fixtures/iati-2.03, CC BY 4.0) and the
rules the XSD does not check."""

import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from friendship_union.aid import iati_rules
from friendship_union.aid.models import AidItem, AidSector, Disbursement
from friendship_union.aid.resources import AidItemResource
from friendship_union.core.identifiers import UNION_PREFIXES

from .test_aid import GOOD_ROW, partners, rates, run  # noqa: F401

pytestmark = pytest.mark.django_db
SCHEMAS = Path(settings.BASE_DIR) / "fixtures" / "iati-2.03"


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def published(partners):  # noqa: F811
    from friendship_union.core.models import SiteIdentity

    identity = SiteIdentity.current()
    identity.iati_org_identifier = "VN-COA-1234567"
    identity.save()
    second = list(GOOD_ROW)
    second[0], second[6] = "VT-2013-02", "11220:50; 121:50"  # mixed vocabularies
    internal = list(GOOD_ROW)
    internal[0], internal[19] = "VT-NOI-BO", "Không"
    result = run(AidItemResource(), [GOOD_ROW, tuple(second), tuple(internal)])
    assert not result.has_validation_errors()
    item = AidItem.objects.get(code="VT-2013-01")
    Disbursement.objects.create(
        aid_item=item, date=datetime.date(2013, 7, 1), amount=Decimal("5000"), currency_id="AUD"
    )


def test_activities_file_is_valid_iati_203(client, published):
    response = client.get("/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(body(response))
    validator = schema("iati-activities-schema.xsd")
    assert validator.validate(document), validator.error_log
    identifiers = document.xpath("//iati-identifier/text()")
    assert identifiers == ["VN-COA-1234567-VT-2013-01", "VN-COA-1234567-VT-2013-02"]  # internal item absent
    assert document.xpath("//reporting-org/@ref") == ["VN-COA-1234567", "VN-COA-1234567"]


def test_rules_the_xsd_does_not_check(client, published):
    document = etree.fromstring(body(client.get("/iati/activities.xml")))
    for activity in document.xpath("//iati-activity"):
        countries = activity.xpath("recipient-country")
        assert [c.get("code") for c in countries] == ["VN"] and countries[0].get("percentage") == "100"
        assert not activity.xpath("transaction/recipient-country")  # never both
        totals = defaultdict(Decimal)
        for sector in activity.xpath("sector"):
            totals[sector.get("vocabulary")] += Decimal(sector.get("percentage"))
        assert set(totals.values()) == {Decimal(100)}
    mixed = document.xpath("//iati-activity[iati-identifier='VN-COA-1234567-VT-2013-02']/sector")
    assert [(s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in mixed] == [
        ("2", "112", "50.00"),
        ("2", "121", "50.00"),
    ]


def test_activity_content(client, published):
    document = etree.fromstring(body(client.get("/iati/activities.xml")))
    activity = document.xpath("//iati-activity[iati-identifier='VN-COA-1234567-VT-2013-01']")[0]
    assert activity.xpath("title/narrative/text()")[0] == "Xây phòng học Đông Thới"
    assert activity.xpath("participating-org[@role='1']/narrative/text()") == ["Loreto Kids Charity"]
    assert activity.xpath("participating-org[@role='4']/narrative/text()")[0] == "Green Roots Aid"
    assert activity.xpath("activity-status/@code") == ["2"]
    assert activity.xpath("transaction[transaction-type/@code='2']/value/text()") == ["29000.50"]
    assert activity.xpath("transaction[transaction-type/@code='3']/value/@currency") == ["AUD"]
    assert len(activity.xpath("location/point/pos")) == 2


def test_organisation_file_is_valid(client, published):
    response = client.get("/iati/organisation.xml")
    document = etree.fromstring(response.content)
    validator = schema("iati-organisations-schema.xsd")
    assert validator.validate(document), validator.error_log
    assert document.xpath("//organisation-identifier/text()") == ["VN-COA-1234567"]
    findings = iati_rules.check(document, id_sets={"ORG-ID-PREFIX": UNION_PREFIXES})
    assert findings == []  # the IATI Standard's rules for organisation files: no error, no warning


def test_no_published_items_is_a_plain_404(client, rates):  # noqa: F811
    from friendship_union.core.models import SiteIdentity

    SiteIdentity.objects.update(iati_org_identifier="VN-COA-1234567")
    response = client.get("/iati/activities.xml")
    assert response.status_code == 404
    assert "Chưa có khoản viện trợ nào được công khai" in response.content.decode()


def test_export_query_count_does_not_grow(client, published, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        body(client.get("/iati/activities.xml"))
    for i in range(30):
        item = AidItem.objects.create(
            code=f"X-{i}",
            form="project",
            title=f"Dự án {i}",
            is_public=True,
            planned_start=datetime.date(2020, 1, 1),
            aid_owner="UBND xã",
        )
        AidSector.objects.create(aid_item=item, sector_id="11220")
    with CaptureQueriesContext(connection) as many:
        document = etree.fromstring(body(client.get("/iati/activities.xml")))
    assert len(document) == 32
    assert len(many.captured_queries) == len(few.captured_queries)
