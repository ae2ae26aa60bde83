"""The State Council's holiday notice as an administrator types it: a year's calendar in a few lines.

One entry a line (or several, separated by `;`), `#` starts a comment:

    2027-01-01 放假 元旦
    2027-02-05 至 2027-02-13 放假 春节
    2027-02-14 上班 春节

A date or a range (至, 到, ~, --, `to` or a comma between two dates; the second may leave out the year), the
kind — 放假 / 休 / holiday for official holidays, 上班 / 班 / workday for swapped working days — and
the holiday's name (required for holidays; for a working day, the holiday it is swapped for). Dates as
2027-02-05, 2027/2/5 or 2027年2月5日; a weekday in brackets, as the notice prints it — （星期日） — is
ignored; commas and tabs separate like spaces, so a CSV exported from a spreadsheet reads too. The
admin's "enter a notice" page and `manage.py calendar_load` read this format.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from linze.models import HolidayCalendarDay

Kind = HolidayCalendarDay.Kind

HOLIDAY_WORDS = {"放假", "休", "休息", "放假调休", "holiday", "off"}
WORKING_WORDS = {"上班", "班", "调休上班", "补班", "workday", "working", "work", "working-day"}
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_END = r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_LINE = re.compile(rf"^{_DATE}(?:\s*(?:至|到|~|～|--|—|\bto\b|,|，)\s*{_END})?(?P<rest>.*)$", re.IGNORECASE)
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_MAX_RANGE_DAYS = 31  # the longest break in any notice is 9 days; more is a typo in a year


@dataclass(frozen=True)
class NoticeDay:
    day: date
    kind: str
    name: str
    line: int

    def entry(self, *, note: str = "") -> HolidayCalendarDay:
        return HolidayCalendarDay(day=self.day, kind=self.kind, name=self.name, note=note)


def _date(year: str, month: str, day: str, line: int) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(
            _("Line %(line)d: %(year)s-%(month)s-%(day)s is not a date.")
            % {"line": line, "year": year, "month": month, "day": day}
        ) from None


def _parse_entry(text: str, line: int) -> list[NoticeDay]:
    match = _LINE.match(_BRACKETS.sub(" ", text).strip())
    if not match:
        raise ValidationError(
            _("Line %(line)d: start with a date such as 2027-02-05 (read: “%(text)s”).")
            % {"line": line, "text": text}
        )
    groups = match.groups()
    first = _date(*groups[0:3], line)
    last = first if groups[4] is None else _date(groups[3] or groups[0], groups[4], groups[5], line)
    if last < first or (last - first).days >= _MAX_RANGE_DAYS:
        raise ValidationError(
            _("Line %(line)d: %(first)s to %(last)s is not a holiday's range.")
            % {"line": line, "first": first.isoformat(), "last": last.isoformat()}
        )
    if re.search(r"\d", match["rest"]):
        raise ValidationError(
            _("Line %(line)d: write a range as two dates, e.g. 2027-02-05 至 2027-02-13 (read: “%(text)s”).")
            % {"line": line, "text": text}
        )
    words = [word for word in re.split(r"[\s,，、\t]+", match["rest"]) if word]
    kinds = {Kind.HOLIDAY for word in words if word.lower() in HOLIDAY_WORDS} | {
        Kind.WORKING_DAY for word in words if word.lower() in WORKING_WORDS
    }
    name = " ".join(word for word in words if word.lower() not in HOLIDAY_WORDS | WORKING_WORDS | {"day"})
    if len(kinds) != 1:
        raise ValidationError(
            _("Line %(line)d: say whether these days are a holiday (放假) or a working day (上班).")
            % {"line": line}
        )
    kind = kinds.pop()
    return [
        NoticeDay(day=first + timedelta(days=offset), kind=kind, name=name, line=line)
        for offset in range((last - first).days + 1)
    ]


def notice_parse(text: str) -> list[NoticeDay]:
    """The days the text names, in date order; every problem at once, each with its line, as a
    ValidationError. A date named twice must say the same both times: a day cannot be both."""
    days: dict[date, NoticeDay] = {}
    errors: list[tuple[int, str]] = []  # (line, message), told in line order
    for number, raw in enumerate(text.splitlines(), start=1):
        for part in raw.split("#", 1)[0].replace("；", ";").split(";"):
            if not part.strip():
                continue
            try:
                parsed = _parse_entry(part.strip(), number)
            except ValidationError as error:
                errors.extend((number, message) for message in error.messages)
                continue
            for entry in parsed:
                before = days.get(entry.day)
                if before and (before.kind, before.name) != (entry.kind, entry.name):
                    errors.append(
                        (
                            number,
                            _(
                                "Line %(line)d: %(day)s is already entered on line %(before)d as %(kind)s; "
                                "a date cannot be both."
                            )
                            % {
                                "line": number,
                                "day": entry.day.isoformat(),
                                "before": before.line,
                                "kind": Kind(before.kind).label,
                            },
                        )
                    )
                days.setdefault(entry.day, entry)
    if not days and not errors:
        errors.append((0, _("Enter at least one day, e.g. “2027-02-05 至 2027-02-13 放假 春节”.")))
    for entry in sorted(days.values(), key=lambda entry: entry.day):
        try:
            # The rules of the model (a working day on a weekend, a named holiday), with the line.
            # Uniqueness is not asked: entering a day again updates it.
            entry.entry().full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.extend(
                (entry.line, _("Line %(line)d: %(message)s") % {"line": entry.line, "message": message})
                for message in error.messages
            )
    if errors:
        raise ValidationError([message for _line, message in sorted(errors, key=lambda error: error[0])])
    return sorted(days.values(), key=lambda entry: entry.day)
