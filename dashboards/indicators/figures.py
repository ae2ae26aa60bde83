"""The cockpit's numbers for a scope, read with a fixed number of aggregate queries whatever the data.

`Cockpit(scope)` reads each family of figures once, when first asked (one query for the dispute rows,
one for the timeline, one for what is overdue now …), grouped by village; towns and the region are
sums of their villages. The public functions (`indicators`, `funnel`, …) each build one; a page that
shows them all builds one Cockpit and reads everything from it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from agencies.choices import RegionKind
from agencies.models import Body, Region
from alerts.choices import LIVE_STATUSES, WarningStatus
from dashboards.indicators.measures import (
    LADDER_TIERS,
    prevented_criminal,
    region_q,
)
from dashboards.indicators.scope import Scope
from dashboards.indicators.summary import figures_for, trend_for
from disputes.choices import OPEN_STATUSES, Channel
from disputes.models import Category, Dispute, LadderStep

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
    population: int | None = None  # its own figure, else the sum of its places' (Cockpit.population)


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

    def __init__(self, scope: Scope, *, now=None, beside: "Cockpit | None" = None):
        """`beside`: the cockpit of another period of the same region shown on the same page (last
        year's beside this one): what is true now (overdue work) is read once for both."""
        self.scope = scope
        self.region = scope.region
        self.now = now or timezone.now()
        if beside is not None and beside.region == self.region:
            self.now = beside.now
            self.__dict__["overdue"] = beside.overdue

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

    # -- the families of figures ----------------------------------------------------------------------

    @cached_property
    def county_id(self) -> int:
        if self.region.kind == RegionKind.COUNTY:
            return self.region.pk
        return Region.objects.values_list("pk", flat=True).get(code=self.region.code[:6])

    @cached_property
    def _figures(self) -> tuple[dict, dict]:
        """Every summable figure per village: stored settled months plus the other days live
        (summary.py). Two queries, and seven more when any day is read live."""
        return figures_for(
            self.region, self.scope.start, self.scope.end, now=self.now, county_id=self.county_id
        )

    @property
    def figures(self) -> dict:
        return self._figures[0]

    @property
    def sources(self) -> dict:
        """Which months came from the summary and which days were read live."""
        return self._figures[1]

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

    def _by_prefix(self, prefix: str) -> dict[str, int]:
        """Totals of the narrowed figures `prefix:<value>` over the scope, by value."""
        totals: dict[str, int] = defaultdict(int)
        for (_place, key), (count, _workdays) in self.figures.items():
            if key.startswith(prefix):
                totals[key.removeprefix(prefix)] += count
        return totals

    @cached_property
    def tier_days(self) -> dict[str, tuple[int, int]]:
        """(disputes, working days in all) resolved at each ladder tier in the period."""
        result = {tier: [0, 0] for tier in LADDER_TIERS}
        for (_place, key), (count, workdays) in self.figures.items():
            if key.startswith("resolved_") and key.removeprefix("resolved_") in result:
                entry = result[key.removeprefix("resolved_")]
                entry[0] += count
                entry[1] += workdays
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
        on time, late."""
        rows: dict[int, dict] = {}
        for which in ("sent", "on_time", "late"):
            for body, n in self._by_prefix(f"referrals_{which}:").items():
                rows.setdefault(int(body), {"sent": 0, "on_time": 0, "late": 0})[which] = n
        return rows

    @cached_property
    def bodies(self) -> dict[int, Body]:
        """The bodies named by the overdue and punctuality figures. One query."""
        ids = {holder for _region, holder in self.overdue} | set(self.referrals_by_body)
        return Body.objects.in_bulk(sorted(ids)) if ids else {}

    @cached_property
    def trend(self) -> list[dict]:
        """Disputes taken in and resolved per month, the twelve months up to the period's end."""
        last = _month_start(self.scope.end)
        months = [_months_back(last, back) for back in range(TREND_MONTHS - 1, -1, -1)]
        counts = trend_for(self.region, months, now=self.now, county_id=self.county_id)
        return [{"month": month, **counts[month]} for month in months]

    @cached_property
    def categories(self) -> list[tuple[Category, int]]:
        """Disputes taken in per category, most first. One query (the categories' names)."""
        totals = {int(pk): n for pk, n in self._by_prefix("category:").items() if n}
        found = Category.objects.in_bulk(sorted(totals)) if totals else {}
        result = [(found[pk], n) for pk, n in totals.items() if pk in found]
        return sorted(result, key=lambda item: (-item[1], item[0].code))

    @cached_property
    def channels(self) -> list[tuple[str, str, int]]:
        """Disputes taken in per channel (value, label, count), most first."""
        labels = dict(Channel.choices)
        rows = [(c, str(labels.get(c, c)), n) for c, n in self._by_prefix("channel:").items() if n]
        return sorted(rows, key=lambda item: (-item[2], item[0]))

    # -- sums ------------------------------------------------------------------------------------------

    def total(self, key: str, region: Region | None = None) -> int:
        """A figure summed over the villages of `region` (default: the scope's region): the scope, a
        town of it, or a village."""
        return self._totals.get(((region or self.region).pk, key), 0)

    @cached_property
    def _totals(self) -> dict[tuple[int, str], int]:
        """Every figure summed once per village, per town and for the scope's region."""
        totals: dict[tuple[int, str], int] = defaultdict(int)
        areas: dict[int, int | None] = {}
        entries = [(place, key, count) for (place, key), (count, _w) in self.figures.items()]
        entries += [(place, "overdue", n) for (place, _holder), n in self.overdue.items()]
        for place, key, count in entries:
            if place not in areas:
                area = self.area_of(place)
                areas[place] = area.pk if area is not None else None
            totals[(self.region.pk, key)] += count
            if areas[place] is not None and areas[place] != self.region.pk:
                totals[(areas[place], key)] += count
            if place not in (self.region.pk, areas[place]):
                totals[(place, key)] += count
        return totals

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
