"""Working days by the State Council's holiday schedule (linze/workdays.py).

2026's Spring Festival: 15–23 February off; Saturday 14 February and Saturday 28 February are
working days in exchange (国务院办公厅关于2026年部分节假日安排的通知).
"""

import logging
from datetime import date, datetime

import pytest
from django.utils import timezone

from linze import workdays
from linze.workdays import (
    add_workdays,
    calendar_days_deadline,
    is_workday,
    workdays_between,
    workdays_deadline,
)


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_the_spring_festival_2026_is_off_and_its_swapped_saturdays_are_working_days():
    assert is_workday(date(2026, 2, 14))  # Saturday, worked in exchange
    assert is_workday(date(2026, 2, 28))  # Saturday, worked in exchange
    assert not any(is_workday(date(2026, 2, day)) for day in range(15, 24))
    assert is_workday(date(2026, 2, 24))
    assert not is_workday(date(2026, 3, 1))  # an ordinary Sunday


def test_one_working_day_after_friday_13_february_is_the_swapped_saturday():
    assert add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)


def test_counting_across_the_spring_festival_skips_all_nine_days():
    assert add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)
    # The ladder's seven working days from Friday 13 February: 14, 24, 25, 26, 27, 28 Feb, 2 Mar.
    assert add_workdays(date(2026, 2, 13), 7) == date(2026, 3, 2)
    assert workdays_between(date(2026, 2, 13), date(2026, 3, 2)) == 7


def test_a_working_day_deadline_ends_at_the_end_of_that_day_local_time():
    due = workdays_deadline(local(2026, 2, 13, 16, 30), 2)

    assert timezone.localtime(due) == local(2026, 2, 24, 23, 59, 59)


def test_workdays_between_counts_after_the_start_up_to_the_end():
    assert workdays_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert workdays_between(date(2026, 3, 6), date(2026, 3, 9)) == 1  # Friday → Monday
    assert workdays_between(date(2026, 3, 9), date(2026, 3, 6)) == 0


def test_a_calendar_day_deadline_ends_at_the_end_of_its_last_day():
    # 民法典 第二百零一条: the day the period starts is not counted.
    due = calendar_days_deadline(local(2026, 3, 2, 10), 30)

    assert timezone.localtime(due) == local(2026, 4, 1, 23, 59, 59)
    assert calendar_days_deadline(date(2026, 3, 1), 30) == local(2026, 3, 31, 23, 59, 59)


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday_and_says_so(monkeypatch, caplog):
    monkeypatch.setattr(workdays, "_warned_years", set())
    is_workday.cache_clear()  # the answers are cached per process: ask afresh
    caplog.set_level(logging.WARNING, logger="linze.workdays")
    year = 2099
    with pytest.raises(NotImplementedError):  # the premise: the package has no data for it
        __import__("chinese_calendar").is_workday(date(year, 1, 5))

    friday, saturday, monday = date(year, 1, 2), date(year, 1, 3), date(year, 1, 5)
    assert is_workday(friday) and not is_workday(saturday) and is_workday(monday)
    assert add_workdays(friday, 1) == monday

    warnings = [r for r in caplog.records if r.name == "linze.workdays"]
    assert len(warnings) == 1, "logged once per year, not once per day"
    assert "2099" in warnings[0].getMessage()
    assert "Monday to Friday" in warnings[0].getMessage()


def test_a_national_day_off_is_not_a_working_day():
    assert not is_workday(date(2026, 10, 1))
    assert is_workday(date(2026, 9, 20))  # Sunday worked in exchange for the National Day week
