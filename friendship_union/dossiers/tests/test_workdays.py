"""The working-day clock across weekends, Tết and the government's swapped days."""

import datetime

import pytest

from friendship_union.dossiers.models import DayAdjustment
from friendship_union.dossiers.workdays import WorkCalendar

D = datetime.date


@pytest.fixture
def calendar(db):
    """The calendar as the migration seeds it (2025–2026 swaps) on top of holidays.VN."""
    return WorkCalendar.load()


def test_the_day_of_receipt_is_not_counted_and_weekends_are_off(calendar):
    # Thursday 6/3/2025 + 2 working days: Friday 7, (weekend), Monday 10.
    assert calendar.add(D(2025, 3, 6), 2) == D(2025, 3, 10)
    # Received on a Saturday: the first working day counted is Monday.
    assert calendar.add(D(2025, 3, 8), 1) == D(2025, 3, 10)
    assert calendar.add(D(2025, 3, 6), 0) == D(2025, 3, 6)


def test_tet_2025_is_skipped_whole(calendar):
    # Tết Ất Tỵ: off Saturday 25/1 to Sunday 2/2/2025. Received Friday 24/1, 5 working days: 3–7/2.
    assert calendar.add(D(2025, 1, 24), 5) == D(2025, 2, 7)
    assert not any(calendar.is_working_day(D(2025, 1, day)) for day in range(25, 32))
    assert calendar.is_working_day(D(2025, 2, 3))


def test_tet_2026_is_skipped_whole(calendar):
    # Tết Bính Ngọ: off Saturday 14/2 to Sunday 22/2/2026. Received Thursday 12/2, 3 working days: 13/2, 23/2, 24/2.
    assert calendar.add(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert calendar.between(D(2026, 2, 12), D(2026, 2, 24)) == 3


def test_a_make_up_saturday_counts_and_the_swapped_friday_does_not(calendar):
    # Saturday 26/4/2025 was worked for Friday 2/5/2025 (30/4 – 1/5 off through Sunday 4/5).
    assert calendar.is_working_day(D(2025, 4, 26))
    assert not calendar.is_working_day(D(2025, 5, 2))
    assert calendar.add(D(2025, 4, 25), 3) == D(2025, 4, 29)  # Sat 26, Mon 28, Tue 29
    assert calendar.add(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_a_day_staff_add_off_moves_the_due_date(calendar):
    # 2/1/2026 (Friday) was added to the New Year holiday.
    assert calendar.add(D(2025, 12, 31), 1) == D(2026, 1, 5)
    DayAdjustment.objects.create(date=D(2026, 1, 5), is_working_day=False, reason="Thử: nghỉ thêm")
    assert WorkCalendar.load().add(D(2025, 12, 31), 1) == D(2026, 1, 6)


def test_days_between_count_backwards_too(calendar):
    assert calendar.between(D(2025, 3, 10), D(2025, 3, 6)) == -2
    assert calendar.between(D(2025, 3, 6), D(2025, 3, 6)) == 0
