"""What the cockpit shows of a Cockpit's figures: each indicator with its label, unit and definition
(DOMAIN.md, "Indicators leaders read"), the funnel, the town table, the 无讼村 list, overdue work."""

import functools

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dashboards.indicators.figures import (
    Cockpit,
    CourtlessList,
    FunnelStep,
    Indicator,
    OverdueRow,
    TownRow,
    TownTable,
    drill_url,
    rate,
)
from dashboards.indicators.measures import FUNNEL_LAYERS, LADDER_TIERS
from dashboards.models import CourtlessRule
from disputes.choices import Tier

__all__ = [
    "courtless_from",
    "funnel_from",
    "indicators_from",
    "overdue_from",
    "punctuality_from",
    "tier_days_from",
    "town_table_from",
]

TIER_LABELS = dict(Tier.choices)
COUNT = pgettext_lazy("unit", "disputes")
PERCENT = "%"
PER_10K = gettext_lazy("per 10,000 residents")
WORKDAYS = gettext_lazy("working days")


def _count(cockpit: Cockpit, key: str, label, definition, *, drill: str | None = None) -> Indicator:
    value = cockpit.total(key)
    return Indicator(
        key,
        str(label),
        value,
        str(COUNT),
        str(definition),
        value,
        None,
        drill_url(cockpit.scope, drill or key),
    )


def _rate(cockpit: Cockpit, key, label, definition, numerator: str, denominator: str) -> Indicator:
    n, d = cockpit.total(numerator), cockpit.total(denominator)
    return Indicator(
        key, str(label), rate(n, d), PERCENT, str(definition), n, d, drill_url(cockpit.scope, numerator)
    )


def _per_10k(cockpit: Cockpit, key, label, definition, numerator: str, region=None) -> Indicator:
    n = cockpit.total(numerator, region)
    population, estimate = cockpit.population(region)
    note = _("Population %(population)s, an estimate.") if estimate else _("Population %(population)s.")
    return Indicator(
        key,
        str(label),
        rate(n, population or 0, per=10_000, digits=2),
        str(PER_10K),
        str(definition),
        n,
        population,
        drill_url(cockpit.scope.with_region(region or cockpit.region), numerator),
        note % {"population": population if population is not None else "—"},
    )


def indicators_from(cockpit: Cockpit) -> list[Indicator]:
    """The headline indicators of a scope, in the order the cockpit shows them."""
    warned = cockpit.warned
    scope = cockpit.scope
    result = [
        _count(
            cockpit, "taken_in", _("Taken in"), _("Disputes registered in the period, from every channel.")
        ),
        _count(
            cockpit,
            "concluded",
            _("Concluded"),
            _("Disputes closed in the period (merged duplicates not counted)."),
        ),
        _count(
            cockpit,
            "resolved",
            _("Resolved"),
            _(
                "Disputes concluded in the period with a resolution: prevention work, a performed agreement, "
                "an administrative decision, or the court's mediation."
            ),
        ),
        _rate(
            cockpit,
            "resolution_rate",
            _("Resolution rate"),
            _("化解率: disputes resolved ÷ disputes concluded in the period."),
            "resolved",
            "concluded",
        ),
        _rate(
            cockpit,
            "mediation_success_rate",
            _("Mediation success rate"),
            _(
                "调解成功率: of the disputes concluded in the period that were mediated, the share that "
                "ended in a performed agreement or in the court's mediation."
            ),
            "mediated_success",
            "mediated",
        ),
        _rate(
            cockpit,
            "grassroots_rate",
            _("Grassroots resolution rate"),
            _(
                "基层自主化解率: disputes resolved at the grid, village or town tier ÷ disputes concluded in "
                "the period."
            ),
            "grassroots",
            "concluded",
        ),
        _count(
            cockpit,
            "to_court",
            _("Sent to court"),
            _("Disputes sent to the court in the period (to sue, or after an agreement was not performed)."),
        ),
        _rate(
            cockpit,
            "prelit_success_rate",
            _("Pre-litigation mediation success rate"),
            _(
                "诉前调解成功率: the court's pre-litigation mediations concluded in the period that ended in "
                "an agreement ÷ those concluded (agreement, filing or withdrawal)."
            ),
            "prelit_success",
            "prelit_concluded",
        ),
        _rate(
            cockpit,
            "diversion_rate",
            _("Diversion rate"),
            _(
                "分流率: disputes the court answered in the period by pre-litigation or delegated mediation "
                "÷ all it answered (those and direct filings)."
            ),
            "court_diverted",
            "court_answered",
        ),
        _count(
            cockpit, "court_filed", _("Court filings"), _("Disputes the court filed (立案) in the period.")
        ),
        _per_10k(
            cockpit,
            "suing_rate",
            _("Lawsuits per 10,000 residents"),
            _(
                "万人起诉率: disputes sent to the court in the period ÷ residents and registered migrants × "
                "10,000 (population figures are editable estimates)."
            ),
            "to_court",
        ),
        _per_10k(
            cockpit,
            "litigation_rate",
            _("Court cases per 10,000 residents"),
            _(
                "万人成讼率: disputes the court filed in the period ÷ residents and registered migrants × "
                "10,000 (population figures are editable estimates)."
            ),
            "court_filed",
        ),
        _count(
            cockpit,
            "overdue",
            _("Overdue now"),
            _("Open disputes past the deadline of their current step, now (not the period)."),
        ),
        Indicator(
            "warned_open",
            _("Warnings open"),
            warned["open"],
            str(COUNT),
            _("Disputes with an early warning not yet handled, now."),
            warned["open"],
            None,
            drill_url(scope, "warned_open"),
        ),
        Indicator(
            "warned_handled",
            _("Warnings handled"),
            warned["handled"],
            str(COUNT),
            _("Disputes whose early warning was handled in the period."),
            warned["handled"],
            None,
            drill_url(scope, "warned_handled"),
        ),
        Indicator(
            "prevented_criminal",
            _("Civil-to-criminal escalation prevented"),
            cockpit.prevented_criminal_count,
            str(COUNT),
            _(
                "防止民转刑: disputes whose warning of violence was handled in the period and that were "
                "neither filed by the court nor sent to the procuratorate."
            ),
            cockpit.prevented_criminal_count,
            None,
            drill_url(scope, "prevented_criminal"),
        ),
    ]
    for row in tier_days_from(cockpit):
        result.append(
            Indicator(
                f"days_{row['tier']}",
                _("Average working days, resolved at %(tier)s tier") % {"tier": row["label"]},
                row["average"],
                str(WORKDAYS),
                _(
                    "Working days from intake to closing of the disputes resolved at this tier in the "
                    "period; the ladder allows %(days)s working days up to the end of this tier."
                )
                % {"days": row["ladder_days"] if row["ladder_days"] is not None else "—"},
                row["workdays"],
                row["count"],
                row["drill_url"],
            )
        )
    return result


def tier_days_from(cockpit: Cockpit) -> list[dict]:
    """Per ladder tier: disputes resolved there in the period, their average working days, the ladder's."""
    rows = []
    for tier in LADDER_TIERS:
        count, workdays = cockpit.tier_days[tier]
        rows.append(
            {
                "tier": tier,
                "label": str(TIER_LABELS[tier]),
                "count": count,
                "workdays": workdays,
                "average": round(workdays / count, 1) if count else None,
                "ladder_days": cockpit.ladder_days.get(tier),
                "drill_url": drill_url(cockpit.scope, f"resolved_{tier}"),
            }
        )
    return rows


def funnel_from(cockpit: Cockpit) -> list[FunnelStep]:
    """The layered filter for the disputes taken in during the period: how many each layer resolved,
    how many reached the court, are still open, or ended otherwise. The steps after the first add up to
    the first."""
    scope = cockpit.scope
    taken = cockpit.total("taken_in")
    labels = {
        Tier.GRID: _("Resolved at the grid"),
        Tier.VILLAGE: _("Resolved in the village"),
        Tier.TOWN: _("Resolved in the town"),
        Tier.COUNTY: _("Resolved at the county centre"),
        Tier.AGENCY: _("Resolved by agencies"),
        "court": _("Reached the court"),
        "open": _("Still being handled"),
        "other": _("Ended otherwise (withdrawn, declined, merged)"),
    }
    steps = [FunnelStep("taken_in", _("Taken in"), taken, drill_url(scope, "taken_in"), taken)]
    remaining = taken
    for layer in [*FUNNEL_LAYERS, "court", "open", "other"]:
        key = f"layer_{layer}"
        count = cockpit.total(key)
        if layer in FUNNEL_LAYERS:
            remaining -= count
        steps.append(FunnelStep(key, str(labels[layer]), count, drill_url(scope, key), remaining))
    return steps


TOWN_COLUMNS = [
    ("taken_in", gettext_lazy("Taken in")),
    ("concluded", gettext_lazy("Concluded")),
    ("resolution_rate", gettext_lazy("Resolution rate %")),
    ("grassroots_rate", gettext_lazy("Grassroots resolution %")),
    ("to_court", gettext_lazy("Sent to court")),
    ("court_filed", gettext_lazy("Court filings")),
    ("suing_rate", gettext_lazy("Lawsuits per 10,000")),
    ("litigation_rate", gettext_lazy("Court cases per 10,000")),
    ("overdue", gettext_lazy("Overdue now")),
]
# The columns whose cell links to a list of disputes, and to which figure.
TOWN_DRILL = {
    "taken_in": "taken_in",
    "concluded": "concluded",
    "resolution_rate": "resolved",
    "grassroots_rate": "grassroots",
    "to_court": "to_court",
    "court_filed": "court_filed",
    "suing_rate": "to_court",
    "litigation_rate": "court_filed",
    "overdue": "overdue",
}


def town_table_from(cockpit: Cockpit) -> TownTable:
    """One row per town of the scope (or the scope's place itself), a column per indicator."""
    rows, estimate = [], False
    for area in cockpit.areas:
        total = functools.partial(cockpit.total, region=area)
        population, is_estimate = cockpit.population(area)
        estimate = estimate or is_estimate
        values = {
            "taken_in": total("taken_in"),
            "concluded": total("concluded"),
            "resolution_rate": rate(total("resolved"), total("concluded")),
            "grassroots_rate": rate(total("grassroots"), total("concluded")),
            "to_court": total("to_court"),
            "court_filed": total("court_filed"),
            "suing_rate": rate(total("to_court"), population or 0, per=10_000, digits=2),
            "litigation_rate": rate(total("court_filed"), population or 0, per=10_000, digits=2),
            "overdue": total("overdue"),
        }
        area_scope = cockpit.scope.with_region(area)
        drills = {key: drill_url(area_scope, figure) for key, figure in TOWN_DRILL.items()}
        rows.append(TownRow(area, values, drills, population))
    columns = [(key, str(label)) for key, label in TOWN_COLUMNS]
    return TownTable(columns, rows, estimate)


def courtless_from(cockpit: Cockpit, rule: CourtlessRule | None = None) -> CourtlessList:
    """Villages and communities of the scope that meet the 无讼村 rule in the period."""
    rule = rule or CourtlessRule.current()
    figure = "to_court" if rule.count_referrals else "court_filed"
    villages = []
    for place in cockpit.places:
        if cockpit.total(figure, place) > rule.max_court_disputes:
            continue
        if rule.require_intake and not cockpit.total("taken_in", place):
            continue
        villages.append(place)
    return CourtlessList(rule.rule_text, villages, len(cockpit.places))


def overdue_from(cockpit: Cockpit) -> list[OverdueRow]:
    """Open disputes past their deadline now, per holding body, most first."""
    by_body: dict[int, int] = {}
    for (_place, holder), n in cockpit.overdue.items():
        by_body[holder] = by_body.get(holder, 0) + n
    rows = [
        OverdueRow(cockpit.bodies[holder], n, drill_url(cockpit.scope, "overdue", holder=holder))
        for holder, n in by_body.items()
        if holder in cockpit.bodies
    ]
    return sorted(rows, key=lambda row: (-row.count, row.body.code))


def punctuality_from(cockpit: Cockpit) -> list[dict]:
    """Per body called in (a referral or a whistle) in the period: disputes sent, reported in on time,
    late; the share on time."""
    rows = []
    for body_id, row in cockpit.referrals_by_body.items():
        body = cockpit.bodies.get(body_id)
        if body is None:
            continue
        rows.append(
            {
                "body": body,
                **row,
                "rate": rate(row["on_time"], row["sent"]),
                "drill_urls": {
                    which: drill_url(cockpit.scope, f"referrals_{which}", body=body_id)
                    for which in ("sent", "on_time", "late")
                },
            }
        )
    return sorted(rows, key=lambda row: (-row["sent"], row["body"].code))
