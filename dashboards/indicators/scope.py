"""What a cockpit shows: a place (the county, one town or one village) and a period of whole days.

Both come from the URL (`?period=2026-11&region=620723101`), so that a view can be bookmarked and sent
on; a leader is held to the region their body reads (a town's leader to that town), and anything the
URL says that cannot be read answers with a message, never a 500.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.choices import RegionKind
from agencies.models import Region
from agencies.permissions import region_read_regions

__all__ = ["Scope", "ScopeInvalid", "scope_default", "scope_from_request", "scope_regions"]

# The places a cockpit can be narrowed to; grid cells are below what leaders read.
SCOPE_KINDS = (
    RegionKind.COUNTY,
    RegionKind.TOWN,
    RegionKind.STATE_UNIT,
    RegionKind.VILLAGE,
    RegionKind.COMMUNITY,
)
MAX_RANGE_DAYS = 3 * 366 + 1
EARLIEST = date(2000, 1, 1)
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
YEAR = re.compile(r"^(\d{4})$")
RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:~|\.\.|_)(\d{4}-\d{1,2}-\d{1,2})$")


class ScopeInvalid(BadRequest):
    """The URL names a period or a place that cannot be read; `message` says what to change (400)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Scope:
    """A region and the days from `start` to `end`, both included, with how the period is named."""

    region: Region
    start: date
    end: date
    label: str
    kind: str = "range"  # month, quarter, year or range: how the period picker shows it

    @property
    def period_param(self) -> str:
        """The `period` of the URL that names this period again."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{self.start.year}"
        return f"{self.start:%Y-%m-%d}~{self.end:%Y-%m-%d}"

    def query(self, **extra) -> str:
        """The query string of this scope (period and region), with any extra parameters."""
        params = {"period": self.period_param, "region": self.region.code}
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return urlencode(params)

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period (its end is the whole last day)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def q(self, field: str) -> Q:
        """`field` (a datetime column) falls within the period."""
        return Q(**{f"{field}__gte": self.starts_at, f"{field}__lt": self.ends_before})

    def previous_year(self) -> "Scope":
        """The same days one year earlier (29 February becomes the 28th)."""
        start, end = _year_back(self.start), _year_back(self.end)
        return replace(self, start=start, end=end, label=period_label(self.kind, start, end))

    def with_region(self, region: Region) -> "Scope":
        return replace(self, region=region)

    @classmethod
    def month_of(cls, region: Region, day: date) -> "Scope":
        """The calendar month of `day` in `region`."""
        start, end = day.replace(day=1), _month_end(day.year, day.month)
        return cls(region, start, end, period_label("month", start, end), "month")


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_label(kind: str, start: date, end: date) -> str:
    if kind == "month":
        return _("%(year)s-%(month)02d") % {"year": start.year, "month": start.month}
    if kind == "quarter":
        return _("Q%(quarter)s %(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
    if kind == "year":
        return _("Year %(year)s") % {"year": start.year}
    return _("%(start)s to %(end)s") % {"start": start.isoformat(), "end": end.isoformat()}


def parse_period(text: str) -> tuple[str, date, date]:
    """(kind, start, end) of a `period` parameter: 2026-11, 2026-Q4, 2026, or 2026-01-05~2026-03-15."""
    text = (text or "").strip()
    try:
        if match := MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            kind, start, end = "month", date(year, month, 1), _month_end(year, month)
        elif match := QUARTER.match(text):
            year, quarter = int(match[1]), int(match[2])
            first = 3 * quarter - 2
            kind, start, end = "quarter", date(year, first, 1), _month_end(year, first + 2)
        elif match := YEAR.match(text):
            year = int(match[1])
            kind, start, end = "year", date(year, 1, 1), date(year, 12, 31)
        elif match := RANGE.match(text):
            kind, start, end = "range", date.fromisoformat(_iso(match[1])), date.fromisoformat(_iso(match[2]))
        else:
            raise ScopeInvalid(
                _(
                    "The period %(text)s is not one the cockpit knows: use a month (2026-11), a quarter "
                    "(2026-Q4), a year (2026) or two days (2026-01-05~2026-03-15)."
                )
                % {"text": _shown(text)}
            )
    except ValueError:
        raise ScopeInvalid(
            _("The period %(text)s names a day that does not exist.") % {"text": _shown(text)}
        ) from None
    if end < start:
        raise ScopeInvalid(_("The period ends before it starts."))
    if start < EARLIEST or end > date(2099, 12, 31):
        raise ScopeInvalid(_("The period must lie between 2000 and 2099."))
    if (end - start).days >= MAX_RANGE_DAYS:
        raise ScopeInvalid(_("A custom period may span at most three years."))
    return kind, start, end


def _shown(text: str) -> str:
    """What the user typed, as the message repeats it: printable characters, at most 40."""
    return "".join(char for char in text if char.isprintable())[:40]


def _iso(text: str) -> str:
    year, month, day = text.split("-")
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def scope_regions(user) -> list[Region]:
    """The regions whose whole cockpit the user may read: their bodies' (a superuser: every county)."""
    regions = [region for region in region_read_regions(user) if region.kind in SCOPE_KINDS]
    if not regions and user.is_superuser:
        regions = list(Region.objects.filter(kind=RegionKind.COUNTY).order_by("code"))
    return regions


def _home_region(user) -> Region:
    regions = scope_regions(user)
    if not regions:
        raise PermissionDenied(_("The cockpit is for leaders: your bodies read no region."))
    return min(regions, key=lambda region: len(region.code))


def scope_default(user, *, today: date | None = None) -> Scope:
    """This month in the user's own region."""
    today = today or timezone.localdate()
    start, end = date(today.year, today.month, 1), _month_end(today.year, today.month)
    return Scope(_home_region(user), start, end, period_label("month", start, end), "month")


def scope_from_request(request) -> Scope:
    """The scope the URL asks for (`period`, `region`), held to the user's own region.

    No parameter: this month, the user's region. A region outside the user's answers 403, an unknown
    one 404; a period that cannot be read raises ScopeInvalid (a 400 with its message)."""
    user = request.user
    default = scope_default(user)
    region = default.region
    code = (request.GET.get("region") or "").strip()
    if code and code != region.code:
        if not code.isdigit() or len(code) > 20:
            raise ScopeInvalid(_("The region %(code)s is not a region code.") % {"code": code[:20]})
        # A former code (a link made before the official division codes) finds its place too.
        found = Region.objects.filter(kind__in=SCOPE_KINDS).select_related("parent").by_code(code)
        if found is None:
            raise Http404(_("No region has the code %(code)s.") % {"code": code})
        if not any(found.code.startswith(own.code) for own in scope_regions(user)):
            raise PermissionDenied(_("This region is outside the one you read."))
        region = found
    period = (request.GET.get("period") or "").strip() or _period_from_picker(request.GET)
    if not period:
        return default.with_region(region)
    kind, start, end = parse_period(period)
    return Scope(region, start, end, period_label(kind, start, end), kind)


def _period_from_picker(params) -> str:
    """The `period` the picker's fields name when the page was sent without JavaScript (which writes
    `period` itself): kind=month&month=2026-11, kind=quarter&quarter=2026-Q4, kind=year&year=2026,
    kind=range&start=…&end=…."""
    kind = params.get("kind")
    if kind in ("month", "quarter", "year"):
        return (params.get(kind) or "").strip()
    if kind == "range":
        start, end = (params.get("start") or "").strip(), (params.get("end") or "").strip()
        return f"{start}~{end}" if start or end else ""
    return ""
