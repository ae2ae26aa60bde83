"""The clock set of a dispute as its page and the API tell it: every clock it runs (the step's own, a
statutory limit beside it), each with its time left — the one reading of disputes.deadlines.time_left()
in the clock's own unit — what happens once it has passed, and whether it may still be extended.

The dispute's headline time left (`dispute_time_left`) is that of its earliest clock, as `due_at` is.
Writes are disputes.services.clock.
"""

from dataclasses import dataclass

from django.utils import timezone

from disputes.choices import Status
from disputes.deadlines import TimeLeft, clock_unit, time_left
from disputes.models import DisputeClock
from disputes.models.deadlines import ClockKind, DeadlineUnit, ExtensionBasis

__all__ = ["ClockReading", "dispute_clocks"]


@dataclass(frozen=True)
class ClockReading:
    """One clock of a dispute, for display."""

    kind: str
    kind_label: str
    name: str
    time_left: TimeLeft
    # What the parties may do once a statutory limit has passed ("当事人可以依法申请劳动争议仲裁").
    consequence: str = ""
    extensions: int = 0
    # The one extension the policy allows, while it has not been taken: amount, unit, what it needs.
    extension_amount: int | None = None
    extension_basis: str = ""
    extension_basis_label: str = ""
    extension_unit_label: str = ""
    basis: str = ""

    @property
    def due_at(self):
        return self.time_left.due_at

    @property
    def passed(self) -> bool:
        return self.time_left.overdue


def dispute_clocks(dispute, *, now=None) -> list[ClockReading]:
    """The running clocks of a dispute, earliest first (one query, none for a closed dispute, and none
    for the dispute a transition has just given its clocks: `clocks_written`)."""
    if dispute.status == Status.CLOSED:
        return []
    now = now or timezone.now()
    readings = []
    clocks = getattr(dispute, "clocks_written", None)
    if clocks is None:
        clocks = (
            DisputeClock.objects.filter(dispute=dispute).select_related("policy").order_by("due_at", "kind")
        )
    for clock in clocks:
        policy = clock.policy
        unit = clock.unit or (clock_unit(dispute) if clock.kind == ClockKind.STEP else None)
        left = time_left(
            clock.due_at, now=now, warn_at=clock.warn_at, paused=clock.paused_at is not None, unit=unit
        )
        extendable = clock.may_extend
        readings.append(
            ClockReading(
                kind=clock.kind,
                kind_label=str(ClockKind(clock.kind).label),
                name=policy.name if policy is not None else str(ClockKind(clock.kind).label),
                time_left=left,
                consequence=policy.consequence if policy is not None else "",
                extensions=clock.extensions,
                extension_amount=policy.extension_amount if extendable else None,
                extension_basis=policy.extension_basis if extendable else "",
                extension_basis_label=(
                    str(ExtensionBasis(policy.extension_basis).label) if extendable else ""
                ),
                extension_unit_label=str(DeadlineUnit(policy.unit).label) if extendable else "",
                basis=policy.basis if policy is not None else "",
            )
        )
    return readings
