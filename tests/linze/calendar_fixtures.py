"""The holiday calendar's test data: a factory, a 2027 TEST SCHEDULE, a fresh per-process copy.

The chinesecalendar package's data ends with 2026. The 2027 schedule below is a test schedule, not
the State Council's notice (which this project had not seen when it was written): the Spring
Festival of 2027 falls on Saturday 6 February, so the tests enter a plausible nine-day break, Friday 5
to Saturday 13 February, with Sunday 14 and Saturday 20 February as swapped working days.
"""

from datetime import date

import factory
import pytest
from django.core.cache import cache
from factory.django import DjangoModelFactory

from linze import workdays
from linze.holiday_notice import notice_parse
from linze.models import HolidayCalendarDay
from linze.services import holiday_calendar_enter
from linze.workdays import is_workday

Kind = HolidayCalendarDay.Kind
TEST_SOURCE = "test schedule (not the State Council's notice)"
TEST_SCHEDULE_2027 = """
# A test schedule for 2027, not the State Council's notice.
2027-01-01 放假 元旦
2027-02-05 至 2027-02-13 放假 春节
2027-02-14（星期日）上班 春节
2027-02-20（星期六）上班 春节
"""


class HolidayCalendarDayFactory(DjangoModelFactory):
    class Meta:
        model = HolidayCalendarDay

    day = date(2027, 1, 1)
    kind = Kind.HOLIDAY
    name = factory.LazyAttribute(lambda entry: "元旦" if entry.kind == Kind.HOLIDAY else "")
    note = TEST_SOURCE


def enter_test_schedule() -> None:
    holiday_calendar_enter(days=notice_parse(TEST_SCHEDULE_2027), note=TEST_SOURCE)


@pytest.fixture
def fresh_calendar():
    """Each process keeps its copy of the calendar, and a test's rows vanish with its rolled-back
    transaction, which no signal reports: every test starts from an empty copy, and the process and
    Redis are left as the test found them (loaded, same version), so that the next test does not
    read the calendar again inside a page whose queries it counts."""
    before, version = workdays._calendar, cache.get(workdays.version_key())
    is_workday.cache_clear()
    yield
    workdays._calendar = before
    cache.set(workdays.version_key(), version, timeout=None)
