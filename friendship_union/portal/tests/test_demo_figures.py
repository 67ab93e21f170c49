"""The demo reproduces the source article's figures, computed from the database."""

import io

import pytest
from django.core.management import call_command

from friendship_union.delegations.models import Delegation
from friendship_union.diaspora.models import Enterprise, HomelandVisit
from friendship_union.documents.models import Publication
from friendship_union.events.models import Event
from friendship_union.organizations.models import Award, Headcount, Milestone

pytestmark = pytest.mark.django_db


def test_source_figures(demo):
    totals = Delegation.objects.between(2003, 2015).totals_by_direction()
    assert totals["out"]["delegations"] == 137 and totals["out"]["participants"] > 400
    assert totals["in"] == {"delegations": 107, "participants": 507}
    assert Delegation.objects.get(leader_name="Nakajima Satoshi").places.get().place_recorded.name == "Xã Đất Mũi"
    assert HomelandVisit.objects.filter(date__year__gte=2006).totals()["visitors"] > 9000
    assert Enterprise.objects.count() == 17
    assert dict(Headcount.objects.values_list("year", "headcount")) == {2006: 5, 2010: 15}
    assert sorted(m.date.year for m in Milestone.objects.all()) == [2006, 2010]
    assert Event.objects.filter(code__in=["SK-2007-HNVT", "SK-HT-SQ", "SK-BD-CEFALT"]).count() == 3
    assert Publication.objects.get(title="Cà Mau với bầu bạn nước ngoài").copies == 1000
    assert Award.objects.filter(year=2014, title__contains="Cờ thi đua hạng Nhất").exists()
    before = (Delegation.objects.count(), HomelandVisit.objects.count(), Award.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Delegation.objects.count(), HomelandVisit.objects.count(), Award.objects.count()) == before
