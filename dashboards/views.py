"""The leaders' cockpit (驾驶舱) and the lists of disputes behind its numbers. Read-only pages."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.auth import kind_required, primary_membership
from dashboards.indicators import (
    Cockpit,
    Scope,
    ScopeInvalid,
    courtless_villages,
    drill_url,
    funnel,
    indicators,
    overdue_by_body,
    punctuality,
    scope_default,
    scope_from_request,
    tier_days,
    town_table,
)
from dashboards.indicators.drill import drill_disputes, drill_title
from dashboards.indicators.picker import picker_context
from disputes.deadlines import with_clock_state, with_clock_units
from disputes.views.pagination import SORTS, keyset_page
from linze.db import replica_reads
from supervision.selectors import education_figures, suggestion_figures

NOW_KEYS = {"overdue", "warned_open"}


def _scope_or_message(request):
    """The scope the URL asks for, or this month's with the reason the URL could not be read (400)."""
    try:
        return scope_from_request(request), None
    except ScopeInvalid as invalid:
        return scope_default(request.user), invalid.message


@kind_required("leader")
@replica_reads
def home(request):
    """The cockpit: headline indicators beside the same period of last year, the layered filter,
    trends, categories, channels, the town table, punctuality, overdue work and the 无讼村 list."""
    scope, error = _scope_or_message(request)
    cockpit = Cockpit(scope)
    last_year = Cockpit(scope.previous_year(), beside=cockpit)
    headline = indicators(scope, cockpit=cockpit)
    previous = {i.key: i for i in indicators(last_year.scope, cockpit=last_year)}
    steps = funnel(scope, cockpit=cockpit)
    table = town_table(scope, cockpit=cockpit)
    charts = {
        "funnel": [
            {"name": s.label, "value": s.remaining, "count": s.count, "url": s.drill_url} for s in steps
        ],
        "trend": {
            "months": [f"{row['month']:%Y-%m}" for row in cockpit.trend],
            "taken_in": [row["taken_in"] for row in cockpit.trend],
            "resolved": [row["resolved"] for row in cockpit.trend],
            "urls": [_month_urls(scope, row["month"]) for row in cockpit.trend],
        },
        "categories": [
            {
                "name": category.display_name,
                "value": n,
                "url": drill_url(scope, "taken_in", category=category.code),
            }
            for category, n in cockpit.categories
        ],
        "channels": [
            {"name": label, "value": n, "url": drill_url(scope, "taken_in", channel=value)}
            for value, label, n in cockpit.channels
        ],
        "labels": {"taken_in": _("Taken in"), "resolved": _("Resolved")},
    }
    context = {
        "membership": primary_membership(request.user),
        "scope": scope,
        "previous_scope": last_year.scope,
        "error": error,
        # What is overdue or warned now has no "last year" beside it.
        "rows": [(i, None if i.key in NOW_KEYS else previous.get(i.key)) for i in headline],
        "funnel": steps,
        "table": table,
        "table_scale": _scale(table),
        "courtless": courtless_villages(scope, cockpit=cockpit),
        "overdue": overdue_by_body(scope, cockpit=cockpit),
        "punctuality": punctuality(scope, cockpit=cockpit),
        "tier_days": tier_days(scope, cockpit=cockpit),
        "charts": charts,
        "categories": cockpit.categories,
        "channels": cockpit.channels,
        "trend": cockpit.trend,
        # Judicial and procuratorial suggestions to the region's bodies: two queries whatever their number.
        "suggestions": suggestion_figures(
            user=request.user, region=scope.region, start=scope.start, end=scope.end
        ),
        "education": education_figures(region=scope.region, start=scope.start, end=scope.end),
        **picker_context(request.user, scope),
    }
    return render(request, "dashboards/home.html", context, status=400 if error else 200)


def _month_urls(scope, month) -> dict:
    month_scope = Scope.month_of(scope.region, month)
    return {"taken_in": drill_url(month_scope, "taken_in"), "resolved": drill_url(month_scope, "resolved")}


def _scale(table) -> dict:
    """Per column of the town table, each cell's place between the column's lowest and highest value
    (0–4), for the colour scale; a higher number of overdue or court cases reads as worse."""
    worse_when_high = {"to_court", "court_filed", "suing_rate", "litigation_rate", "overdue"}
    better_when_high = {"resolution_rate", "grassroots_rate"}
    scale = {}
    for key, _label in table.columns:
        if key not in worse_when_high | better_when_high:
            continue  # how many disputes a town takes in is neither good nor bad
        values = [row.values[key] for row in table.rows if row.values[key] is not None]
        low, high = (min(values), max(values)) if values else (0, 0)
        for row in table.rows:
            value = row.values[key]
            if value is None or high == low:
                level = None
            else:
                level = round(4 * (value - low) / (high - low))
                if key in better_when_high:
                    level = 4 - level
            scale[(row.region.pk, key)] = level
    return {f"{pk}:{key}": level for (pk, key), level in scale.items()}


@kind_required("leader")
@replica_reads
def disputes(request):
    """The disputes behind one number of the cockpit (`key`, with the cockpit's period and region, and
    any narrowing: category, channel, holder, body). Read through restrict(); personal data masked."""
    scope, error = _scope_or_message(request)
    key = request.GET.get("key", "")
    now = timezone.now()
    queryset = None
    if error is None:
        try:
            queryset = drill_disputes(user=request.user, scope=scope, params=request.GET, now=now)
        except ScopeInvalid as invalid:
            error = invalid.message
    page = None
    if queryset is not None:
        page = keyset_page(
            with_clock_state(queryset),
            sort=SORTS["opened"],
            after=request.GET.get("after"),
            before=request.GET.get("before"),
        )
        page.rows = with_clock_units(page.rows)  # the rows' time left: no query per row
    query = request.GET.copy()
    for name in ("after", "before"):
        query.pop(name, None)
    context = {
        "scope": scope,
        "error": error,
        "title": drill_title(key, request.GET) if error is None else _("Disputes"),
        "page": page,
        "query": query.urlencode(),
        "now": now,
        "cockpit_query": scope.query(),
    }
    return render(request, "dashboards/disputes.html", context, status=400 if error else 200)
