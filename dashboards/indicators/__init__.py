"""The leaders' indicators (DOMAIN.md, "Indicators leaders read"): the one module the cockpit, the
API, the exports and the People's Congress pages read them from.

    scope = scope_from_request(request)            # or scope_default(user)
    indicators(scope)  funnel(scope)  town_table(scope)  courtless_villages(scope)  overdue_by_body(scope)

Each function reads its figures with a fixed number of aggregate queries; a page showing several
builds one `Cockpit(scope)` and passes it on (`indicators(scope, cockpit=…)`), so each is read once.
Every figure is a condition defined once (measures.py); its `drill_url` lists the disputes behind it.
"""

from dashboards.indicators.definitions import (
    courtless_from,
    funnel_from,
    indicators_from,
    overdue_from,
    punctuality_from,
    tier_days_from,
    town_table_from,
)
from dashboards.indicators.figures import (
    Cockpit,
    CourtlessList,
    FunnelStep,
    Indicator,
    OverdueRow,
    TownRow,
    TownTable,
    drill_url,
)
from dashboards.indicators.scope import Scope, ScopeInvalid, scope_default, scope_from_request

__all__ = [
    "Cockpit",
    "CourtlessList",
    "FunnelStep",
    "Indicator",
    "OverdueRow",
    "Scope",
    "ScopeInvalid",
    "TownRow",
    "TownTable",
    "courtless_villages",
    "drill_url",
    "funnel",
    "indicators",
    "overdue_by_body",
    "punctuality",
    "scope_default",
    "scope_from_request",
    "tier_days",
    "town_table",
]


def _cockpit(scope: Scope, cockpit: Cockpit | None) -> Cockpit:
    return cockpit if cockpit is not None and cockpit.scope == scope else Cockpit(scope)


def indicators(scope: Scope, *, cockpit: Cockpit | None = None) -> list[Indicator]:
    return indicators_from(_cockpit(scope, cockpit))


def funnel(scope: Scope, *, cockpit: Cockpit | None = None) -> list[FunnelStep]:
    return funnel_from(_cockpit(scope, cockpit))


def town_table(scope: Scope, *, cockpit: Cockpit | None = None) -> TownTable:
    return town_table_from(_cockpit(scope, cockpit))


def courtless_villages(scope: Scope, *, cockpit: Cockpit | None = None) -> CourtlessList:
    return courtless_from(_cockpit(scope, cockpit))


def overdue_by_body(scope: Scope, *, cockpit: Cockpit | None = None) -> list[OverdueRow]:
    return overdue_from(_cockpit(scope, cockpit))


def tier_days(scope: Scope, *, cockpit: Cockpit | None = None) -> list[dict]:
    return tier_days_from(_cockpit(scope, cockpit))


def punctuality(scope: Scope, *, cockpit: Cockpit | None = None) -> list[dict]:
    return punctuality_from(_cockpit(scope, cockpit))
