"""Whether the holiday calendar covers the years the portal counts working days in.

The chinesecalendar package learns a year when the State Council's notice is out (usually in
November) and a new release of the package follows; until then, and for every year after the
package's last, the portal counts Monday–Friday unless an administrator enters the notice
(linze/workdays.py). The warning below is shown on the admin's index and calendar pages and in
/healthz from 1 November, so that the notice is entered before 1 January.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from linze.workdays import year_covered

WARN_FROM_MONTH = 11  # 1 November: the notice is usually published in the first half of November


def missing_year(today: date | None = None) -> int | None:
    """The year whose working days are (or from 1 January will be) counted Monday to Friday: this
    year when it is not covered, else next year from 1 November when that is not covered, else None.

    A year is covered when the chinesecalendar package knows it, or when at least one holiday of it is
    entered in the holiday calendar (swapped working days alone do not cover a year). No query while
    this process's copy of the calendar is fresh, one otherwise."""
    today = today or timezone.localdate()
    if not year_covered(today.year):
        return today.year
    if today.month >= WARN_FROM_MONTH and not year_covered(today.year + 1):
        return today.year + 1
    return None


def calendar_warning(today: date | None = None) -> str | None:
    """What an administrator is told when `missing_year` finds a year, in the user's language."""
    today = today or timezone.localdate()
    year = missing_year(today)
    if year is None:
        return None
    if year == today.year:
        return _(
            "The holiday calendar has no data for %(year)s: working days are being counted Monday to Friday, "
            "without the official holidays and swapped working days. Enter the State Council's notice "
            "(国务院办公厅关于%(year)s年部分节假日安排的通知) in the holiday calendar."
        ) % {"year": year}
    return _(
        "The holiday calendar has no data for %(year)s: from 1 January %(year)s working days will be counted "
        "Monday to Friday, without the Spring Festival and the other holidays. "
        "Enter the State Council's notice "
        "(国务院办公厅关于%(year)s年部分节假日安排的通知) in the holiday calendar."
    ) % {"year": year}
