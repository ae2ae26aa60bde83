"""Signals of the deadline sweep, for the apps that tell people (notifications) to listen to.

Both are sent with `transaction.on_commit`, once per recorded DeadlineBreach row, so a receiver never
hears of a breach that was rolled back and never hears of the same one twice. Keyword arguments:

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

deadline_warning = Signal()
deadline_breached = Signal()
