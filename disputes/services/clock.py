"""The clock: pauses where the law does not count the time (steps of pause_clock and resume_clock)."""

from django.utils import timezone

from disputes import transitions
from disputes.models import ClockPause, Dispute


def _apply_pause(dispute: Dispute, data: dict, user) -> dict:
    due_at, warn_at = dispute.stopped_clock
    ClockPause.objects.create(
        dispute=dispute,
        status=dispute.status,
        reason=data["note"],
        paused_at=timezone.now(),
        paused_by=user if user is not None and user.is_authenticated else None,
        due_at=due_at,
        warn_at=warn_at,
    )
    return {"clock": "paused", "due_at": due_at.isoformat() if due_at else None}


def _apply_resume(dispute: Dispute, data: dict, user) -> dict:
    pause = ClockPause.objects.select_for_update().get(dispute=dispute, resumed_at__isnull=True)
    pause.resumed_at, pause.resumed_by, pause.ended_by = timezone.now(), user, "resume_clock"
    pause.save(update_fields=["resumed_at", "resumed_by", "ended_by"])
    return {
        "clock": "resumed",
        "paused_seconds": int((pause.resumed_at - pause.paused_at).total_seconds()),
        "due_at": dispute.due_at.isoformat() if dispute.due_at else None,
    }


def clock_pause_end(dispute: Dispute, *, user, ended_by: str) -> dict:
    """The dispute moved on while its clock was paused: the pause ends, the new step has its own clock."""
    ended = ClockPause.objects.filter(dispute=dispute, resumed_at__isnull=True).update(
        resumed_at=timezone.now(), resumed_by=user, ended_by=ended_by
    )
    return {"clock_pause_ended": True} if ended else {}


transitions.extend("pause_clock", apply=_apply_pause)
transitions.extend("resume_clock", apply=_apply_resume)
