"""The history page of a record version is a form that writes the version back ("revert"): only a
role that may change the record may post it. Read-only roles see it and cannot write through it."""

import pytest
from django.contrib import admin

from friendship_union.core.admin_mixins import HistoryAdmin
from friendship_union.core.models import OfficeUnit

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_admin_with_a_history_page_guards_its_revert_form():
    unguarded = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if hasattr(model_admin, "history_form_view") and not isinstance(model_admin, HistoryAdmin)
    ]
    assert unguarded == []


def _unit_with_two_versions() -> tuple[OfficeUnit, int]:
    unit = OfficeUnit(name="Văn phòng", duties="Hành chính", is_public=False, order=1)
    unit.save()
    first_version = unit.history.earliest().history_id
    unit.is_public = True
    unit.duties = "Hành chính, tổng hợp"
    unit.save()
    return unit, first_version


def _revert_post(unit: OfficeUnit) -> dict:
    """The history form's fields as the page would send them (the old version's values)."""
    return {
        "name": unit.name,
        "name_en": "",
        "duties": "Hành chính",
        "duties_en": "",
        "phone": "",
        "email": "",
        "order": "1",
        "is_public": "",
    }


@pytest.mark.parametrize("role", ["leadership", "data_entry"])
def test_a_read_only_role_cannot_write_a_version_back(client, role):
    unit, version = _unit_with_two_versions()
    user = UserFactory(role=role)
    client.force_login(user)
    url = f"/admin/core/officeunit/{unit.pk}/history/{version}/"
    page = client.get(url)
    assert page.status_code == 200  # reading the old version is allowed
    assert b'name="_save"' not in page.content  # and there is no button to write it back
    assert client.post(url, _revert_post(unit)).status_code == 403
    unit.refresh_from_db()
    assert unit.is_public and unit.duties == "Hành chính, tổng hợp"
    assert unit.history.count() == 2


def test_a_role_that_may_change_the_record_can_revert_it(client):
    unit, version = _unit_with_two_versions()
    client.force_login(UserFactory(role="editor"))
    response = client.post(f"/admin/core/officeunit/{unit.pk}/history/{version}/", _revert_post(unit))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert not unit.is_public and unit.duties == "Hành chính"
