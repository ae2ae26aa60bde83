"""Working days by the State Council's holiday schedule, swapped weekend workdays included.

Two sources, the second winning: the chinesecalendar package, which knows the published years, and
the holiday calendar an administrator enters from the State Council's notice (`HolidayCalendarDay`,
in the admin), which overrides a day the package knows and extends it to years it does not. A date
in a year neither covers falls back to Monday–Friday, and says so in the log once per year
(`linze.holidays` warns ahead of time, in the admin and /healthz).

Cost: a list page asks for a few hundred days, so a call is two dictionary lookups. Each process
keeps one table per year (date → working day?), built once from the package and the entered days;
the entered days are read with one query for every year at once (a notice is about 30 rows a year).
The process checks a version kept in Django's cache (Redis) at most every `VERSION_CHECK_SECONDS`;
saving or deleting an entry clears this process's tables at once and, once the transaction commits,
sets a new version, so every other web and Celery process reloads within those seconds. The version
is read before the entries, so a process never keeps old entries under a new version.

Periods end at the end of their last day, local time, and the day they start from is not counted
(民法典 第二百零一条、第二百零三条). The rule that moves a last day falling on a rest day to the next
working day is not applied to calendar-day periods: the judicial-confirmation guard counts a plain 30
days, and the two must agree; an administrator wanting it counts in working days instead.
"""

import functools
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import monotonic

import chinese_calendar
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
# Failures to read the entered calendar go to their own logger: `logger`'s Monday-to-Friday warning
# is the one an operator greps for, once per year.
calendar_logger = logging.getLogger("linze.holidays")
_warned_years: set[int] = set()

VERSION_CHECK_SECONDS = 5.0
_MAX_YEARS = 64  # tables kept per process; a year is ~20 KB


@dataclass
class _Calendar:
    """What one process knows of the entered calendar, and the year tables built from it."""

    version: object = None
    loaded: bool = False
    entered: dict[date, bool] = field(default_factory=dict)
    holiday_years: frozenset[int] = frozenset()
    years: dict[int, dict[date, bool]] = field(default_factory=dict)
    check_at: float = 0.0  # time.monotonic() after which the version is read again


_calendar = _Calendar()


@functools.lru_cache(maxsize=256)
def package_knows(year: int) -> bool:
    """Whether the chinesecalendar package has the State Council's schedule of `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def version_key() -> str:
    # One version per database: two portals (or two test runs) on one Redis do not reload each other.
    return f"holiday-calendar:{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}:version"


def _shared_version() -> object:
    try:
        return cache.get(version_key())
    except Exception:  # Redis down: an unknown version, so the entries are re-read at every check
        calendar_logger.warning("cannot read the holiday calendar's version from the cache", exc_info=True)
        return uuid.uuid4().hex


def _read_entered() -> dict[date, bool] | None:
    """Every entered day, in one query on the primary (a replica may not have the latest edit yet)."""
    from linze.models import HolidayCalendarDay  # the app registry is ready by the first call

    try:
        rows = HolidayCalendarDay.objects.using(DEFAULT_DB_ALIAS).values_list("day", "kind")
        return {day: kind == HolidayCalendarDay.Kind.WORKING_DAY for day, kind in rows}
    except Exception:
        # No database to read (a script without one, a database not migrated yet): count by the
        # package alone rather than fail every deadline, and try again at the next check.
        calendar_logger.warning(
            "cannot read the holiday calendar; counting by the package alone", exc_info=True
        )
        return None


def _current() -> _Calendar:
    global _calendar
    state, now = _calendar, monotonic()
    if now < state.check_at:
        return state
    version = _shared_version()
    if state.loaded and version == state.version:
        state.check_at = now + VERSION_CHECK_SECONDS
        return state
    entered = _read_entered()
    _calendar = _Calendar(
        version=version,
        loaded=entered is not None,
        entered=entered or {},
        holiday_years=frozenset(day.year for day, working in (entered or {}).items() if not working),
        check_at=now + VERSION_CHECK_SECONDS,
    )
    return _calendar


def _year_table(state: _Calendar, year: int) -> dict[date, bool]:
    if not package_knows(year) and year not in state.holiday_years and year not in _warned_years:
        _warned_years.add(year)
        logger.warning("no official holiday calendar for %s: counting Monday to Friday as working days", year)
    # The package's own tables, read directly: its is_workday() checks the year against every holiday
    # it knows on each call (about 25 µs), which a year's 365 days would pay for at every reload.
    known, entered, table = package_knows(year), state.entered, {}
    for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
        day = date.fromordinal(ordinal)
        if day in entered:
            table[day] = entered[day]
        elif known:
            table[day] = day in chinese_calendar.workdays or (
                day.weekday() < 5 and day not in chinese_calendar.holidays
            )
        else:
            table[day] = day.weekday() < 5
    if len(state.years) >= _MAX_YEARS:
        state.years.clear()
    state.years[year] = table
    return table


def is_workday(day: date) -> bool:
    """Whether `day` is a working day in China: the entered calendar, else the package, else Mon–Fri."""
    if day.__class__ is not date:  # a datetime would never equal a table's date key
        day = day.date() if isinstance(day, datetime) else date(day.year, day.month, day.day)
    state = _calendar if monotonic() < _calendar.check_at else _current()
    table = state.years.get(day.year)
    if table is None:
        table = _year_table(state, day.year)
    return table[day]


def year_covered(year: int) -> bool:
    """Whether working days of `year` follow a published schedule: the package knows the year, or at
    least one holiday of it is entered. One entered Spring Festival counts: an administrator entering
    a notice enters its holidays, and a year with only swapped working days is a half-entered notice."""
    return package_knows(year) or year in _current().holiday_years


def forget() -> None:
    """Drop this process's tables and entries: the next call reads the entries again (one query)."""
    global _calendar
    _calendar = _Calendar()


def _publish() -> None:
    forget()  # anything this process read between the save and the commit
    try:
        cache.set(version_key(), uuid.uuid4().hex, timeout=None)
    except Exception:
        calendar_logger.warning(
            "cannot publish the holiday calendar's new version: other processes may count by the old "
            "calendar until the next edit",
            exc_info=True,
        )


def calendar_changed(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_save / post_delete of an entered day (wired in linze/apps.py): this process at once, the
    others once the transaction commits (before, they would read the old rows under the new version)."""
    forget()
    transaction.on_commit(_publish, using=using)


def calendar_preload(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate (linze/apps.py): a process that has just migrated its database — a test run —
    reads the calendar then rather than in the first request it serves, so that a test counting a
    page's queries counts the same whichever test ran before it."""
    if using == DEFAULT_DB_ALIAS:
        forget()
        _current()


def _cache_clear() -> None:
    forget()
    package_knows.cache_clear()


# `is_workday` was an lru_cache; tests and shells that ask afresh call is_workday.cache_clear().
is_workday.cache_clear = _cache_clear


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
