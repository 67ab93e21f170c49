"""The dashboard's certificate-coverage alert (AidItemQuerySet.outside_certificate_coverage), kept
in the cache until a record it reads changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.aid.tests.test_certificate_coverage import certificate, item, legacy, ngo
from friendship_union.core.tests.factories import UserFactory
from friendship_union.delegations.models import Delegation, Direction
from friendship_union.delegations.services import delegation_save
from friendship_union.partners.services import certificate_save

pytestmark = pytest.mark.django_db
day = datetime.date


def test_the_dashboard_keeps_the_coverage_alert_until_an_aid_partner_or_reference_record_changes(
    reference_data, client
):
    """The check reads every item against its NGOs' certificates (the dashboard's costliest query):
    a delegation saved leaves its answer true and it is not run again; an aid item, a certificate or
    a unit saved is seen at the next view."""
    partner = ngo("NGO-DASH")
    cert = certificate(partner, day(2020, 1, 1), day(2022, 12, 31), [legacy("ca mau")], ["Giáo dục"])
    item("DASH-CM", partner, day(2021, 1, 1), day(2021, 12, 31))
    client.force_login(UserFactory(username="lanhdao-dash", role="leadership"))
    link = "/admin/aid/aiditem/?chat_luong=ngoai_pham_vi_giay_dang_ky"

    def view() -> tuple[str, bool]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/bang-dieu-khien/").content.decode()
        checked = any(
            "partners_registrationcertificate_permitted_provinces" in q["sql"] for q in queries.captured_queries
        )
        return page, checked

    count = '<a href="' + link + '">Ngoài phạm vi giấy đăng ký: %d</a>'
    page, checked = view()
    assert checked and count % 0 in page
    delegation_save(
        delegation=Delegation(
            code="DASH-DV", direction=Direction.OUTGOING, title="Đoàn ra", start_date=day(2021, 3, 1), participants=3
        )
    )
    page, checked = view()
    assert not checked and count % 0 in page  # the dashboard's other figures were computed again, not this one
    assert "DASH-DV" in Delegation.objects.values_list("code", flat=True)

    item("DASH-HN", partner, day(2021, 1, 1), day(2021, 12, 31), place="Tràng Tiền, Hoàn Kiếm, Hà Nội")
    page, checked = view()
    assert checked and count % 1 in page and "DASH-HN</a>" in page

    # The certificate now permits Hà Nội too (a partners record): covered at the next view.
    certificate_save(certificate=cert, provinces=[legacy("ca mau"), legacy("ha noi")], sectors=None)
    page, checked = view()
    assert checked and count % 0 in page
