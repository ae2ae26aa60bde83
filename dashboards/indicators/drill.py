"""The disputes behind a number of the cockpit: the one dispute-list filter (restrict() first), narrowed
by the figure's own condition (measures.py), so that the list holds exactly the disputes counted."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.indicators.measures import condition, region_q
from dashboards.indicators.scope import Scope, ScopeInvalid
from disputes.choices import Channel
from disputes.selectors import dispute_list

__all__ = ["drill_disputes", "drill_title"]

TITLES = {
    "taken_in": gettext_lazy("Disputes taken in"),
    "concluded": gettext_lazy("Disputes concluded"),
    "resolved": gettext_lazy("Disputes resolved"),
    "grassroots": gettext_lazy("Disputes resolved at the grassroots"),
    "mediated": gettext_lazy("Mediated disputes concluded"),
    "mediated_success": gettext_lazy("Mediations that succeeded"),
    "layer_grid": gettext_lazy("Resolved at the grid"),
    "layer_village": gettext_lazy("Resolved in the village"),
    "layer_town": gettext_lazy("Resolved in the town"),
    "layer_county": gettext_lazy("Resolved at the county centre"),
    "layer_agency": gettext_lazy("Resolved by agencies"),
    "layer_court": gettext_lazy("Reached the court"),
    "layer_open": gettext_lazy("Still being handled"),
    "layer_other": gettext_lazy("Ended otherwise (withdrawn, declined, merged)"),
    "resolved_grid": gettext_lazy("Resolved at the grid"),
    "resolved_village": gettext_lazy("Resolved in the village"),
    "resolved_town": gettext_lazy("Resolved in the town"),
    "resolved_county": gettext_lazy("Resolved at the county centre"),
    "to_court": gettext_lazy("Disputes sent to court"),
    "court_filed": gettext_lazy("Disputes filed by the court"),
    "court_diverted": gettext_lazy("Disputes the court diverted to mediation"),
    "court_answered": gettext_lazy("Disputes the court answered"),
    "prelit_concluded": gettext_lazy("Pre-litigation mediations concluded"),
    "prelit_success": gettext_lazy("Pre-litigation mediations that succeeded"),
    "prevented_criminal": gettext_lazy("Civil-to-criminal escalation prevented"),
    "warned_open": gettext_lazy("Disputes with a warning open"),
    "warned_handled": gettext_lazy("Disputes whose warning was handled"),
    "overdue": gettext_lazy("Overdue now"),
    "referrals_sent": gettext_lazy("Disputes referred to the body"),
    "referrals_on_time": gettext_lazy("Disputes the body reported in on in time"),
    "referrals_late": gettext_lazy("Disputes the body reported in on late, or not yet"),
}


def _int(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit() or len(str(value)) > 12:
        raise ScopeInvalid(_("%(name)s must be a number.") % {"name": name})
    return int(value)


def drill_disputes(*, user, scope: Scope, params, now):
    """The disputes behind figure `params["key"]` for the scope, newest first; narrowed by category
    (code), channel, holder (a body id) or body (the body a referral went to). Unknown figures and
    unreadable narrowing raise ScopeInvalid."""
    key = params.get("key", "")
    body_id = _int(params.get("body"), "body")
    found = condition(key, scope, now=now, body_id=body_id) if key in TITLES else None
    if found is None:
        raise ScopeInvalid(_("The cockpit has no figure called %(key)s.") % {"key": key[:40]})
    filters = {}
    if category := (params.get("category") or "").strip():
        filters["category"] = category[:40]
    if (holder := _int(params.get("holder"), "holder")) is not None:
        filters["holder"] = holder
    queryset = dispute_list(user=user, filters=filters, now=now).filter(region_q(scope.region), found)
    if channel := params.get("channel"):
        if channel not in Channel.values:
            raise ScopeInvalid(_("No channel is called %(channel)s.") % {"channel": channel[:40]})
        queryset = queryset.filter(channel=channel)
    return queryset


def drill_title(key: str, params) -> str:
    return str(TITLES.get(key, _("Disputes")))
