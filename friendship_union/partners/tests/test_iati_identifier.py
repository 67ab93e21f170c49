"""A partner's IATI organisation identifier, when known, is checked (org-id.guide format) and
becomes participating-org/@ref in the IATI file."""

import pytest
from django.core.exceptions import ValidationError

from friendship_union.partners.models import Partner
from friendship_union.partners.resources import PartnerResource
from friendship_union.partners.tests.factories import make_partner

from .test_partners import PARTNER_HEADERS, errors_of, run

pytestmark = pytest.mark.django_db


def test_import_refuses_a_malformed_identifier_and_writes_nothing(reference_data):
    headers = [*PARTNER_HEADERS, "Mã IATI"]
    rows = [
        ("OK-1", "Fine Fund", "", "", "Quỹ", "Anh", "", "", "", "", "2010", "Có", "GB-CHC-1234567"),
        ("BAD-1", "Loose Fund", "", "", "Quỹ", "Anh", "", "", "", "", "2010", "Có", "GB CHC 123"),
    ]
    result = run(PartnerResource(), headers, rows)
    text = "\n".join(errors_of(result))
    assert (
        "Dòng 3, cột “Mã IATI”: “GB CHC 123” — Mã tổ chức IATI có dạng QUỐC GIA-CƠ QUAN ĐĂNG KÝ-SỐ theo org-id.guide"
        in text
    )
    assert not Partner.objects.exists()
    result = run(PartnerResource(), headers, rows[:1])
    assert not result.has_validation_errors(), errors_of(result)
    assert Partner.objects.get(code="OK-1").iati_identifier == "GB-CHC-1234567"


@pytest.mark.parametrize("value", ["GB-CHC-1234567", "XM-DAC-41122", "AU-ABN-12345678901", "US-EIN-12-3456789"])
def test_wellformed_identifiers_are_accepted(reference_data, value):
    make_partner(iati_identifier=value).full_clean()


@pytest.mark.parametrize("value", ["41122", "GB-CHC-12/34", "gb-chc-1", "GB-CHC-1 2", "GB--1"])
def test_malformed_identifiers_are_refused(reference_data, value):
    with pytest.raises(ValidationError) as refused:
        Partner(code="P-1", name="P", partner_type="ingo", iati_identifier=value).full_clean()
    assert "iati_identifier" in refused.value.message_dict
