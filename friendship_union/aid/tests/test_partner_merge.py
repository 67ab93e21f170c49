"""Merging two partners that are the same organization moves their aid items' funder rows (and every
other record pointing at the partner removed) to the partner kept."""

import pytest

from friendship_union.aid.models import AidItem, AidProvider
from friendship_union.core.tests.factories import UserFactory
from friendship_union.partners.models import Partner
from friendship_union.partners.services import partner_merge
from friendship_union.partners.tests.factories import make_certificate, make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_entry(client, reference_data):
    user = UserFactory(username="nhaplieu1", role="data_entry")
    client.force_login(user)
    client.user = user
    return client


def test_merge_moves_related_records_and_keeps_history(reference_data):
    user = UserFactory(username="quantri1", role="admin")
    keep = make_partner(code="A", name="Mekong Kids")
    other = make_partner(code="B", name="Mekong Kids Inc", website="https://example.org", acronym="MK")
    item = AidItem.objects.create(code="AID-1", form="project", title="Dự án")
    AidProvider.objects.create(aid_item=item, partner=other)
    make_certificate(other)
    moved = partner_merge(keep=keep, remove=other, user=user)
    assert moved == 2
    assert not Partner.objects.filter(code="B").exists()
    keep.refresh_from_db()
    assert keep.website == "https://example.org" and keep.acronym == "MK"
    assert item.providers.get().partner == keep
    assert keep.certificates.count() == 1
    assert "Gộp đối tác B" in keep.history.first().history_change_reason


def test_merge_admin_flow(data_entry):
    admin_user = UserFactory(username="quantri2", role="admin")
    data_entry.force_login(admin_user)
    a, b = make_partner(code="A", name="One"), make_partner(code="B", name="Two")
    response = data_entry.post(
        "/admin/partners/partner/", {"action": "merge_selected", "_selected_action": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    page = data_entry.get(response["Location"])
    assert "Gộp hai đối tác" in page.content.decode()
    done = data_entry.post(response["Location"], {"keep": str(b.pk)})
    assert done.status_code == 302
    assert list(Partner.objects.values_list("code", flat=True)) == ["B"]
