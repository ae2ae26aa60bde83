"""Working days by the State Council's holiday schedule, swapped weekend workdays included.

The chinesecalendar package knows the published years; a date outside them falls back to
Monday–Friday, and says so in the log once per year.
"""

import logging
from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.utils import timezone

logger = logging.getLogger(__name__)
_warned_years: set[int] = set()


def is_workday(day: date) -> bool:
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


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def workdays_deadline(start: datetime, days: int) -> datetime:
    """The deadline `days` working days after a moment: the end of that working day, local time."""
    return end_of_day(add_workdays(timezone.localtime(start).date(), days))
