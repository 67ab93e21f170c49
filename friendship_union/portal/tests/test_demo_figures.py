"""The demo reproduces the source article's figures, computed from the database."""

import datetime
import io

import pytest
from django.core.management import call_command

from friendship_union.aid.models import AidItem, Disbursement
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
    # As of 2015 (the article): more than 9.000 visits since 2006, 17 enterprises operating.
    assert HomelandVisit.objects.filter(date__year__range=(2006, 2015)).totals()["visitors"] > 9000
    assert Enterprise.objects.operating_on(datetime.date(2015, 12, 31)).count() == 17
    assert dict(Headcount.objects.values_list("year", "headcount")) == {2006: 5, 2010: 15}
    assert sorted(m.date.year for m in Milestone.objects.all()) == [2006, 2010]
    assert Event.objects.filter(code__in=["SK-2007-HNVT", "SK-HT-SQ", "SK-BD-CEFALT"]).count() == 3
    assert Publication.objects.get(title="Cà Mau với bầu bạn nước ngoài").copies == 1000
    assert Award.objects.filter(year=2014, title__contains="Cờ thi đua hạng Nhất").exists()
    before = (Delegation.objects.count(), HomelandVisit.objects.count(), Award.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Delegation.objects.count(), HomelandVisit.objects.count(), Award.objects.count()) == before


def test_the_story_goes_on_after_2015(demo):
    """Money is disbursed and matched (no zeros), enterprises stop and start after 2015, and the first
    half of 2025 has aid items at work that were committed earlier, with money disbursed then."""
    h1_2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    for start, end in ((datetime.date(2003, 1, 1), datetime.date(2015, 12, 31)), h1_2025):
        assert Disbursement.objects.made_in(start, end).total_usd() > 0
        assert AidItem.objects.committed_in(start, end).summary()["counterpart"] > 0
    closed = AidItem.objects.filter(code__startswith="DEMO-", status="4").exclude(committed_amount=None)
    assert not closed.filter(disbursements=None).exists()  # every finished item was disbursed
    earlier = AidItem.objects.filter(commitment_date__lt=h1_2025[0], planned_end__gte=h1_2025[0])
    at_work = earlier.filter(disbursements__date__range=h1_2025).distinct()
    assert at_work.count() >= 3
    assert Disbursement.objects.filter(date__gt=datetime.date.today()).count() == 0  # nothing invented ahead
    # An item at work with money disbursed is never an approval "not implemented after six months".
    assert not AidItem.objects.lapsing().filter(disbursements__isnull=False).exists()
    today = datetime.date.today()
    assert Enterprise.objects.operating_on(today).count() == 17 - 3 + 4
    assert Enterprise.objects.exclude(stopped_date=None).count() == 3
    assert Delegation.objects.filter(start_date__range=h1_2025).count() == 4
