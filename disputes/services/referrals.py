"""A body's answers to the referral addressed to it: report in 报到, return 退回, complete 办结.

The lead body's answer is a transition of the dispute (accept_referral, return_referral,
close_handled); a supporting body's is recorded on the timeline without moving the dispute.

Lock order (`disputes.services.locks`): the dispute's row first, then the referral, as every
transition does. The referral is read once without a lock to learn its dispute, and its state is
checked only after both locks are held.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from disputes.choices import ReferralStatus
from disputes.models import Dispute, Referral
from disputes.services.locks import dispute_lock
from disputes.services.transitions import dispute_transition
from disputes.timeline import event_record
from linze.exceptions import Conflict


def _locked_referral(*, referral_id: int, user) -> Referral:
    """The referral addressed to one of the user's bodies, with its dispute: both rows locked, the
    dispute's first. Http404 when it is not addressed to them.

    Precondition: runs inside `transaction.atomic()` and holds no lock on another referral of the dispute.
    """
    answerable = Referral.objects.restrict(user, "change")
    dispute_id = answerable.filter(pk=referral_id).values_list("dispute_id", flat=True).first()
    if dispute_id is None:
        raise Http404
    dispute = dispute_lock(dispute_id=dispute_id, user=user)
    try:
        referral = answerable.select_for_update().get(pk=referral_id)
    except Referral.DoesNotExist:
        raise Http404 from None
    referral.dispute = dispute
    return referral


def _referral_event(dispute: Dispute, referral: Referral, user, action: str, note: str = "") -> None:
    """Records a supporting body's answer. The dispute did not move, but it changed: its version goes up,
    so that a page opened before the answer says so instead of acting on what it showed.

    Precondition: the dispute's row is locked (`_locked_referral`)."""
    dispute.version += 1
    dispute.save(update_fields=["version", "updated_at"])
    event_record(
        dispute=dispute,
        actor=user,
        actor_body=referral.body,
        transition=action,
        note=note,
        payload={"referral": referral.pk, "body": referral.body.code},
    )


def referral_complete(*, referral_id: int, user, result: str, handling_result: str = "") -> Referral:
    """A body records what it did and completes its referral; the lead's completion closes the dispute
    with the outcome that follows from `handling_result` (a HandlingResult, required of the lead).

    Locks the dispute, then the referral (the lock order of `disputes.services.locks`). A referral
    outside the user's scope is a 404 before the input is looked at."""
    with transaction.atomic():
        referral = _locked_referral(referral_id=referral_id, user=user)
        if not (result or "").strip():
            raise ValidationError({"result": [_("Describe what your body did.")]})
        if referral.status != ReferralStatus.ACCEPTED:
            raise Conflict(
                _("Only a referral your body has reported in on can be completed."), code="wrong_state"
            )
        if referral.is_lead:
            dispute_transition(
                dispute_id=referral.dispute_id,
                user=user,
                name="close_handled",
                data={"note": result, "handling_result": handling_result},
            )
            referral.refresh_from_db()
            return referral
        referral.complete(when=timezone.now(), result=result)
        referral.save()
        _referral_event(referral.dispute, referral, user, "complete_referral", result)
    return referral


def referral_return(*, referral_id: int, user, reason: str) -> Referral:
    """A body sends a referral back with a reason; the lead's return sends the dispute back where it was.

    Locks the dispute, then the referral (the lock order of `disputes.services.locks`). A referral
    outside the user's scope is a 404 before the input is looked at."""
    with transaction.atomic():
        referral = _locked_referral(referral_id=referral_id, user=user)
        if not (reason or "").strip():
            raise ValidationError({"reason": [_("Give the reason for returning the referral.")]})
        if referral.status != ReferralStatus.PENDING:
            raise Conflict(_("This referral has already been answered."), code="wrong_state")
        if referral.is_lead:
            dispute_transition(
                dispute_id=referral.dispute_id, user=user, name="return_referral", data={"note": reason}
            )
            referral.refresh_from_db()
            return referral
        referral.return_(reason=reason)
        referral.save()
        _referral_event(referral.dispute, referral, user, "return_referral_support", reason)
    return referral


def referral_accept_supporting(*, referral_id: int, user) -> Referral:
    """A supporting body of a whistle reports in; the lead's report-in is the dispute's accept_referral.

    Locks the dispute, then the referral (the lock order of `disputes.services.locks`)."""
    with transaction.atomic():
        referral = _locked_referral(referral_id=referral_id, user=user)
        if referral.is_lead:
            dispute_transition(dispute_id=referral.dispute_id, user=user, name="accept_referral")
            referral.refresh_from_db()
            return referral
        if referral.status != ReferralStatus.PENDING:
            raise Conflict(_("This referral has already been answered."), code="wrong_state")
        referral.accept(when=timezone.now())
        referral.save()
        _referral_event(referral.dispute, referral, user, "report_in")
    return referral
