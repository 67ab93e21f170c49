"""The Union's IATI organisation identifier needs a registered prefix (VN-COA-, VN-TIN-)."""

import pytest

from friendship_union.core.models import SiteIdentity
from friendship_union.core.tests.factories import make_identity

from .test_identity import CHANGE_URL, admin_client_role, form_data  # noqa: F401

pytestmark = pytest.mark.django_db


def test_identifier_without_a_registered_prefix_is_refused(admin_client_role):  # noqa: F811
    identity = make_identity()
    for value in ["VN-UNION-1", "VN-COA-12345", "VN-TIN-123", "vn-coa-1234567", "GB-CHC-1234567"]:
        response = admin_client_role.post(CHANGE_URL, form_data(identity, province="Sai", iati_org_identifier=value))
        assert response.status_code == 200, value
        page = response.content.decode()
        assert "Mã tổ chức IATI của đơn vị phải có tiền tố đã đăng ký: VN-COA- và mã số đơn vị có quan hệ" in page
        assert SiteIdentity.current().province == "Cà Mau"  # nothing saved


def test_registered_identifiers_are_accepted(admin_client_role):  # noqa: F811
    identity = make_identity()
    for value in ["VN-COA-1234567", "VN-TIN-2000123456", "VN-TIN-2000123456-001"]:
        response = admin_client_role.post(CHANGE_URL, form_data(identity, iati_org_identifier=value))
        assert response.status_code == 302, response.content.decode()[:1000]
        assert SiteIdentity.current().iati_org_identifier == value
        identity = SiteIdentity.current()
