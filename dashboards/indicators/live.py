"""The summable figures of a region over a span of days, read from the raw tables: seven aggregate
queries whatever the data, each grouped by village. The cockpit reads them for the days no settled
month of the summary covers, and the summary's refresh stores them for a month (summary.py), so both
count with the very same conditions as the drill-down lists (measures.py).

A figure set maps (village id, key) to [count, working days]; keys are the figures of measures.py and
their narrowings: category:<id>, channel:<value>, referrals_sent|on_time|late:<body id>.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from dashboards.indicators.measures import (
    DISPUTE_MEASURES,
    EVENT_MEASURES,
    LADDER_TIERS,
    RESOLVED_OUTCOMES,
    concluded_in,
    events_in,
    opened_in,
    referral_q,
    region_q,
)
from disputes.models import Dispute, DisputeEvent, Referral
from linze.workdays import is_workday

__all__ = ["FigureSet", "figures_live", "workday_index"]

FigureSet = dict  # (village id, key) -> [count, workdays]


def _add(figures: FigureSet, place: int, key: str, count: int, workdays: int = 0) -> None:
    if count or workdays:
        entry = figures.setdefault((place, key), [0, 0])
        entry[0] += count
        entry[1] += workdays


def figures_live(region, span, *, now) -> FigureSet:
    """Every summable figure of `region` over `span`, per village, from the disputes, their timeline
    and their referrals. Seven queries."""
    figures: FigureSet = {}
    in_region = region_q(region)
    counts = {key: Count("pk", filter=build(span)) for key, build in DISPUTE_MEASURES.items()}
    rows = (
        Dispute.objects.filter(in_region, opened_in(span) | concluded_in(span))
        .order_by()
        .values("region_id")
        .annotate(**counts)
    )
    for row in rows:
        place = row.pop("region_id")
        for key, count in row.items():
            _add(figures, place, key, count)

    any_step = Q()
    for condition in EVENT_MEASURES.values():
        any_step |= condition
    counts = {
        key: Count("dispute_id", distinct=True, filter=condition) for key, condition in EVENT_MEASURES.items()
    }
    rows = (
        DisputeEvent.objects.filter(any_step, events_in(span), region_q(region, prefix="dispute__"))
        .order_by()
        .values("dispute__region_id")
        .annotate(**counts)
    )
    for row in rows:
        place = row.pop("dispute__region_id")
        for key, count in row.items():
            _add(figures, place, key, count)

    _tier_workdays(figures, region, span)

    opened = Dispute.objects.filter(in_region, opened_in(span)).order_by()
    for place, category, n in opened.values_list("region_id", "category_id").annotate(n=Count("pk")):
        _add(figures, place, f"category:{category}", n)
    for place, channel, n in opened.values_list("region_id", "channel").annotate(n=Count("pk")):
        _add(figures, place, f"channel:{channel}", n)

    rows = (
        Referral.objects.filter(referral_q(span, "sent", now=now), region_q(region, prefix="dispute__"))
        .order_by()
        .values_list("dispute__region_id", "body_id")
        .annotate(
            sent=Count("dispute_id", distinct=True),
            on_time=Count("dispute_id", distinct=True, filter=referral_q(span, "on_time", now=now)),
            late=Count("dispute_id", distinct=True, filter=referral_q(span, "late", now=now)),
        )
    )
    for place, body, sent, on_time, late in rows:
        _add(figures, place, f"referrals_sent:{body}", sent)
        _add(figures, place, f"referrals_on_time:{body}", on_time)
        _add(figures, place, f"referrals_late:{body}", late)
    return figures


def _tier_workdays(figures: FigureSet, region, span) -> None:
    """Working days from intake to closing of the disputes resolved at each ladder tier, summed per
    village as W(closed) − W(opened) over a running count of working days: two grouped queries of at
    most a row per village, tier and day."""
    resolved = Dispute.objects.filter(
        region_q(region), concluded_in(span), outcome__in=RESOLVED_OUTCOMES, tier__in=LADDER_TIERS
    ).order_by()
    opened = list(
        resolved.annotate(day=TruncDate("opened_at"))
        .values_list("region_id", "tier", "day")
        .annotate(n=Count("pk"))
    )
    closed = list(
        resolved.annotate(day=TruncDate("closed_at"))
        .values_list("region_id", "tier", "day")
        .annotate(n=Count("pk"))
    )
    days = [day for _place, _tier, day, _n in opened + closed]
    if not days:
        return
    index = workday_index(min(days), max(days))
    total: dict = defaultdict(int)
    for place, tier, day, n in closed:
        total[(place, tier)] += index[day] * n
    for place, tier, day, n in opened:
        total[(place, tier)] -= index[day] * n
    for (place, tier), workdays in total.items():
        _add(figures, place, f"resolved_{tier}", 0, workdays)


def workday_index(first: date, last: date) -> dict[date, int]:
    """Working days counted from `first` (0) to each day up to `last`: W(b) − W(a) is the number of
    working days after a up to b, as linze.workdays.workdays_between counts them."""
    index, count, day = {}, 0, first
    while day <= last:
        if day != first and is_workday(day):
            count += 1
        index[day] = count
        day += timedelta(days=1)
    return index
