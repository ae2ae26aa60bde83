"""The deadline sweep (DESIGN.md §4): every running clock of an open dispute (its set: the step's own
and a statutory limit beside it, DisputeClock) and every waiting referral whose warning point or time
limit has passed gets a DeadlineBreach row, once per clock; where the step's policy says so, the
dispute climbs a rung of the ladder as the system, while a statutory limit alerts.

Cost: each pass reads the partial indexes on the deadline columns of running clocks
(clock_running_due, clock_running_warn; a closed dispute has no clock rows) and of waiting referrals
(referral_pending_due, referral_pending_warn), so it touches the rows that are due, never the whole
table.

Safety: every row is handled in its own transaction on a row locked with
`select_for_update(skip_locked=True)`, and re-checked under the lock. A row another sweep holds is
skipped (that sweep handles it); a row handled meanwhile no longer matches; the unique constraints of
DeadlineBreach are the last word. A worker killed mid-run loses only the row in hand, rolled back:
the next run (beat, every five minutes; or the redelivered task, `acks_late`) picks up the rest.
"""

import logging
import time
from contextlib import nullcontext
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from disputes.choices import OPEN_STATUSES, ReferralStatus, Status, Tier
from disputes.deadlines import policy_for
from disputes.ladder import next_ladder_step
from disputes.models import DeadlineBreach, Dispute, DisputeClock, DisputeEvent, Referral
from disputes.models.deadlines import BreachAction, ClockKind
from disputes.signals import deadline_breached, deadline_warning
from linze.exceptions import ActionRefused

# A grid report not yet in mediation goes to its village committee when its time at the grid runs out
# (in mediation, the ladder's own clock escalates it).
GRID_HAND_OVER_STATUSES = (Status.REPORTED, Status.ASSESSING)

logger = logging.getLogger(__name__)

WARNING, BREACH = DeadlineBreach.Kind.WARNING, DeadlineBreach.Kind.BREACH
Outcome = DeadlineBreach.Outcome


@dataclass
class SweepResult:
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0
    referral_warnings: int = 0
    referral_breaches: int = 0
    skipped: int = 0  # due rows another sweep held or that moved on before their lock was taken
    complete: bool = True  # False when the time budget ran out; the next run goes on

    def as_dict(self) -> dict:
        return asdict(self)


# -- selectors: the ids that are due ----------------------------------------------------------------------


def _not_recorded(kind: str, *, referral: bool, clock: str):
    """No DeadlineBreach of this kind yet for the row's current clock (the anti-join of the sweep)."""
    if referral:
        breaches = DeadlineBreach.objects.filter(referral=OuterRef("pk"), kind=kind, due_at=OuterRef(clock))
    else:
        breaches = DeadlineBreach.objects.filter(
            dispute=OuterRef("dispute_id"),
            referral__isnull=True,
            clock=OuterRef("kind"),
            kind=kind,
            due_at=OuterRef(clock),
        )
    return ~Exists(breaches)


def due_clocks(*, kind: str, now, after: tuple | None = None):
    """Running clocks of open disputes past their deadline (breach) or warning point (warning, not yet
    overdue) with no record of it, in the order of that moment, as (moment, clock id, dispute id, clock
    kind) after the keyset (moment, clock id) `after`. A closed dispute has no clocks."""
    column = "due_at" if kind == BREACH else "warn_at"
    queryset = DisputeClock.objects.filter(paused_at=None, **{f"{column}__lte": now})
    if kind == WARNING:
        queryset = queryset.filter(due_at__gt=now)
    if after is not None:
        queryset = queryset.filter(**{f"{column}__gte": after[0]}).filter(
            Q(**{f"{column}__gt": after[0]}) | Q(pk__gt=after[1])
        )
    return (
        queryset.filter(_not_recorded(kind, referral=False, clock="due_at"))
        .order_by(column, "pk")
        .values_list(column, "pk", "dispute_id", "kind")
    )


def due_referrals(*, kind: str, now, after: tuple | None = None):
    """Bodies called in on a whistle that have not reported in by their deadline (or warning point).
    The lead body's report-in is the dispute's own clock in "referred", swept with the disputes."""
    column = "report_by" if kind == BREACH else "warn_at"
    queryset = Referral.objects.filter(status=ReferralStatus.PENDING, **{f"{column}__lte": now}).filter(
        is_lead=False
    )
    if kind == WARNING:
        queryset = queryset.filter(report_by__gt=now)
    if after is not None:
        queryset = queryset.filter(**{f"{column}__gte": after[0]}).filter(
            Q(**{f"{column}__gt": after[0]}) | Q(pk__gt=after[1])
        )
    return (
        queryset.filter(_not_recorded(kind, referral=True, clock="report_by"))
        .order_by(column, "pk")
        .values_list(column, "pk")
    )


# -- one row, one transaction -------------------------------------------------------------------------------


def _announce(breach: DeadlineBreach, *, referral_id: int | None) -> None:
    signal = deadline_breached if breach.kind == BREACH else deadline_warning
    kwargs = {
        "dispute_id": breach.dispute_id,
        "referral_id": referral_id,
        "kind": breach.kind,
        "breach_id": breach.pk,
    }

    def send():
        for receiver, result in signal.send_robust(sender=DeadlineBreach, **kwargs):
            if isinstance(result, Exception):
                logger.error("deadline signal receiver %r failed: %r", receiver, result, extra=kwargs)

    transaction.on_commit(send, robust=True)


def _escalation_note(dispute: Dispute, due_at) -> str:
    # The timeline speaks the county's language, whoever reads it later.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Automatic escalation: the time limit at the %(tier)s tier ran out at %(due)s.") % {
            "tier": Tier(dispute.tier).label,
            "due": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M"),
        }


def _escalate(dispute: Dispute, breach: DeadlineBreach, *, name: str = "escalate") -> None:
    """Moves the dispute one rung up as the system: `escalate` while mediating, `take_over` for a grid
    report whose working day at the grid ran out."""
    from disputes.services import dispute_transition

    if next_ladder_step(dispute) is None:
        breach.outcome = Outcome.TOP_TIER
        return
    try:
        dispute_transition(
            dispute_id=dispute.pk,
            user=None,
            system=True,
            name=name,
            data={"note": _escalation_note(dispute, breach.due_at)},
            payload={"breach": breach.pk, "deadline": breach.due_at.isoformat()},
        )
    except (ActionRefused, ValidationError) as refused:
        # No body at the next rung, say: the breach stands and the people are told; nothing moves.
        logger.warning("automatic escalation of dispute %s refused: %s", dispute.pk, refused)
        breach.outcome = Outcome.ESCALATION_FAILED
        return
    breach.outcome = Outcome.ESCALATED
    breach.escalation_event = DisputeEvent.objects.filter(dispute_id=dispute.pk).latest("pk")


def dispute_deadline_handle(
    *, dispute_id: int, kind: str, now, clock: str | None = None
) -> DeadlineBreach | None:
    """Records that one of a dispute's clocks (of kind `clock`, or the earliest due) has passed its
    warning point or deadline, and acts on it, once: the step's clock escalates where its policy says
    so (or hands a grid report to its village committee); a statutory limit alerts.

    Returns the new DeadlineBreach, or None when there is nothing to do: the row is locked by another
    sweep, the dispute moved on (or its clock was paused), or this clock's breach is already recorded.
    """
    with transaction.atomic():
        dispute = (
            Dispute.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=dispute_id, status__in=OPEN_STATUSES)
            .first()
        )
        if dispute is None:
            return None
        due = Q(due_at__lte=now) if kind == BREACH else Q(warn_at__lte=now, due_at__gt=now)
        clocks = DisputeClock.objects.filter(due, dispute=dispute, paused_at=None).select_related("policy")
        if clock is not None:
            clocks = clocks.filter(kind=clock)
        for passed in clocks.order_by("due_at", "kind"):
            recorded = DeadlineBreach.objects.filter(
                dispute=dispute, referral__isnull=True, clock=passed.kind, kind=kind, due_at=passed.due_at
            )
            if not recorded.exists():
                break
        else:
            return None
        # A clock written before the set had no policy (migration 0016): the step's is read as before.
        legacy = passed.policy_id is None and passed.kind == ClockKind.STEP
        policy = policy_for(dispute)[0] if legacy else passed.policy
        breach = DeadlineBreach.objects.create(
            dispute=dispute,
            kind=kind,
            clock=passed.kind,
            due_at=passed.due_at,
            status=dispute.status,
            tier=dispute.tier,
            holder_id=dispute.holder_id,
            policy=policy,
            detected_at=now,
        )
        step_breached = kind == BREACH and passed.kind == ClockKind.STEP
        if (
            step_breached
            and policy is not None
            and policy.breach_action == BreachAction.ESCALATE
            and dispute.status == Status.MEDIATING
        ):
            _escalate(dispute, breach)
            breach.save(update_fields=["outcome", "escalation_event"])
        elif step_breached and dispute.tier == Tier.GRID and dispute.status in GRID_HAND_OVER_STATUSES:
            _escalate(dispute, breach, name="take_over")
            breach.save(update_fields=["outcome", "escalation_event"])
        lead = dispute.pending_lead_referral if dispute.status == Status.REFERRED else None
        _announce(breach, referral_id=lead.pk if lead else None)
    return breach


def referral_deadline_handle(*, referral_id: int, kind: str, now) -> DeadlineBreach | None:
    """Records that a body called in on a whistle has not reported in by its deadline (or warning
    point), once. None when there is nothing to do (locked elsewhere, answered, already recorded)."""
    with transaction.atomic():
        due = Q(report_by__lte=now) if kind == BREACH else Q(warn_at__lte=now, report_by__gt=now)
        referral = (
            Referral.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("dispute")
            .filter(due, pk=referral_id, status=ReferralStatus.PENDING)
            .first()
        )
        if referral is None:
            return None
        if DeadlineBreach.objects.filter(referral=referral, kind=kind, due_at=referral.report_by).exists():
            return None
        breach = DeadlineBreach.objects.create(
            dispute_id=referral.dispute_id,
            referral=referral,
            kind=kind,
            due_at=referral.report_by,
            status=referral.dispute.status,
            tier=referral.dispute.tier,
            holder_id=referral.body_id,
            detected_at=now,
        )
        _announce(breach, referral_id=referral.pk)
    return breach


# -- the run ------------------------------------------------------------------------------------------------


def deadline_sweep_run(
    *, now=None, batch_size: int = 500, time_budget: float = 240.0, row_delay: float = 0.0
) -> SweepResult:
    """One pass of the sweep: breaches first (so that a dispute found late is not warned as well),
    then warnings; disputes, then the bodies called in on whistles.

    `now` is the moment the pass judges by (fixed for the pass). `time_budget` (seconds) bounds a pass
    so that runs do not pile up behind a backlog; what is left waits for the next one. `row_delay`
    keeps each row's transaction open that long before it commits: tests use it to kill a worker
    holding a row in the middle of a pass.
    """
    now = now or timezone.now()
    started = time.monotonic()
    result = SweepResult()

    def of_clock(row) -> dict:
        return {"dispute_id": row[2], "clock": row[3]}

    def of_referral(row) -> dict:
        return {"referral_id": row[1]}

    passes = [
        (due_clocks, dispute_deadline_handle, of_clock, BREACH, "breaches"),
        (due_referrals, referral_deadline_handle, of_referral, BREACH, "referral_breaches"),
        (due_clocks, dispute_deadline_handle, of_clock, WARNING, "warnings"),
        (due_referrals, referral_deadline_handle, of_referral, WARNING, "referral_warnings"),
    ]
    for select, handle, arguments, kind, counter in passes:
        after = None
        while True:
            batch = list(select(kind=kind, now=now, after=after)[:batch_size])
            for row in batch:
                if time.monotonic() - started > time_budget:
                    result.complete = False
                    logger.warning("deadline sweep stopped by its time budget: %s", result.as_dict())
                    return result
                with transaction.atomic() if row_delay else nullcontext():
                    breach = handle(**arguments(row), kind=kind, now=now)
                    if row_delay:
                        time.sleep(row_delay)  # the row's work done, its transaction still open
                if breach is None:
                    result.skipped += 1
                else:
                    setattr(result, counter, getattr(result, counter) + 1)
                    result.escalations += breach.outcome == Outcome.ESCALATED
            if len(batch) < batch_size:
                break
            after = batch[-1][:2]
    return result
