"""The monthly summary (DESIGN.md §8: dashboards read pre-aggregated data) and how the cockpit uses it.

A month is *closed* once it has ended. A closed month's figures are stored per village in MonthlyFigure
by `figures_refresh`, with the same live queries the cockpit would run (live.py); its FigureMonth row
says whether they are current. The month under way is always read live.

Freshness: the timeline's one recorder announces every change (disputes.signals.dispute_changed);
`figures_mark_stale` then marks the month the dispute was opened in (where its funnel layer, category
and channel are counted) stale with one UPDATE, and every later month too when a closed dispute is
reopened. A stale or missing month is read live from the raw tables until Celery beat's
`figures_refresh_due` (every ten minutes) stores it again, so the cockpit never shows a number older
than the last recorded event, and its drill-down lists always hold the numbers shown. What is counted
by the day of a timeline entry or a closing happens now, in the month under way, read live anyway.

One figure moves with the clock rather than with an event: a referral still waiting becomes late when
its report-in deadline passes. A month that ended less than SETTLE_DAYS ago (when such deadlines can
still fall) is therefore stored again on every run of the beat task: its punctuality figures may lag
the clock by up to ten minutes; every other figure is exact.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, DateField, Exists, F, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agencies.choices import RegionKind
from agencies.models import Region
from dashboards.indicators.live import FigureSet, figures_live
from dashboards.indicators.measures import region_q
from dashboards.models import FigureMonth, MonthlyFigure
from disputes.models import Dispute, DisputeEvent

__all__ = [
    "SETTLE_DAYS",
    "Span",
    "figures_for",
    "figures_mark_stale",
    "figures_refresh",
    "figures_refresh_due",
    "settled_months",
]

logger = logging.getLogger(__name__)
SETTLE_DAYS = 7
RECENT_MAX_AGE = timedelta(minutes=9)  # a month that ended < SETTLE_DAYS ago: stored again every run
REFRESH_BATCH = 24  # months stored per run of the beat task
# A stored month is stored again after this long even if nothing marked it stale: the safety net for
# changes that bypass the timeline (an administrator's edit, a data fix in SQL).
REFRESH_MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """Whole days as half-open ranges of aware datetimes: what the live queries read."""

    ranges: tuple[tuple[datetime, datetime], ...]

    def q(self, field: str) -> Q:
        condition = Q(pk__in=[])
        for start, end in self.ranges:
            condition |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
        return condition

    def __bool__(self) -> bool:
        return bool(self.ranges)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def days_span(pieces: list[tuple[date, date]]) -> Span:
    """A Span of (first day, last day) pieces, both included."""
    return Span(tuple((_midnight(a), _midnight(b + timedelta(days=1))) for a, b in pieces if a <= b))


def settled_months(start: date, end: date, *, today: date | None = None) -> list[date]:
    """The calendar months wholly inside [start, end] that have ended (before today)."""
    today = today or timezone.localdate()
    months, month = [], start.replace(day=1) if start.day == 1 else _next_month(start)
    while _next_month(month) - timedelta(days=1) <= end:
        if _next_month(month) <= today:
            months.append(month)
        month = _next_month(month)
    return months


def figures_for(region: Region, start: date, end: date, *, now, county_id: int) -> tuple[FigureSet, dict]:
    """The summable figures of region over the days [start, end]: stored months where current, the
    rest live. Returns the figures and what was read from where (for the page and the benchmark)."""
    months = settled_months(start, end, today=timezone.localtime(now).date())
    fresh = set(
        FigureMonth.objects.filter(county_id=county_id, month__in=months, stale=False).values_list(
            "month", flat=True
        )
    )
    stored = sorted(fresh)
    figures: FigureSet = {}
    if stored:
        rows = (
            MonthlyFigure.objects.filter(region_q(region), month__in=stored)
            .order_by()
            .values_list("region_id", "key")
            .annotate(count=Sum("count"), workdays=Sum("workdays"))
        )
        for place, key, count, workdays in rows:
            figures[(place, key)] = [count, workdays]
    pieces, day = [], start
    for month in stored:
        if day < month:
            pieces.append((day, month - timedelta(days=1)))
        day = _next_month(month)
    if day <= end:
        pieces.append((day, end))
    span = days_span(pieces)
    if span:
        for key, (count, workdays) in figures_live(region, span, now=now).items():
            entry = figures.setdefault(key, [0, 0])
            entry[0] += count
            entry[1] += workdays
    return figures, {"stored_months": stored, "live": pieces}


def trend_for(region: Region, months: list[date], *, now, county_id: int) -> dict[date, dict]:
    """Disputes taken in and resolved per month: stored months where current (one query), the others
    live (two queries grouped by month)."""
    from dashboards.indicators.measures import DISPUTE_MEASURES, opened_in

    today = timezone.localtime(now).date()
    settled = [m for m in months if _next_month(m) <= today]
    fresh = set(
        FigureMonth.objects.filter(county_id=county_id, month__in=settled, stale=False).values_list(
            "month", flat=True
        )
    )
    result = {month: {"taken_in": 0, "resolved": 0} for month in months}
    if fresh:
        rows = (
            MonthlyFigure.objects.filter(
                region_q(region), month__in=sorted(fresh), key__in=["taken_in", "resolved"]
            )
            .order_by()
            .values_list("month", "key")
            .annotate(n=Sum("count"))
        )
        for month, key, n in rows:
            result[month][key] = n
    live = [m for m in months if m not in fresh]
    if live:
        span = days_span([(m, _next_month(m) - timedelta(days=1)) for m in live])
        month_of = TruncMonth("opened_at", output_field=DateField())
        taken = Dispute.objects.filter(region_q(region), opened_in(span)).order_by()
        for month, n in taken.annotate(month=month_of).values_list("month").annotate(n=Count("pk")):
            result[month]["taken_in"] += n
        resolved = Dispute.objects.filter(region_q(region), DISPUTE_MEASURES["resolved"](span)).order_by()
        month_of = TruncMonth("closed_at", output_field=DateField())
        for month, n in resolved.annotate(month=month_of).values_list("month").annotate(n=Count("pk")):
            result[month]["resolved"] += n
    return result


def figures_refresh(*, county: Region, month: date, now=None) -> int:
    """Stores a month of a county that has ended: its figures per village, computed live, replacing what was
    stored. Marks the month current only if no change was recorded while it ran (FigureMonth.version).
    Returns the rows stored."""
    now = now or timezone.now()
    status, _created = FigureMonth.objects.get_or_create(county=county, month=month)
    version = status.version
    figures = figures_live(county, days_span([(month, _next_month(month) - timedelta(days=1))]), now=now)
    towns = dict(
        Region.objects.filter(code__startswith=county.code)
        .exclude(parent=None)
        .values_list("pk", "parent_id")
    )
    rows = [
        MonthlyFigure(
            month=month,
            county=county,
            town_id=_town_of(place, towns, county.pk),
            region_id=place,
            key=key,
            count=count,
            workdays=workdays,
        )
        for (place, key), (count, workdays) in figures.items()
    ]
    with transaction.atomic():
        # Two refreshes of one month (a slow run overlapping the next beat) take turns here, so the
        # second replaces the first's rows instead of adding to them.
        FigureMonth.objects.select_for_update().filter(pk=status.pk).first()
        MonthlyFigure.objects.filter(county=county, month=month).delete()
        MonthlyFigure.objects.bulk_create(rows, batch_size=2000)
        FigureMonth.objects.filter(pk=status.pk, version=version).update(stale=False, refreshed_at=now)
    return len(rows)


def _town_of(place: int, parents: dict, county_id: int) -> int:
    """The town (or state unit) of a village: its parent, unless the place hangs off the county."""
    parent = parents.get(place)
    return place if parent in (None, county_id) else parent


def figures_refresh_due(*, now=None, batch: int = REFRESH_BATCH) -> list[tuple[int, date]]:
    """Stores the months that ended and are stale, a day old or never stored, oldest first, at most
    `batch` of them per call (the beat task's run). Returns the (county id, month) stored."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    done = []
    for county in Region.objects.filter(kind=RegionKind.COUNTY).order_by("code"):
        first = Dispute.objects.filter(county=county).aggregate(first=Min("opened_at"))["first"]
        if first is None:
            continue
        months = settled_months(timezone.localtime(first).date().replace(day=1), today, today=today)
        recent = today - timedelta(days=SETTLE_DAYS)
        current = {
            month
            for month, refreshed in FigureMonth.objects.filter(
                county=county, stale=False, month__in=months, refreshed_at__gte=now - REFRESH_MAX_AGE
            ).values_list("month", "refreshed_at")
            if _next_month(month) <= recent or refreshed >= now - RECENT_MAX_AGE
        }
        for month in [m for m in months if m not in current][: batch - len(done)]:
            figures_refresh(county=county, month=month, now=now)
            done.append((county.pk, month))
        if len(done) >= batch:
            break
    return done


def figures_mark_stale(*, dispute_id: int, event_id: int | None = None, event=None) -> int:
    """The dispute changed: the stored month it was opened in is no longer current (and, when the event
    reopened it, every later month, where it had been counted as concluded). One UPDATE; from the event
    dispute_changed carries, without reading the dispute or the event."""
    if event is not None and event.pk == event_id and event.dispute_id == dispute_id:
        dispute = event.dispute
        month = timezone.localtime(dispute.opened_at).date().replace(day=1)
        months = Q(month__gte=month) if event.transition == "reopen" else Q(month=month)
        return FigureMonth.objects.filter(months, county_id=dispute.county_id, stale=False).update(
            stale=True, version=F("version") + 1
        )
    opened = (
        Dispute.objects.filter(pk=dispute_id)
        .annotate(month=TruncMonth("opened_at", output_field=DateField()))
        .values("month")[:1]
    )
    county = Dispute.objects.filter(pk=dispute_id).values("county_id")[:1]
    months = Q(month=opened)
    if event_id is not None:
        reopened = DisputeEvent.objects.filter(pk=event_id, transition="reopen")
        months |= Q(Exists(reopened), month__gt=opened)
    return FigureMonth.objects.filter(months, county_id=county, stale=False).update(
        stale=True, version=F("version") + 1
    )


def on_dispute_changed(sender, *, dispute_id, event_id=None, event=None, **kwargs) -> None:
    """Receiver of disputes.signals.dispute_changed (after the commit): must not raise."""
    try:
        figures_mark_stale(dispute_id=dispute_id, event_id=event_id, event=event)
    except Exception:  # a failed mark must not fail the user's request; REFRESH_MAX_AGE bounds the damage
        logger.exception("could not mark the monthly figures of dispute %s stale", dispute_id)
