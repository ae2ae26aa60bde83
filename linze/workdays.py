"""Working days by the State Council's holiday schedule, swapped weekend workdays included.

The chinesecalendar package knows the published years; a date outside them falls back to
Monday–Friday, and says so in the log once per year.

Periods end at the end of their last day, local time, and the day they start from is not counted
(民法典 第二百零一条、第二百零三条). The rule that moves a last day falling on a rest day to the next
working day is not applied to calendar-day periods: the judicial-confirmation guard counts a plain 30
days, and the two must agree; an administrator wanting it counts in working days instead.
"""

import functools
import logging
from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.utils import timezone

logger = logging.getLogger(__name__)
_warned_years: set[int] = set()


@functools.lru_cache(maxsize=8192)
def is_workday(day: date) -> bool:
    """Whether `day` is a working day in China. Cached: the calendar package validates every date
    against its whole holiday table, and a list page asks for a few hundred days."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning(
                "no official holiday calendar for %s: counting Monday to Friday as working days", day.year
            )
        return day.weekday() < 5


def add_workdays(start: date, days: int) -> date:
    """The date on which the `days`-th working day after `start` ends (start itself is not counted)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


def workdays_between(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return count


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def workdays_deadline(start: datetime, days: int) -> datetime:
    """The deadline `days` working days after a moment: the end of that working day, local time."""
    return end_of_day(add_workdays(timezone.localtime(start).date(), days))


def calendar_days_deadline(start: datetime | date, days: int) -> datetime:
    """The deadline `days` calendar days after a moment (or a date): the end of the last day."""
    day = timezone.localtime(start).date() if isinstance(start, datetime) else start
    return end_of_day(day + timedelta(days=days))
