"""A member association's admin page lists what other apps record of it — its events, the
delegations it hosted or sent, the aid items that followed them — in a fixed number of queries;
the weekly digest counts incoming foreign delegations without an entry notice; the demo fills the
delegations as the law records them."""

import datetime

import pytest

from friendship_union.aid.models import AidItem
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.delegations.models import Delegation
from friendship_union.delegations.services import delegation_save
from friendship_union.events.models import Event
from friendship_union.events.services import event_save
from friendship_union.organizations.models import MemberAssociation
from friendship_union.reminders.services import digest_figures

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 3, 11)


@pytest.fixture
def association(reference_data):
    make_identity()
    return MemberAssociation.objects.create(name="Hội hữu nghị Việt – Nhật", counterpart_country_id="JP")


def save(code, **extra) -> Delegation:
    values = {"code": code, "direction": "in", "title": "Đoàn khảo sát", "start_date": DAY, "participants": 3}
    values.update(extra)
    return delegation_save(delegation=Delegation(**values), countries=["JP"])


def test_digest_counts_incoming_foreign_delegations_without_entry_notice(client, association):
    save("DV-JP")
    save("DV-OK", entry_notice_number="1/TB", entry_notice_date=DAY)
    figures = {name: (qs, link) for name, _label, qs, link in digest_figures(DAY)}
    queryset, link = figures["delegations_missing_entry_notice"]
    assert list(queryset.values_list("code", flat=True)) == ["DV-JP"]
    client.force_login(UserFactory(username="nhaplieu-digest", role="data_entry"))
    html = client.get(link).content.decode()
    assert "DV-JP" in html and "DV-OK" not in html


def test_association_page_lists_its_events_delegations_and_aid_items(
    client, django_assert_max_num_queries, association
):
    client.force_login(UserFactory(username="lanhdao-hoi", role="leadership"))
    url = f"/admin/organizations/memberassociation/{association.pk}/change/"

    def grow(n: int, start: int = 0):
        for i in range(start, start + n):
            delegation = save(f"DV-H{i}", host_association=association)
            item = AidItem.objects.create(code=f"VT-H{i}", title=f"Khoản viện trợ {i}", form="non_project")
            delegation.follow_ups.add(item)
            event_save(event=Event(code=f"SK-H{i}", kind="exchange", title=f"Giao lưu {i}", start_date=DAY))
            Event.objects.get(code=f"SK-H{i}").associations.add(association)

    grow(2)
    save("DV-OTHER")  # not the association's
    with django_assert_max_num_queries(60) as few:
        html = client.get(url).content.decode()
    for text in ("DV-H1 – Đoàn khảo sát", "VT-H1 – Khoản viện trợ 1", "SK-H1 – Giao lưu 1"):
        assert text in html, text
    assert "DV-OTHER" not in html
    delegation = Delegation.objects.get(code="DV-H1")
    assert f'href="/admin/delegations/delegation/{delegation.pk}/change/"' in html
    assert f"?host_association__id__exact={association.pk}" in html
    grow(8, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "DV-H9" in html and "VT-H9" in html and "SK-H9" in html


def test_demo_delegations_are_recorded_and_one_lacks_its_entry_notice(demo):
    demo_ones = Delegation.objects.filter(code__startswith="DEMO-D")
    assert not demo_ones.filter(decision_number="").exists()
    assert list(demo_ones.missing_entry_notice().values_list("code", flat=True)) == ["DEMO-DV-2025-02"]
    assert demo_ones.filter(host_association__isnull=False).exists()
    assert Event.objects.filter(code="DEMO-SK-GL-VN", associations__isnull=False).exists()
