"""Every figure of the cockpit defined once, as a condition on a dispute (or on its timeline).

The cockpit counts rows with these conditions (`Count(filter=…)`) and the drill-down list filters the
disputes with the very same ones, so the list behind a number always holds that number of disputes.

Counts of the timeline (sent to court, filed, diverted, pre-litigation mediations) count disputes, not
events: a dispute sent to court twice in a period is one dispute sent to court.
"""

import functools

from django.db.models import Exists, F, OuterRef, Q

from alerts.choices import LIVE_STATUSES, RuleKind, WarningStatus
from disputes.choices import OPEN_STATUSES, Outcome, ReferralRoute, Status, Tier
from disputes.models import DisputeEvent, Referral
from disputes.querysets import REGION_COLUMNS  # the region columns restrict() reads

__all__ = [
    "DISPUTE_MEASURES",
    "EVENT_MEASURES",
    "FUNNEL_LAYERS",
    "LADDER_TIERS",
    "condition",
    "region_q",
]

# Resolved (化解): settled by prevention work, a performed agreement, a department's decision (an
# administrative decision or ruling, an arbitration award, the law explained, an agency's mediation), or
# the court's mediation. A judgment decides, it does not resolve; withdrawn, declined (also an agency's
# "not within our competence") and merged disputes end without a resolution on record.
RESOLVED_OUTCOMES = [
    Outcome.PREVENTED,
    Outcome.FULFILLED,
    Outcome.ADMINISTRATIVE_DECISION,
    Outcome.AGENCY_MEDIATED,
    Outcome.ARBITRATION_AWARD,
    Outcome.EXPLAINED,
]
COURT_RESOLVED = [Outcome.COURT_MEDIATED]
MEDIATION_SUCCESS = [Outcome.FULFILLED, Outcome.AGENCY_MEDIATED, Outcome.COURT_MEDIATED]
GRASSROOTS_TIERS = [Tier.GRID, Tier.VILLAGE, Tier.TOWN]
LADDER_TIERS = [Tier.GRID, Tier.VILLAGE, Tier.TOWN, Tier.COUNTY]
# The layers of the filter, bottom up: where a dispute taken in ended (or is).
FUNNEL_LAYERS = [Tier.GRID, Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.AGENCY]
COURT_TRANSITIONS = [
    "refer_to_court",
    "report_default",
    "court_accept",
    "court_delegate",
    "court_file",
    "record_agreement",
    "withdraw",
]


def region_q(region, *, prefix: str = "") -> Q:
    """The disputes of a region (and everything below it), as one equality on a stored column."""
    return Q(**{f"{prefix}{REGION_COLUMNS[region.kind]}": region.pk})


def opened_in(span) -> Q:
    """`span` is a Scope or a summary.Span: anything whose q(field) says when `field` falls in it."""
    return span.q("opened_at")


def concluded_in(span) -> Q:
    return Q(status=Status.CLOSED) & span.q("closed_at") & ~Q(outcome=Outcome.MERGED)


def _resolved_at(tiers) -> Q:
    return Q(status=Status.CLOSED, outcome__in=RESOLVED_OUTCOMES, tier__in=tiers)


# Reached the court: taken by the court (and not only for judicial confirmation), or ended there.
_AT_COURT = (Q(tier=Tier.COURT) & ~Q(status=Status.CONFIRMING)) | Q(
    status=Status.CLOSED, outcome__in=[Outcome.JUDGMENT, Outcome.COURT_MEDIATED]
)
_RESOLVED_IN_LAYER = _resolved_at(FUNNEL_LAYERS)
_COURT_LAYER = ~_RESOLVED_IN_LAYER & _AT_COURT


def _layer(name: str) -> Q:
    """Where a dispute stands in the layered filter; the layers split every dispute exactly once."""
    if name in FUNNEL_LAYERS:
        return _resolved_at([name])
    if name == "court":
        return _COURT_LAYER
    if name == "open":
        return Q(status__in=OPEN_STATUSES) & ~_COURT_LAYER
    return Q(status=Status.CLOSED) & ~_RESOLVED_IN_LAYER & ~_COURT_LAYER  # "other": ended unresolved


def _in_layer(scope, *, name: str) -> Q:
    return opened_in(scope) & _layer(name)


def _resolved_in(scope, *, tier: str) -> Q:
    return concluded_in(scope) & _resolved_at([tier])


# Figures on the dispute row: key → condition for a scope.
DISPUTE_MEASURES = {
    "taken_in": opened_in,
    "concluded": concluded_in,
    "resolved": lambda s: (
        concluded_in(s) & (Q(outcome__in=RESOLVED_OUTCOMES) | Q(outcome__in=COURT_RESOLVED))
    ),
    "grassroots": lambda s: concluded_in(s) & _resolved_at(GRASSROOTS_TIERS),
    "mediated": lambda s: concluded_in(s) & Q(mediation_tried=True),
    "mediated_success": lambda s: concluded_in(s) & Q(mediation_tried=True, outcome__in=MEDIATION_SUCCESS),
    **{
        f"layer_{name}": functools.partial(_in_layer, name=name)
        for name in [*FUNNEL_LAYERS, "court", "open", "other"]
    },
    **{f"resolved_{tier}": functools.partial(_resolved_in, tier=tier) for tier in LADDER_TIERS},
}

# Figures of the timeline: key → condition on a DisputeEvent (within the period).
EVENT_MEASURES = {
    "to_court": Q(transition__in=["refer_to_court", "report_default"]),
    "court_filed": Q(transition="court_file"),
    "court_diverted": Q(transition__in=["court_accept", "court_delegate"]),
    "court_answered": Q(transition__in=["court_accept", "court_delegate"])
    | Q(transition="court_file", from_status=Status.COURT_REFERRED),
    "prelit_concluded": Q(
        from_status=Status.COURT_MEDIATING, transition__in=["record_agreement", "court_file", "withdraw"]
    ),
    "prelit_success": Q(from_status=Status.COURT_MEDIATING, transition="record_agreement"),
}


def events_in(span) -> Q:
    return span.q("created_at")


def prevented_criminal(scope) -> Q:
    """防止民转刑: a violence warning handled in the period, and the dispute was never filed by the court
    nor sent to the procuratorate."""
    from alerts.models import Warning

    handled = Warning.objects.filter(
        kind=RuleKind.VIOLENCE_WORDS,
        status=WarningStatus.HANDLED,
        handled_at__gte=scope.starts_at,
        handled_at__lt=scope.ends_before,
        dispute__isnull=False,
    )
    filed = DisputeEvent.objects.filter(dispute=OuterRef("pk"), transition="court_file")
    procuratorate = Referral.objects.filter(dispute=OuterRef("pk"), route=ReferralRoute.PROCURATORATE)
    # From the (few) handled warnings to their disputes, not from every dispute to its warnings.
    return Q(pk__in=handled.values("dispute_id")) & ~Q(Exists(filed)) & ~Q(Exists(procuratorate))


def warned(scope, which: str) -> Q:
    """Disputes concerned by a warning open now (or acknowledged), or by one handled in the period."""
    from alerts.models import Warning

    links = Warning.disputes.through.objects.filter(dispute_id=OuterRef("pk"))
    if which == "open":
        links = links.filter(warning__status__in=LIVE_STATUSES)
    else:
        links = links.filter(
            warning__status=WarningStatus.HANDLED,
            warning__handled_at__gte=scope.starts_at,
            warning__handled_at__lt=scope.ends_before,
        )
    return Q(Exists(links))


def referral_q(span, which: str, *, now) -> Q:
    """Referrals to agencies (not the court) sent in the period: all, reported in on time, or late
    (reported in after the deadline, or still waiting past it)."""
    sent = span.q("created_at") & ~Q(route=ReferralRoute.COURT)
    sent &= Q(report_by__isnull=False)
    if which == "on_time":
        return sent & Q(accepted_at__isnull=False, accepted_at__lte=F("report_by"))
    if which == "late":
        return sent & (
            Q(accepted_at__gt=F("report_by"))
            | Q(accepted_at__isnull=True, status="pending", report_by__lt=now)
        )
    return sent


def condition(key: str, scope, *, now, body_id: int | None = None) -> Q | None:
    """The condition on a dispute behind the figure `key` for the scope, or None for an unknown key."""
    if key in DISPUTE_MEASURES:
        return DISPUTE_MEASURES[key](scope)
    if key in EVENT_MEASURES:
        events = DisputeEvent.objects.filter(EVENT_MEASURES[key], events_in(scope), dispute=OuterRef("pk"))
        return Q(Exists(events))
    if key == "prevented_criminal":
        return prevented_criminal(scope)
    if key in ("warned_open", "warned_handled"):
        return warned(scope, key.removeprefix("warned_"))
    if key == "overdue":
        return Q(status__in=OPEN_STATUSES, due_at__lt=now)
    if key.startswith("referrals_"):
        which = key.removeprefix("referrals_")
        if which not in ("sent", "on_time", "late"):
            return None
        referrals = Referral.objects.filter(referral_q(scope, which, now=now), dispute=OuterRef("pk"))
        if body_id is not None:
            referrals = referrals.filter(body_id=body_id)
        return Q(Exists(referrals))
    return None
