"""The clock of a dispute's current step: when it is due and when the warning starts.

The mediating tiers take their working days from the ladder (LadderStep); the other states use the
statutory and local defaults below until admin-editable deadline policies replace them.
"""

from datetime import timedelta

from django.utils import timezone

from disputes.choices import Status
from disputes.ladder import current_ladder_step
from linze.workdays import workdays_deadline

WARNING_SHARE = 0.8
REPORT_IN_WORKDAYS = 1

# state → (unit, amount); unit is "workdays" or "days".
STATE_DEFAULTS = {
    Status.REPORTED: ("workdays", 1),
    Status.ASSESSING: ("workdays", 2),
    Status.PREVENTING: ("days", 30),
    Status.MEDIATING: ("days", 30),  # people's mediation, local default, when not on a ladder tier
    Status.REFERRED: ("workdays", REPORT_IN_WORKDAYS),
    Status.AGENCY_HANDLING: ("days", 60),
    Status.AGREED: ("days", 30),  # the window for applying for judicial confirmation
    Status.FULFILLING: ("days", 90),
    Status.CONFIRMING: ("days", 18),  # 3 days to accept + 15 days to decide
    Status.COURT_REFERRED: ("days", 7),
    Status.COURT_MEDIATING: ("days", 30),
}


def _deadline(start, unit: str, amount: int):
    if unit == "workdays":
        return workdays_deadline(start, amount)
    return start + timedelta(days=amount)


def dispute_deadline(dispute, *, start=None) -> tuple:
    """(due_at, warn_at) for the dispute's current state, or (None, None) when no clock runs."""
    start = start or timezone.now()
    if dispute.status == Status.CLOSED:
        return None, None
    unit, amount = STATE_DEFAULTS.get(dispute.status, (None, None))
    if dispute.status == Status.MEDIATING:
        step = current_ladder_step(dispute)
        if step is not None:
            unit, amount = "workdays", step.working_days
    if unit is None:
        return None, None
    due = _deadline(start, unit, amount)
    return due, start + (due - start) * WARNING_SHARE


def report_in_deadline(*, start=None):
    return workdays_deadline(start or timezone.now(), REPORT_IN_WORKDAYS)
