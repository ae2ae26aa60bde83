"""Demo disputes for a development or demonstration portal (`seed_demo`); never for production.

Every dispute is made through the services, exactly as staff would make it: `dispute_register`, then
`dispute_transition` step by step, with mediation sessions, agreements, follow-up visits and the
referral answers of the agencies in between. Timelines, grants, referrals and deadlines are therefore
the real ones. Each step runs at a moment in the past (django.utils.timezone.now is patched while the
demo is written), so opening dates spread over the last twelve months, closed disputes have a history,
and the clock of an open dispute runs from its last step: most are within their deadline, a few are
overdue.

Shape of the set: a fixed list of scenarios first (every state, tier, outcome and channel, and work in
the inbox of every demo account), then random scenarios drawn with weights close to real statistics
(most disputes resolved at the grassroots, few reaching the court). `random.Random(seed)` drives every
choice, so a seed gives the same disputes.

Demo disputes carry DEMO_MARK at the end of their description: it tells them from real ones and makes
the generator idempotent (it adds nothing when demo disputes exist).

The package, in the order a dispute goes through it (each module imports only those above it):
people, topics, notes and scenarios (the vocabulary and the catalogue), plans (Plan, Op, DEMO_MARK),
referrals (who a dispute is referred to), path (the steps of a scenario), planner (draws the plans),
writer (carries them out through the services) and create (demo_disputes_create).
"""

from demo.disputes.create import demo_disputes_create
from demo.disputes.plans import DEMO_MARK

__all__ = ["DEMO_MARK", "demo_disputes_create"]
