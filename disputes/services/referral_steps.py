"""The steps of the referral transitions (the whistle): refer, accept_referral, return_referral,
close_handled, and the close-out of every referral when a dispute moves on.

They run inside `dispute_transition`, under the dispute's row lock, and lock referrals only after it
(the lock order of `disputes.services.locks`).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from disputes import transitions
from disputes.choices import ReferralStatus, Status
from disputes.deadlines import dispute_deadline
from disputes.models import Dispute, Referral
from disputes.services.grants import dispute_grants_sync

REFERRAL_STATES = {Status.REFERRED, Status.AGENCY_HANDLING}


def referrals_close_out(dispute: Dispute) -> dict:
    """The dispute moved on (agreed, sent to court, withdrawn …): no referral of it stays open.

    Waiting referrals are cancelled; those being handled are completed with a note of where it went.
    Precondition: the dispute's row is locked.
    """
    cancelled = completed = 0
    for referral in Referral.objects.select_for_update().filter(
        dispute=dispute, status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]
    ):
        if referral.status == ReferralStatus.PENDING:
            referral.cancel()
            cancelled += 1
        else:
            referral.complete(
                when=timezone.now(),
                result=_("Closed with the dispute, which moved to “%(status)s”.")
                % {"status": dispute.get_status_display()},
            )
            completed += 1
        referral.save()
    return (
        {"referrals_cancelled": cancelled, "referrals_completed": completed} if cancelled or completed else {}
    )


def _apply_refer(dispute: Dispute, data: dict, user) -> dict:
    lead, bodies = data["lead"], list(data["bodies"])
    # Every body called in reports in by the route's limit; the lead's is the dispute's own clock.
    report_by, warn_at = dispute_deadline(dispute, route=data["route"])
    Referral.objects.bulk_create(
        [
            Referral(
                dispute=dispute,
                body=body,
                route=data["route"],
                is_lead=body == lead,
                instructions=data.get("note", ""),
                report_by=report_by,
                warn_at=warn_at,
                created_by=user,
            )
            for body in bodies
        ]
    )
    dispute.due_at, dispute.warn_at = report_by, warn_at
    dispute.save(update_fields=["due_at", "warn_at"])
    dispute_grants_sync(dispute=dispute, also_view=bodies)
    return {
        "bodies": [b.code for b in bodies],
        "lead": lead.code,
        "route": data["route"],
        "whistle": len(bodies) > 1,
    }


def _prepare_accept(dispute: Dispute, data: dict, user) -> dict:
    lead = dispute.pending_lead_referral
    # Without a pending lead the guard refuses the transition with its message.
    return {"holder": lead.body if lead else dispute.holder}


def _apply_accept(dispute: Dispute, data: dict, user) -> dict:
    referral = Referral.objects.select_for_update().get(
        dispute=dispute, is_lead=True, status=ReferralStatus.PENDING
    )
    referral.accept(when=timezone.now())
    referral.save()
    return {"referral": referral.pk}


def _apply_return(dispute: Dispute, data: dict, user) -> dict:
    open_referrals = Referral.objects.select_for_update().filter(
        dispute=dispute, status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]
    )
    for referral in open_referrals:
        if referral.is_lead:
            referral.return_(reason=data["note"])
        else:
            referral.cancel()
        referral.save()
    return {"returned_to": dispute.status}


def _apply_close_handled(dispute: Dispute, data: dict, user) -> dict:
    lead = (
        Referral.objects.select_for_update()
        .filter(dispute=dispute, is_lead=True, status=ReferralStatus.ACCEPTED)
        .first()
    )
    if lead is not None:
        lead.complete(when=timezone.now(), result=data["note"])
        lead.save()
    return {}


transitions.extend("refer", apply=_apply_refer)
transitions.extend("accept_referral", prepare=_prepare_accept, apply=_apply_accept)
transitions.extend("return_referral", apply=_apply_return)
transitions.extend("close_handled", apply=_apply_close_handled)
