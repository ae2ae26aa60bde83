"""The one door to a locked dispute, and the order in which a write takes its locks.

Lock order: a write that locks a dispute and some of its referrals locks the dispute's row first and
then the referrals. Transitions do (they close referrals out, accept or return them under the
dispute's lock), and so do a body's answers to its referral (`disputes.services.referrals`), so two
writes on one dispute queue up on its row instead of deadlocking.
"""

from django.http import Http404

from disputes.models import Dispute


def dispute_lock(*, dispute_id: int, user, system: bool = False) -> Dispute:
    """The dispute, its row locked until the caller's transaction ends; Http404 when the user may not
    see it (`system`: the sweep, acting without a user, sees every dispute).

    Precondition: runs inside `transaction.atomic()`, before any of the dispute's referrals is locked.
    """
    queryset = Dispute.objects.all() if system else Dispute.objects.restrict(user, "view")
    try:
        return queryset.select_for_update(of=("self",)).get(pk=dispute_id)
    except Dispute.DoesNotExist:
        raise Http404 from None
