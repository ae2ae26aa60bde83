"""The one door to a locked dispute, and the order in which a write takes its locks.

Lock order: a write that locks a dispute and some of its referrals locks the dispute's row first and
then the referrals. Transitions do (they close referrals out, accept or return them under the
dispute's lock), and so do a body's answers to its referral (`disputes.services.referrals`), so two
writes on one dispute queue up on its row instead of deadlocking.
"""

from django.http import Http404

from disputes.models import Dispute


def dispute_lock(
    *, dispute_id: int | None = None, code: str | None = None, user, system: bool = False
) -> Dispute:
    """The dispute (by id, or by code), its row locked until the caller's transaction ends; Http404 when
    the user may not see it (`system`: the sweep, acting without a user, sees every dispute).

    The lock reads the dispute's row alone, and the bodies, region and category the dispute page shows
    come from the reference tables (`with_references`), so that neither a transition nor the answer
    that follows it loads them again. No join on purpose: a second writer waiting on the lock
    re-checks its WHERE against the new row but the *old* joined rows (PostgreSQL's EvalPlanQual), so a
    join on the holder would make the dispute vanish for whoever waited while the first writer moved
    it. The search vector, which no write in Python reads, stays behind (and `save()` leaves it alone).

    Precondition: runs inside `transaction.atomic()`, before any of the dispute's referrals is locked.
    """
    queryset = Dispute.objects.all() if system else Dispute.objects.restrict(user, "view")
    lookup = {"pk": dispute_id} if code is None else {"code": code}
    try:
        return queryset.select_for_update().defer("search").with_references().get(**lookup)
    except Dispute.DoesNotExist:
        raise Http404 from None
