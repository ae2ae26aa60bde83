"""Entering the holiday calendar: the admin's forms and notice page, the text format, calendar_load.

Dates of 2027 here are a TEST SCHEDULE (tests/linze/calendar_fixtures.py), not the State Council's notice.
"""

import io
from datetime import date

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from linze import workdays
from linze.holiday_notice import notice_parse
from linze.models import HolidayCalendarDay
from linze.workdays import add_workdays, is_workday
from tests.factories import SuperUserFactory, UserFactory
from tests.linze.calendar_fixtures import TEST_SCHEDULE_2027, HolidayCalendarDayFactory, fresh_calendar  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]

Kind = HolidayCalendarDay.Kind
ENTER = "admin:linze_holidaycalendarday_enter"


@pytest.fixture
def admin_client(client):
    client.force_login(SuperUserFactory())
    return client


def errors_of(response) -> list[str]:
    form = response.context["adminform"].form if "adminform" in response.context else response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


# -- one day at a time: the admin's own form -----------------------------------------------------------------


def add(client, **fields):
    data = {"day": "", "kind": Kind.HOLIDAY, "name": "", "note": "", **fields}
    return client.post(reverse("admin:linze_holidaycalendarday_add"), data, HTTP_ACCEPT_LANGUAGE="en")


def test_a_swapped_working_day_on_a_weekday_is_refused_with_the_reason(admin_client):
    response = add(admin_client, day="2027-02-15", kind=Kind.WORKING_DAY, name="春节")

    assert response.status_code == 200
    assert errors_of(response) == [
        "2027-02-15 is a weekday, and a weekday is a working day anyway: a swapped working day (调休上班) "
        "must fall on a Saturday or a Sunday."
    ]
    assert not HolidayCalendarDay.objects.exists()


def test_a_holiday_needs_its_name_and_may_fall_on_any_day(admin_client):
    assert errors_of(add(admin_client, day="2027-02-08")) == ["Name the holiday, e.g. 春节."]

    assert add(admin_client, day="2027-02-08", name="春节").status_code == 302  # a Monday
    assert add(admin_client, day="2027-02-06", name="春节").status_code == 302  # a Saturday
    assert not is_workday(date(2027, 2, 8))


def test_a_date_cannot_be_both_a_holiday_and_a_working_day(admin_client):
    HolidayCalendarDayFactory(day=date(2027, 2, 14), kind=Kind.WORKING_DAY)

    response = add(admin_client, day="2027-02-14", name="春节")

    assert errors_of(response) == ["This date is already in the holiday calendar: edit that entry instead."]
    assert HolidayCalendarDay.objects.get().kind == Kind.WORKING_DAY


def test_the_calendar_list_filters_by_year_and_kind(admin_client):
    for day, kind in [(date(2026, 3, 2), Kind.HOLIDAY), (date(2027, 1, 1), Kind.HOLIDAY)]:
        HolidayCalendarDayFactory(day=day, kind=kind)
    HolidayCalendarDayFactory(day=date(2027, 2, 14), kind=Kind.WORKING_DAY)
    changelist = reverse("admin:linze_holidaycalendarday_changelist")

    def listed(query: str) -> list[date]:
        response = admin_client.get(f"{changelist}?{query}")
        assert response.status_code == 200
        return [entry.day for entry in response.context["cl"].result_list]

    assert listed("year=2027") == [date(2027, 1, 1), date(2027, 2, 14)]
    assert listed("year=2027&kind__exact=workday") == [date(2027, 2, 14)]
    assert listed("kind__exact=holiday") == [date(2026, 3, 2), date(2027, 1, 1)]
    assert "?year=2026" in admin_client.get(changelist).content.decode()  # the filter offers the years


# -- a whole notice at once ----------------------------------------------------------------------------------


def test_a_year_is_entered_from_the_notice_page_after_checking_it(admin_client):
    page = admin_client.get(reverse(ENTER))
    assert page.status_code == 200
    data = {"text": TEST_SCHEDULE_2027, "note": "test schedule"}

    checked = admin_client.post(reverse(ENTER), {**data, "_preview": "1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert checked.status_code == 200
    preview = checked.context["preview"]
    assert (preview["holidays"], preview["working_days"]) == (10, 2)
    assert [row["day"] for row in preview["rows"] if row["working"]] == [date(2027, 2, 14), date(2027, 2, 20)]
    assert 'name="_save"' in checked.content.decode()
    assert not HolidayCalendarDay.objects.exists(), "checking saves nothing"

    saved = admin_client.post(reverse(ENTER), {**data, "_save": "1"})

    assert saved.status_code == 302
    assert saved["Location"] == reverse("admin:linze_holidaycalendarday_changelist") + "?year=2027"
    assert HolidayCalendarDay.objects.count() == 12
    assert set(HolidayCalendarDay.objects.values_list("note", flat=True)) == {"test schedule"}
    assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 14)


def test_entering_a_corrected_notice_updates_and_with_replace_deletes_what_it_no_longer_names(admin_client):
    admin_client.post(reverse(ENTER), {"text": TEST_SCHEDULE_2027, "_save": "1"})
    corrected = TEST_SCHEDULE_2027.replace("2027-02-20（星期六）上班 春节", "2027-02-13 上班 春节").replace(
        "2027-02-05 至 2027-02-13", "2027-02-05 至 2027-02-12"
    )

    checked = admin_client.post(reverse(ENTER), {"text": corrected, "replace": "on", "_preview": "1"})
    assert [row.day for row in checked.context["preview"]["deleted"]] == [date(2027, 2, 20)]
    admin_client.post(reverse(ENTER), {"text": corrected, "replace": "on", "_save": "1"})

    assert HolidayCalendarDay.objects.get(day=date(2027, 2, 13)).kind == Kind.WORKING_DAY
    assert not HolidayCalendarDay.objects.filter(day=date(2027, 2, 20)).exists()
    assert is_workday(date(2027, 2, 13)) and not is_workday(date(2027, 2, 20))


def test_a_notice_with_mistakes_is_refused_line_by_line_and_nothing_is_saved(admin_client):
    text = "\n".join(
        [
            "2027-02-05 至 2027-02-13 放假 春节",
            "2027-02-08 上班",
            "2027-02-15 上班 春节",
            "2027-02-30 放假 春节",
            "2027-03-01 春节",
        ]
    )

    response = admin_client.post(reverse(ENTER), {"text": text, "_save": "1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert errors_of(response) == [
        "Line 2: 2027-02-08 is already entered on line 1 as holiday (放假); a date cannot be both.",
        "Line 3: 2027-02-15 is a weekday, and a weekday is a working day anyway: "
        "a swapped working day (调休上班) must fall on a Saturday or a Sunday.",
        "Line 4: 2027-02-30 is not a date.",
        "Line 5: say whether these days are a holiday (放假) or a working day (上班).",
    ]
    assert not HolidayCalendarDay.objects.exists()


def test_only_those_who_may_edit_the_calendar_open_the_notice_page(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(ENTER)).status_code == 403


# -- the text format -----------------------------------------------------------------------------------------


def test_the_notice_format_reads_ranges_chinese_dates_brackets_and_csv():
    days = notice_parse(
        "2027年2月5日至2月7日 放假 春节；2027/02/14（星期日）上班 春节\n"
        "2027-10-01,2027-10-02,holiday,国庆节  # a CSV row\n"
        "\n# a comment line\n2027-10-09 workday 国庆节"
    )

    assert [(entry.day.isoformat(), entry.kind, entry.name) for entry in days] == [
        ("2027-02-05", Kind.HOLIDAY, "春节"),
        ("2027-02-06", Kind.HOLIDAY, "春节"),
        ("2027-02-07", Kind.HOLIDAY, "春节"),
        ("2027-02-14", Kind.WORKING_DAY, "春节"),
        ("2027-10-01", Kind.HOLIDAY, "国庆节"),
        ("2027-10-02", Kind.HOLIDAY, "国庆节"),
        ("2027-10-09", Kind.WORKING_DAY, "国庆节"),
    ]


def test_a_range_the_format_cannot_read_is_refused_not_guessed():
    with pytest.raises(ValidationError) as refused:
        notice_parse("2027年2月5日至13日 放假 春节")
    assert refused.value.messages[0].startswith("第 1 行：日期范围请写完整的两个日期")  # Chinese, the default

    with pytest.raises(ValidationError):
        notice_parse("   \n# only a comment")


# -- manage.py calendar_load ---------------------------------------------------------------------------------


def test_calendar_load_checks_with_dry_run_then_enters_a_file(tmp_path):
    notice = tmp_path / "2027.txt"
    notice.write_text(TEST_SCHEDULE_2027, encoding="utf-8")

    out = io.StringIO()
    call_command("calendar_load", str(notice), "--dry-run", stdout=out)
    assert "12 days checked; nothing saved" in out.getvalue()
    assert not HolidayCalendarDay.objects.exists()

    out = io.StringIO()
    call_command("calendar_load", str(notice), "--note", "test schedule", stdout=out)
    assert "holiday calendar 2027: 12 added, 0 changed, 0 deleted" in out.getvalue()
    assert add_workdays(date(2027, 2, 4), 7) == date(2027, 2, 20)

    notice.write_text("2027-02-15 上班 春节", encoding="utf-8")
    with pytest.raises(CommandError, match="调休上班日必须是星期六或星期日"):
        call_command("calendar_load", str(notice), stdout=io.StringIO())


# -- the package, read directly ------------------------------------------------------------------------------


def test_every_day_the_package_knows_is_counted_as_the_package_counts_it():
    first, last = min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year
    assert last >= 2026
    for year in range(first, last + 1):
        table = workdays._year_table(workdays._Calendar(), year)
        assert all(table[day] == chinese_calendar.is_workday(day) for day in table), year


def test_the_line_numbers_are_those_of_the_text_as_typed(admin_client):
    text = "\n\n2027-02-15 上班 春节"  # a notice pasted with blank lines above it

    response = admin_client.post(reverse(ENTER), {"text": text, "_preview": "1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert errors_of(response)[0].startswith("Line 3: 2027-02-15 is a weekday")
