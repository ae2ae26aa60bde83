"""The cockpit's numbers for a scope, read with a fixed number of aggregate queries whatever the data.

`Cockpit(scope)` reads each family of figures once, when first asked (one query for the dispute rows,
one for the timeline, one for what is overdue now …), grouped by village; towns and the region are
sums of their villages. The public functions (`indicators`, `funnel`, …) each build one; a page that
shows them all builds one Cockpit and reads everything from it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.urls import reverse
from django.utils import timezone

from agencies.choices import RegionKind
from agencies.models import Body, Region
from alerts.choices import LIVE_STATUSES, WarningStatus
from dashboards.indicators.measures import (
    DISPUTE_MEASURES,
    EVENT_MEASURES,
    LADDER_TIERS,
    RESOLVED_OUTCOMES,
    concluded_in,
    events_in,
    opened_in,
    prevented_criminal,
    referral_q,
    region_q,
)
from dashboards.indicators.scope import Scope
from disputes.choices import OPEN_STATUSES, Channel
from disputes.models import Category, Dispute, DisputeEvent, LadderStep, Referral
from linze.workdays import is_workday

__all__ = [
    "Cockpit",
    "CourtlessList",
    "FunnelStep",
    "Indicator",
    "OverdueRow",
    "TownRow",
    "TownTable",
    "drill_url",
]

PLACE_KINDS = (RegionKind.VILLAGE, RegionKind.COMMUNITY, RegionKind.STATE_UNIT)
AREA_KINDS = (RegionKind.TOWN, RegionKind.STATE_UNIT)
TREND_MONTHS = 12


@dataclass
class Indicator:
    key: str
    label: str
    value: float | int | None  # None when the denominator is 0
    unit: str
    definition: str
    numerator: int | None
    denominator: int | None
    drill_url: str | None
    note: str = ""  # e.g. that the population is an estimate


@dataclass
class FunnelStep:
    key: str
    label: str
    count: int
    drill_url: str
    remaining: int = 0  # taken in minus what the layers up to this one resolved


@dataclass
class TownRow:
    region: Region
    values: dict = field(default_factory=dict)
    drill_urls: dict = field(default_factory=dict)


@dataclass
class TownTable:
    columns: list  # (key, label)
    rows: list  # TownRow
    population_is_estimate: bool = True


@dataclass
class CourtlessList:
    rule_text: str
    villages: list  # Region
    places: int = 0  # places in the scope the rule was applied to


@dataclass
class OverdueRow:
    body: Body
    count: int
    drill_url: str


def drill_url(scope: Scope, key: str, **dims) -> str:
    """The list of disputes behind a figure: the scope, the figure, and any narrowing (category …)."""
    return f"{reverse('dashboards:disputes')}?{scope.query(key=key, **dims)}"


def rate(numerator: int, denominator: int, *, per: int = 100, digits: int = 1):
    if not denominator:
        return None
    return round(numerator * per / denominator, digits)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


class Cockpit:
    """The figures of one scope. Each cached property is one query (or two), read when first used."""

    def __init__(self, scope: Scope, *, now=None):
        self.scope = scope
        self.region = scope.region
        self.now = now or timezone.now()

    # -- the places of the scope ---------------------------------------------------------------------

    @cached_property
    def regions(self) -> dict[int, Region]:
        """The scope's region and every place below it (towns, villages), by id. One query."""
        region = self.region
        below = Region.objects.filter(code__startswith=region.code).exclude(kind=RegionKind.GRID)
        return {r.pk: r for r in below.order_by("code")}

    def area_of(self, region_id: int) -> Region | None:
        """The town (or state unit) a place lies in."""
        region = self.regions.get(region_id)
        while region is not None and region.kind not in AREA_KINDS:
            region = self.regions.get(region.parent_id)
        return region

    @cached_property
    def areas(self) -> list[Region]:
        """The rows of the town table: the towns of a county, or the scope's own town or place."""
        if self.region.kind == RegionKind.COUNTY:
            return [
                r for r in self.regions.values() if r.kind in AREA_KINDS and r.parent_id == self.region.pk
            ]
        return [self.region]

    @cached_property
    def places(self) -> list[Region]:
        return [r for r in self.regions.values() if r.kind in PLACE_KINDS]

    # -- the families of figures, by village ----------------------------------------------------------

    @cached_property
    def by_place(self) -> dict[int, dict]:
        """Dispute-row figures per village: one aggregate over the disputes opened or concluded in
        the period."""
        scope = self.scope
        counts = {key: Count("pk", filter=build(scope)) for key, build in DISPUTE_MEASURES.items()}
        rows = (
            Dispute.objects.filter(region_q(self.region), opened_in(scope) | concluded_in(scope))
            .order_by()
            .values("region_id")
            .annotate(**counts)
        )
        return {row.pop("region_id"): row for row in rows}

    @cached_property
    def events_by_place(self) -> dict[int, dict]:
        """Timeline figures per village: disputes with a court step in the period. One query."""
        counts = {
            key: Count("dispute_id", distinct=True, filter=condition)
            for key, condition in EVENT_MEASURES.items()
        }
        any_step = Q()
        for condition in EVENT_MEASURES.values():
            any_step |= condition
        rows = (
            DisputeEvent.objects.filter(
                any_step, events_in(self.scope), region_q(self.region, prefix="dispute__")
            )
            .order_by()
            .values("dispute__region_id")
            .annotate(**counts)
        )
        return {row.pop("dispute__region_id"): row for row in rows}

    @cached_property
    def overdue(self) -> dict[tuple[int, int], int]:
        """Open disputes past their deadline now, per (village, holder). One query."""
        rows = (
            Dispute.objects.filter(region_q(self.region), status__in=OPEN_STATUSES, due_at__lt=self.now)
            .order_by()
            .values_list("region_id", "holder_id")
            .annotate(n=Count("pk"))
        )
        return {(region_id, holder_id): n for region_id, holder_id, n in rows}

    @cached_property
    def prevented_criminal_count(self) -> int:
        return Dispute.objects.filter(region_q(self.region), prevented_criminal(self.scope)).count()

    @cached_property
    def warned(self) -> dict:
        """Disputes with a warning open now, and with one handled in the period: read from the warnings'
        links to their disputes (a small table), not from every dispute. One query."""
        from alerts.models import Warning

        scope = self.scope
        live = Q(warning__status__in=LIVE_STATUSES)
        handled = Q(
            warning__status=WarningStatus.HANDLED,
            warning__handled_at__gte=scope.starts_at,
            warning__handled_at__lt=scope.ends_before,
        )
        links = Warning.disputes.through.objects.filter(
            live | handled, region_q(self.region, prefix="dispute__")
        )
        return links.aggregate(
            open=Count("dispute_id", distinct=True, filter=live),
            handled=Count("dispute_id", distinct=True, filter=handled),
        )

    @cached_property
    def tier_days(self) -> dict[str, tuple[int, int]]:
        """(disputes, working days in all) resolved at each ladder tier in the period: working days
        from intake to closing, summed as W(closed) − W(opened) over a running count of working days
        (two grouped queries, at most a row per tier and day)."""
        base = Dispute.objects.filter(region_q(self.region), concluded_in(self.scope)).filter(
            outcome__in=RESOLVED_OUTCOMES, tier__in=LADDER_TIERS
        )
        opened = _grouped(base, "tier", day=TruncDate("opened_at"))
        closed = _grouped(base, "tier", day=TruncDate("closed_at"))
        opened, closed = list(opened), list(closed)
        days = [day for _tier, day, _n in opened + closed]
        index = workday_index(min(days), max(days)) if days else {}
        result = {tier: [0, 0] for tier in LADDER_TIERS}
        for tier, day, n in closed:
            result[tier][0] += n
            result[tier][1] += index[day] * n
        for tier, day, n in opened:
            result[tier][1] -= index[day] * n
        return {tier: (count, total) for tier, (count, total) in result.items()}

    @cached_property
    def ladder_days(self) -> dict[str, int]:
        """Working days the ladder allows from intake to the end of each tier (1, 3, 5, 7 by default)."""
        steps = LadderStep.objects.for_region(self.region if self.region.kind != RegionKind.COUNTY else None)
        total, result = 0, {}
        for step in steps:
            total += step.working_days
            result[step.tier] = total
        return result

    @cached_property
    def referrals_by_body(self) -> dict[int, dict]:
        """Report-in after a referral or a whistle, per body: disputes sent in the period, reported in
        on time, late. One query."""
        scope, now = self.scope, self.now
        rows = (
            Referral.objects.filter(
                referral_q(scope, "sent", now=now), region_q(self.region, prefix="dispute__")
            )
            .order_by()
            .values("body_id")
            .annotate(
                sent=Count("dispute_id", distinct=True),
                on_time=Count("dispute_id", distinct=True, filter=referral_q(scope, "on_time", now=now)),
                late=Count("dispute_id", distinct=True, filter=referral_q(scope, "late", now=now)),
            )
        )
        return {row.pop("body_id"): row for row in rows}

    @cached_property
    def bodies(self) -> dict[int, Body]:
        """The bodies named by the overdue and punctuality figures. One query."""
        ids = {holder for _region, holder in self.overdue} | set(self.referrals_by_body)
        return Body.objects.in_bulk(sorted(ids)) if ids else {}

    @cached_property
    def trend(self) -> list[dict]:
        """Disputes taken in and resolved per month, the twelve months up to the period's end. Two queries."""
        last = _month_start(self.scope.end)
        first = _months_back(last, TREND_MONTHS - 1)
        trend_scope = Scope(self.region, first, _months_back(last, -1) - timedelta(days=1), "", "range")
        taken = _grouped(
            Dispute.objects.filter(region_q(self.region), opened_in(trend_scope)),
            month=TruncMonth("opened_at"),
        )
        resolved = _grouped(
            Dispute.objects.filter(region_q(self.region), DISPUTE_MEASURES["resolved"](trend_scope)),
            month=TruncMonth("closed_at"),
        )
        taken = {timezone.localtime(m).date() if hasattr(m, "hour") else m: n for m, n in taken}
        resolved = {timezone.localtime(m).date() if hasattr(m, "hour") else m: n for m, n in resolved}
        months = [_months_back(last, back) for back in range(TREND_MONTHS - 1, -1, -1)]
        return [
            {"month": month, "taken_in": taken.get(month, 0), "resolved": resolved.get(month, 0)}
            for month in months
        ]

    @cached_property
    def categories(self) -> list[tuple[Category, int]]:
        """Disputes taken in per category, most first. One query."""
        rows = (
            Dispute.objects.filter(region_q(self.region), opened_in(self.scope))
            .order_by()
            .values("category_id", "category__code", "category__name", "category__name_en")
            .annotate(n=Count("pk"))
        )
        result = []
        for row in rows:
            category = Category(
                pk=row["category_id"],
                code=row["category__code"],
                name=row["category__name"],
                name_en=row["category__name_en"],
            )
            result.append((category, row["n"]))
        return sorted(result, key=lambda item: (-item[1], item[0].code))

    @cached_property
    def channels(self) -> list[tuple[str, str, int]]:
        """Disputes taken in per channel (value, label, count), most first. One query."""
        rows = (
            Dispute.objects.filter(region_q(self.region), opened_in(self.scope))
            .order_by()
            .values_list("channel")
            .annotate(n=Count("pk"))
        )
        labels = dict(Channel.choices)
        return sorted(((c, str(labels.get(c, c)), n) for c, n in rows), key=lambda item: (-item[2], item[0]))

    # -- sums ------------------------------------------------------------------------------------------

    def total(self, key: str, region: Region | None = None) -> int:
        """A figure summed over the villages of `region` (default: the scope's region)."""
        region = region or self.region
        source = self.events_by_place if key in EVENT_MEASURES else self.by_place
        if key == "overdue":
            return sum(n for (place, _holder), n in self.overdue.items() if self._within(place, region))
        return sum(row.get(key, 0) for place, row in source.items() if self._within(place, region))

    def _within(self, place_id: int, region: Region) -> bool:
        if region.pk == self.region.pk:
            return True
        place = self.regions.get(place_id)
        return place is not None and place.code.startswith(region.code)

    def population(self, region: Region | None = None) -> tuple[int | None, bool]:
        """(population, whether any part of it is an estimate) of a region: its own figure, else the
        sum of its towns'."""
        region = region or self.region
        if region.population:
            return region.population, region.population_is_estimate
        parts = [r for r in self.regions.values() if r.parent_id == region.pk and r.population]
        if not parts:
            return None, True
        return sum(r.population for r in parts), any(r.population_is_estimate for r in parts)


def _grouped(queryset, *fields, **expressions) -> list[tuple]:
    """(fields…, expressions…, count) rows of the queryset grouped by them."""
    names = [*fields, *expressions]
    rows = queryset.order_by().annotate(**expressions).values(*names).annotate(n=Count("pk"))
    return [(*(row[name] for name in names), row["n"]) for row in rows]


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
