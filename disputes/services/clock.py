"""The clocks of a dispute (DESIGN.md §4): the set it runs — one per kind, DisputeClock — restarted by
every transition, paused and resumed together, and the one extension the law allows a step.

`dispute_clocks_restart` runs inside `dispute_transition` (and registration) on the locked dispute:
the step's clock is the one the service set on the dispute for the step it enters; a statutory limit
beside it keeps running while the same policy applies (an escalation up the ladder does not restart
labour mediation's 15 days) and starts when one first applies. `Dispute.due_at` / `warn_at` become
those of the earliest clock, for the lists and their indexes; the sweep reads the clocks themselves.
"""

from django.db.models import F
from django.utils import timezone

from disputes import transitions
from disputes.choices import Status
from disputes.deadlines import clock_begin, deadline_add, policy_for, warning_point
from disputes.models import ClockPause, Dispute, DisputeClock
from disputes.models.deadlines import ClockKind, ExtensionBasis

OTHER_KINDS = [kind for kind in ClockKind.values if kind != ClockKind.STEP]


def _earliest_onto(dispute: Dispute, clocks, *, save: bool = False) -> None:
    """The dispute's own due_at / warn_at become those of its earliest clock (none: no deadline), saved
    when they changed or `save` says so (a step may have set them after the transition saved)."""
    running = [clock for clock in clocks if clock.paused_at is None]
    earliest = min(running, key=lambda clock: (clock.due_at, clock.kind), default=None)
    due_at, warn_at = (earliest.due_at, earliest.warn_at) if earliest else (None, None)
    # What with_clock_state() would annotate: the answer to the change tells its time left unread.
    dispute.clock_earliest_unit = earliest.unit if earliest else None
    if save or (dispute.due_at, dispute.warn_at) != (due_at, warn_at):
        dispute.due_at, dispute.warn_at = due_at, warn_at
        dispute.save(update_fields=["due_at", "warn_at"])


def dispute_clocks_restart(dispute: Dispute, *, now=None) -> dict:
    """Writes the dispute's clock set for the step it is now in (precondition: its row is locked, and
    dispute.due_at / warn_at hold the step's own clock, as dispute_deadline() set it).

    Returns the event's payload: the statutory limits that started beside the step's clock."""
    now = now or timezone.now()
    existing = {clock.kind: clock for clock in DisputeClock.objects.filter(dispute=dispute)}
    wanted: dict[str, DisputeClock] = {}
    started: dict[str, str | int] = {}
    if dispute.status != Status.CLOSED:
        if dispute.due_at is not None:
            policy, _amount = policy_for(dispute)
            wanted[ClockKind.STEP] = DisputeClock(
                dispute=dispute,
                kind=ClockKind.STEP,
                policy=policy,
                unit=policy.unit if policy is not None else "",
                started_at=now,
                due_at=dispute.due_at,
                warn_at=dispute.warn_at or dispute.due_at,
            )
        for kind in OTHER_KINDS:
            policy, amount = policy_for(dispute, clock=kind)
            if policy is None:
                continue
            old = existing.get(kind)
            if old is not None and old.policy_id == policy.pk:
                if old.paused_at is not None:  # the pause ended with the step: the limit runs on
                    stopped = now - old.paused_at
                    old.due_at, old.warn_at, old.paused_at = old.due_at + stopped, old.warn_at + stopped, None
                wanted[kind] = old
                continue
            begin = clock_begin(policy, dispute, now)
            started[kind] = policy.code or policy.pk
            due = deadline_add(begin, policy.unit, amount)
            wanted[kind] = DisputeClock(
                dispute=dispute,
                kind=kind,
                policy=policy,
                unit=policy.unit,
                started_at=begin,
                due_at=due,
                warn_at=warning_point(begin, due, policy),
            )
    gone = [kind for kind in existing if kind not in wanted]
    if gone:
        DisputeClock.objects.filter(dispute=dispute, kind__in=gone).delete()
    for kind, clock in wanted.items():
        old = existing.get(kind)
        if old is not None and clock is not old:
            clock.pk = old.pk  # the same row, a new clock
        clock.save()
    _earliest_onto(dispute, wanted.values(), save=True)
    # The set as written, for dispute_clocks() to read instead of the rows (the answer to the change).
    dispute.clocks_written = sorted(wanted.values(), key=lambda clock: (clock.due_at, clock.kind))
    return {"limits_started": started} if started else {}


def _apply_pause(dispute: Dispute, data: dict, user) -> dict:
    due_at, warn_at = dispute.stopped_clock
    pause = ClockPause.objects.create(
        dispute=dispute,
        status=dispute.status,
        reason=data["note"],
        paused_at=timezone.now(),
        paused_by=user if user is not None and user.is_authenticated else None,
        due_at=due_at,
        warn_at=warn_at,
    )
    DisputeClock.objects.filter(dispute=dispute, paused_at=None).update(paused_at=pause.paused_at)
    return {"clock": "paused", "due_at": due_at.isoformat() if due_at else None}


def _apply_resume(dispute: Dispute, data: dict, user) -> dict:
    pause = ClockPause.objects.select_for_update().get(dispute=dispute, resumed_at__isnull=True)
    pause.resumed_at, pause.resumed_by, pause.ended_by = timezone.now(), user, "resume_clock"
    pause.save(update_fields=["resumed_at", "resumed_by", "ended_by"])
    stopped = pause.resumed_at - pause.paused_at
    clocks = DisputeClock.objects.filter(dispute=dispute).exclude(paused_at=None)
    if clocks.update(due_at=F("due_at") + stopped, warn_at=F("warn_at") + stopped, paused_at=None):
        _earliest_onto(dispute, DisputeClock.objects.filter(dispute=dispute))
    return {
        "clock": "resumed",
        "paused_seconds": int(stopped.total_seconds()),
        "due_at": dispute.due_at.isoformat() if dispute.due_at else None,
    }


def _second_session_from(dispute: Dispute, clock: DisputeClock, now):
    """A second police mediation session is counted from the first (the latest session since the
    clock started), or from now when none is recorded. Sessions are mediation's rows, read through the
    relation it declares."""
    held = (
        dispute.sessions.filter(held_at__gte=clock.started_at)
        .order_by("-held_at")
        .values_list("held_at", flat=True)
        .first()
    )
    return min(held, now) if held is not None else now


def _apply_extend(dispute: Dispute, data: dict, user) -> dict:
    """The step's clock moves on by its policy's one extension; the event says who approved it."""
    clock = (
        DisputeClock.objects.select_for_update(of=("self",))
        .select_related("policy")
        .get(dispute=dispute, kind=ClockKind.STEP)
    )
    policy, now, before = clock.policy, timezone.now(), clock.due_at
    if policy.extension_basis == ExtensionBasis.SECOND_SESSION:
        due = deadline_add(_second_session_from(dispute, clock, now), policy.unit, policy.extension_amount)
    else:
        due = deadline_add(before, policy.unit, policy.extension_amount)
    due = max(due, before)
    clock.due_at, clock.warn_at = due, warning_point(now, due, policy) if due > now else due
    clock.extensions += 1
    clock.save(update_fields=["due_at", "warn_at", "extensions"])
    _earliest_onto(dispute, DisputeClock.objects.filter(dispute=dispute))
    return {
        "clock": clock.kind,
        "policy": policy.code or policy.pk,
        "extension": policy.extension_amount,
        "unit": policy.unit,
        "extension_basis": policy.extension_basis,
        "approved_by": data["approved_by"],
        "from_due": timezone.localtime(before).isoformat(),
        "to_due": timezone.localtime(due).isoformat(),
    }


def clock_pause_end(dispute: Dispute, *, user, ended_by: str) -> dict:
    """The dispute moved on while its clock was paused: the pause ends, the new step has its own clock."""
    ended = ClockPause.objects.filter(dispute=dispute, resumed_at__isnull=True).update(
        resumed_at=timezone.now(), resumed_by=user, ended_by=ended_by
    )
    return {"clock_pause_ended": True} if ended else {}


transitions.extend("pause_clock", apply=_apply_pause)
transitions.extend("resume_clock", apply=_apply_resume)
transitions.extend("extend_clock", apply=_apply_extend)
