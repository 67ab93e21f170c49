"""The dashboard reads homeland visits from the monthly totals PostgreSQL keeps (diaspora 0003) and
its figures equal the visits themselves."""

import datetime

import pytest

from friendship_union.dashboard import services
from friendship_union.diaspora.models import HomelandVisit

pytestmark = pytest.mark.django_db


def visit(day: str, visitors: int, **fields) -> HomelandVisit:
    return HomelandVisit(date=datetime.date.fromisoformat(day), visitors=visitors, group_description="Đoàn", **fields)


def test_dashboard_reads_the_totals_and_matches_the_visits(reference_data):
    HomelandVisit.objects.bulk_create(
        [visit(f"{2010 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}", 1 + i % 4) for i in range(300)]
    )
    period = services.Period(2011, 2014, "2011–2014")
    direct = HomelandVisit.objects.between(2011, 2014).totals()
    assert services.headline(period)["diaspora_visits"] == direct["visitors"] > 0
    trend = services.trends(period)
    assert sum(trend["visitors"]) == direct["visitors"]
    assert trend["visitors"][0] == HomelandVisit.objects.between(2011, 2011).totals()["visitors"]
