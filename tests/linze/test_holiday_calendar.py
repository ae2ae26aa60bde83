"""The holiday calendar an administrator enters from the State Council's notice (issue 11, item 10):
working days across the 2027 Spring Festival, overrides of the package, cost, invalidation, the warning.

The 2027 dates are a TEST SCHEDULE (tests/linze/calendar_fixtures.py), not the State Council's notice.
"""

from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from linze import health, workdays
from linze.holidays import calendar_warning, missing_year
from linze.models import HolidayCalendarDay
from linze.workdays import add_workdays, is_workday, workdays_between, workdays_deadline
from tests.factories import SuperUserFactory
from tests.linze.calendar_fixtures import (
    TEST_SOURCE,
    HolidayCalendarDayFactory,
    enter_test_schedule,
    fresh_calendar,  # noqa: F401
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]

Kind = HolidayCalendarDay.Kind


def today_is(day: date):
    """Stands in for django.utils.timezone.now, as the deadline tests do."""
    moment = timezone.make_aware(datetime(day.year, day.month, day.day, 10))
    return mock.patch("django.utils.timezone.now", return_value=moment)


# -- working days across the 2027 Spring Festival ------------------------------------------------------------


def test_without_a_calendar_2027_is_counted_monday_to_friday_straight_through_the_spring_festival():
    assert not workdays.package_knows(2027)  # the premise: chinesecalendar ends with 2026

    assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 5)
    assert workdays_between(date(2027, 2, 4), date(2027, 2, 13)) == 6


def test_working_days_across_the_2027_spring_festival_follow_the_entered_schedule():
    enter_test_schedule()

    assert is_workday(date(2027, 2, 4))  # Thursday before the break
    assert not any(is_workday(date(2027, 2, day)) for day in range(5, 14))
    assert is_workday(date(2027, 2, 14))  # Sunday, worked in exchange
    assert is_workday(date(2027, 2, 20))  # Saturday, worked in exchange
    assert not is_workday(date(2027, 2, 21))  # an ordinary Sunday
    assert not is_workday(date(2027, 1, 1))

    # One working day after Thursday 4 February is the swapped Sunday, not Friday 5 February.
    assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 14)
    assert add_workdays(date(2027, 2, 4), 2) == date(2027, 2, 15)
    # The ladder's seven working days from Thursday 4 February: 14 (Sun), 15–19, 20 (Sat) February.
    assert add_workdays(date(2027, 2, 4), 7) == date(2027, 2, 20)
    assert workdays_between(date(2027, 2, 4), date(2027, 2, 20)) == 7
    assert workdays_between(date(2027, 2, 4), date(2027, 2, 13)) == 0
    due = workdays_deadline(timezone.make_aware(datetime(2027, 2, 4, 16, 30)), 2)
    assert timezone.localtime(due) == timezone.make_aware(datetime(2027, 2, 15, 23, 59, 59))


def test_an_entry_for_a_2026_date_overrides_the_package():
    assert is_workday(date(2026, 3, 2)) and not is_workday(date(2026, 3, 1))  # Monday, Sunday

    HolidayCalendarDayFactory(day=date(2026, 3, 2), name="临时放假")
    HolidayCalendarDayFactory(day=date(2026, 3, 1), kind=Kind.WORKING_DAY)

    assert not is_workday(date(2026, 3, 2))
    assert is_workday(date(2026, 3, 1))
    # From Friday 27 February: Sat 28 (swapped, the package), Sun 1 March (the entry), then Tuesday 3 March.
    assert add_workdays(date(2026, 2, 27), 3) == date(2026, 3, 3)
    # The rest of 2026 still comes from the package: the Spring Festival and its swapped Saturday.
    assert not is_workday(date(2026, 2, 16)) and is_workday(date(2026, 2, 14))

    HolidayCalendarDay.objects.get(day=date(2026, 3, 2)).delete()
    assert is_workday(date(2026, 3, 2))


# -- cost ----------------------------------------------------------------------------------------------------


def test_three_hundred_working_day_questions_about_a_year_cost_at_most_one_query(
    django_assert_max_num_queries,
):
    enter_test_schedule()
    is_workday.cache_clear()
    days = [date(2027, 1, 1) + timedelta(days=offset) for offset in range(300)]

    with django_assert_max_num_queries(1):
        answers = [is_workday(day) for day in days]
    with django_assert_max_num_queries(0):  # warm: dictionary lookups only
        assert [is_workday(day) for day in days] == answers
        assert workdays_between(date(2027, 1, 1), date(2027, 10, 27)) == sum(answers[1:])


# -- invalidation --------------------------------------------------------------------------------------------


def test_an_admin_edit_changes_the_count_at_once_and_tells_the_other_processes_on_commit(
    client, django_capture_on_commit_callbacks
):
    enter_test_schedule()
    assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 14)
    entry = HolidayCalendarDay.objects.get(day=date(2027, 2, 14))
    version_before = cache.get(workdays.version_key())
    client.force_login(SuperUserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:linze_holidaycalendarday_delete", args=[entry.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 15)  # the swapped Sunday is gone
    assert cache.get(workdays.version_key()) != version_before  # what the other processes read


def test_another_process_edit_is_seen_within_the_version_check_interval(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(workdays, "monotonic", lambda: now[0])
    assert is_workday(date(2027, 2, 8))  # a Monday, counted Monday to Friday: this process loads

    # Another process enters the break and publishes a new version; no signal reaches this one.
    HolidayCalendarDay.objects.bulk_create(
        [HolidayCalendarDay(day=date(2027, 2, 8), kind=Kind.HOLIDAY, name="春节", note=TEST_SOURCE)]
    )
    cache.set(workdays.version_key(), "set by another process", timeout=None)

    assert is_workday(date(2027, 2, 8)), "within the interval the process answers from its copy"
    now[0] += workdays.VERSION_CHECK_SECONDS
    assert not is_workday(date(2027, 2, 8))


# -- the warning from 1 November -----------------------------------------------------------------------------


def test_next_year_is_missing_from_1_november_and_not_before():
    assert missing_year(date(2026, 10, 31)) is None
    assert calendar_warning(date(2026, 10, 31)) is None
    assert missing_year(date(2026, 11, 1)) == 2027
    assert missing_year(date(2026, 12, 31)) == 2027
    assert "国务院办公厅关于2027年部分节假日安排的通知" in calendar_warning(date(2026, 11, 1))


def test_swapped_working_days_alone_do_not_cover_a_year_and_one_holiday_does():
    HolidayCalendarDayFactory(day=date(2027, 2, 14), kind=Kind.WORKING_DAY)
    assert missing_year(date(2026, 11, 1)) == 2027

    HolidayCalendarDayFactory(day=date(2027, 1, 1))
    assert missing_year(date(2026, 11, 1)) is None
    assert calendar_warning(date(2026, 11, 1)) is None


def test_a_year_already_begun_without_a_calendar_is_missing_all_year():
    assert missing_year(date(2027, 3, 1)) == 2027
    enter_test_schedule()
    assert missing_year(date(2027, 3, 1)) is None
    assert missing_year(date(2027, 11, 1)) == 2028


def admin_pages(client) -> dict[str, str]:
    client.force_login(SuperUserFactory())
    pages = {
        "index": client.get(reverse("admin:index")),
        "calendar": client.get(reverse("admin:linze_holidaycalendarday_changelist")),
    }
    assert all(response.status_code == 200 for response in pages.values())
    return {name: response.content.decode() for name, response in pages.items()}


def test_the_admin_warns_on_its_index_and_the_calendar_from_1_november_until_next_year_is_entered(client):
    with today_is(date(2026, 10, 31)):
        assert not any("data-holiday-calendar-warning" in html for html in admin_pages(client).values())

    with today_is(date(2026, 11, 1)):
        for html in admin_pages(client).values():
            assert "data-holiday-calendar-warning" in html
            assert "国务院办公厅关于2027年部分节假日安排的通知" in html
            assert reverse("admin:linze_holidaycalendarday_enter") in html

        enter_test_schedule()
        assert not any("data-holiday-calendar-warning" in html for html in admin_pages(client).values())


def test_healthz_warns_without_failing_from_1_november_until_next_year_is_entered(client, monkeypatch):
    monkeypatch.setattr(health, "check_worker", lambda: (True, "1 worker(s)"))  # workers are not the question

    with today_is(date(2026, 10, 31)):
        body = client.get("/healthz").json()
        assert body["warnings"] == {}
        assert body["status"] == "ok"

    with today_is(date(2026, 11, 1)):
        response = client.get("/healthz")
        assert response.status_code == 200, "a warning, not a failure"
        body = response.json()
        assert body["status"] == "ok" and body["failing"] == []
        assert set(body["warnings"]) == {"holiday_calendar"}
        assert "no holiday calendar for 2027" in body["warnings"]["holiday_calendar"]

        enter_test_schedule()
        assert client.get("/healthz").json()["warnings"] == {}
