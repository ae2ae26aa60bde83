"""Signals of the disputes app, for the apps above it (alerts, notifications) to listen to.

All are sent with `transaction.on_commit`, so a receiver never hears of a change that was rolled back.

`dispute_changed` — one per timeline row (`disputes.timeline.event_record` sends it): a registration, a
transition, or a record that does not move the dispute (a session logged, an agreement drafted, a
follow-up visit, evidence attached, a supporting body's report-in, return or completion of its referral).
The sender is Dispute. Keyword arguments: dispute_id, event_id (the DisputeEvent; its `transition` says
which kind it is) and event: that DisputeEvent as written, its `dispute` the instance the change left
(as committed), so that a receiver need not read again what the recorder had in hand. Receivers read
it and never change it; they run in the user's request after the commit and must not raise.

`deadline_warning` and `deadline_breached` — from the deadline sweep, once per recorded DeadlineBreach
row, so a receiver never hears of the same breach twice. Keyword arguments:

  dispute_id   the dispute whose clock ran out (always set)
  referral_id  the referral concerned, or None: set for a body called in on a whistle that has not
               reported in, and for a dispute waiting in "referred" (its lead body's referral)
  kind         "warning" (the warning point passed) or "breach" (the time limit passed)
  breach_id    the DeadlineBreach row: its holder is the body responsible at that moment, its outcome
               says whether the sweep escalated the dispute (then its escalation_event is set)

The sender is DeadlineBreach. Receivers run in the sweep's worker after the commit; one that raises
does not undo the breach (it is recorded), so receivers should queue their own work.
"""

from django.dispatch import Signal

dispute_changed = Signal()
deadline_warning = Signal()
deadline_breached = Signal()
