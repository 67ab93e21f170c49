"""The monthly visit totals the dashboard reads stay equal to the visits, whatever path wrote them."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from friendship_union.core.tests.importing import assert_clean, run_import
from friendship_union.diaspora.models import HomelandVisit, VisitMonthTotal
from friendship_union.diaspora.resources import VisitResource

pytestmark = pytest.mark.django_db


def from_visits() -> dict:
    rows = HomelandVisit.objects.annotate(m=TruncMonth("date")).values("m").annotate(n=Count("pk"), v=Sum("visitors"))
    return {row["m"]: (row["n"], row["v"]) for row in rows.order_by()}


def from_totals() -> dict:
    return {t.month: (t.records, t.visitors) for t in VisitMonthTotal.objects.exclude(records=0)}


def visit(day: str, visitors: int, **fields) -> HomelandVisit:
    return HomelandVisit(date=datetime.date.fromisoformat(day), visitors=visitors, group_description="Đoàn", **fields)


def test_totals_follow_every_write_path(reference_data):
    assert VisitMonthTotal.maintained()
    one = visit("2012-02-05", 3)
    one.save()  # the admin's path
    HomelandVisit.objects.bulk_create([visit("2012-02-20", 2), visit("2013-07-01", 5), visit("2013-07-31", 1)])
    assert (
        from_totals()
        == from_visits()
        == {
            datetime.date(2012, 2, 1): (2, 5),
            datetime.date(2013, 7, 1): (2, 6),
        }
    )
    one.date, one.visitors = datetime.date(2013, 7, 15), 10  # moved to another month, more people
    one.save()
    assert from_totals() == from_visits()
    assert from_totals()[datetime.date(2013, 7, 1)] == (3, 16)
    HomelandVisit.objects.filter(date__year=2013).update(visitors=1)
    assert from_totals() == from_visits()
    HomelandVisit.objects.filter(date__month=2).delete()
    one.delete()
    assert from_totals() == from_visits() == {datetime.date(2013, 7, 1): (2, 2)}
    with connection.cursor() as cursor:  # even a write that bypasses Django
        cursor.execute(
            "INSERT INTO diaspora_homelandvisit (date, visitors, group_description, purpose, created_at, updated_at) "
            "VALUES ('2014-01-09', 7, 'Nhóm', '', now(), now())"
        )
    assert from_totals() == from_visits()
    assert_clean(run_import(VisitResource(), ["Ngày", "Số lượt", "Người/Hội"], [("05/02/2011", 4, "Gia đình họ Trần")]))
    assert from_totals() == from_visits()
    assert from_totals()[datetime.date(2011, 2, 1)] == (1, 4)


def test_totals_can_be_rebuilt_after_a_restore(reference_data):
    """loaddata inserts the stored totals, then the visits, whose triggers add them again."""
    from io import StringIO

    from django.core.management import call_command

    HomelandVisit.objects.bulk_create([visit("2015-03-01", 2), visit("2015-04-01", 3)])
    VisitMonthTotal.objects.update(records=99, visitors=999)  # drifted, as after such a restore
    out = StringIO()
    call_command("rebuild_visit_totals", stdout=out)
    assert from_totals() == from_visits() == {datetime.date(2015, 3, 1): (1, 2), datetime.date(2015, 4, 1): (1, 3)}
    assert "Đã tính lại 2 tháng." in out.getvalue()
