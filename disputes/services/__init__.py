"""Every write to a dispute. Each transition takes the five steps of DESIGN.md §3: lock the row,
check state, permission and guards, transition, write the event, move grants and the clock, and
queue side effects on commit.

  grants.py         who may view and change a dispute (object permissions of body groups)
  registration.py   intake: the code of the year, who holds a new dispute, dispute_register
  locks.py          the one door to a locked dispute, and the lock order (dispute, then referrals)
  transitions.py    dispute_transition and what the pages ask of it (refusals, guards, buttons)
  referral_steps.py the steps of the referral transitions (refer, accept, return, close out)
  referrals.py      a body's answers to its referral (report in, return, complete)
  clock.py          the clock set (restarted by each transition), pausing, resuming, extending
  merge.py          the steps of merging a duplicate into the dispute that goes on
  attachments.py    evidence files

Importing this package registers the referral, clock and merge steps with `disputes.transitions.extend`.
Timeline rows are written by `disputes.timeline.event_record` only.
"""

from disputes.services import clock, merge, referral_steps  # noqa: F401  (register their transition steps)
from disputes.services.attachments import attachment_add
from disputes.services.grants import dispute_grant_user_view, dispute_grants_sync
from disputes.services.locks import dispute_lock
from disputes.services.referrals import referral_accept_supporting, referral_complete, referral_return
from disputes.services.registration import dispute_code_next, dispute_register
from disputes.services.transitions import (
    available_transitions,
    dispute_transition,
    failed_guard,
    transition_refusal,
)

__all__ = [
    "attachment_add",
    "available_transitions",
    "dispute_code_next",
    "dispute_grant_user_view",
    "dispute_grants_sync",
    "dispute_lock",
    "dispute_register",
    "dispute_transition",
    "failed_guard",
    "referral_accept_supporting",
    "referral_complete",
    "referral_return",
    "transition_refusal",
]
