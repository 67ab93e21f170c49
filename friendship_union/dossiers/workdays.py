"""The working-day clock of approval dossiers.

A day is a working day unless it is a Saturday or Sunday, or a public holiday of Vietnam as the
`holidays` package keeps them (`holidays.VN`: Tết, the observed and substituted days), or a day off
the government added that year (`DayAdjustment`, kept by staff in the admin). A day staff mark as a
make-up working day (*ngày làm bù*: a Saturday worked in exchange for a day off) is a working day.

The rule (README, *Approval dossiers*): a time limit of N working days starting on day S ends on the
N-th working day *after* S — the day of the event is not counted (Civil Code 2015, Article 147(1)),
and a limit that would end on a day off ends on the next working day (Article 148(5)), which
counting working days gives by construction. The stage is overdue when it is not done by the end of
that day (today in Asia/Ho_Chi_Minh).
"""

import datetime
from functools import lru_cache

import holidays

from .models import DayAdjustment


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    # Static data of the installed package (no database): safe to keep per process.
    return frozenset(holidays.country_holidays("VN", years=year))


class WorkCalendar:
    """Working days with the staff's adjustments read once (`WorkCalendar.load()`: one query)."""

    def __init__(self, adjustments: dict[datetime.date, bool] | None = None):
        self.adjustments = adjustments or {}

    @classmethod
    def load(cls) -> "WorkCalendar":
        return cls(dict(DayAdjustment.objects.values_list("date", "is_working_day")))

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.adjustments:
            return self.adjustments[day]
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def add(self, start: datetime.date, working_days: int) -> datetime.date:
        """The last day of a limit of `working_days` starting on `start` (start not counted)."""
        day, counted = start, 0
        while counted < working_days:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
        if end < start:
            return -self.between(end, start)
        return sum(
            1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + datetime.timedelta(days=n))
        )
