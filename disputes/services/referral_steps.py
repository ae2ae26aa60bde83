"""The steps of the referral transitions (the whistle): refer, add_support, accept_referral,
return_referral, close_handled, and the close-out of every referral when a dispute moves on.

They run inside `dispute_transition`, under the dispute's row lock, and lock referrals only after it
(the lock order of `disputes.services.locks`).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from disputes import transitions
from disputes.choices import ReferralStatus, Status
from disputes.deadlines import deadline_add as deadline_after  # the one computation of a due date
from disputes.deadlines import dispute_deadline, policy_for
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


def _report_in_clocks(dispute: Dispute, routes) -> dict[str, tuple]:
    """(report_by, warn_at) for a body called in now by each route: the policy of "referred" for that
    route (a petition is accepted within 15 days, labour arbitration within 5, others report in the
    next working day). One policy lookup per route, not per body."""
    clocks = {}
    for route in set(routes):
        if dispute.status == Status.REFERRED:
            clocks[route] = dispute_deadline(dispute, route=route)
            continue
        # A whistle already being handled: the new body's report-in still runs by the "referred" policy.
        policy, amount = policy_for(dispute, route=route, status=Status.REFERRED)
        if policy is None:
            clocks[route] = (None, None)
            continue
        now = timezone.now()
        due = deadline_after(now, policy.unit, amount)
        clocks[route] = (due, now + (due - now) * policy.warning_percent / 100)
    return clocks


def _referrals_create(dispute: Dispute, routes: dict, *, lead, instructions: str, user) -> list[Referral]:
    clocks = _report_in_clocks(dispute, routes.values())
    return Referral.objects.bulk_create(
        [
            Referral(
                dispute=dispute,
                body=body,
                route=route,
                is_lead=body == lead,
                instructions=instructions,
                report_by=clocks[route][0],
                warn_at=clocks[route][1],
                created_by=user,
            )
            for body, route in routes.items()
        ]
    )


def _apply_refer(dispute: Dispute, data: dict, user) -> dict:
    lead, bodies, routes = data["lead"], list(data["bodies"]), data["routes"]
    # Every body called in reports in by its own route's limit; the lead's is the dispute's own clock.
    referrals = _referrals_create(dispute, routes, lead=lead, instructions=data.get("note", ""), user=user)
    lead_referral = next(r for r in referrals if r.is_lead)
    dispute.due_at, dispute.warn_at = lead_referral.report_by, lead_referral.warn_at
    dispute.save(update_fields=["due_at", "warn_at"])
    dispute_grants_sync(dispute=dispute, also_view=bodies)
    return {
        "bodies": [b.code for b in bodies],
        "lead": lead.code,
        "route": routes[lead],
        "routes": {b.code: route for b, route in routes.items()},
        "whistle": len(bodies) > 1,
    }


def _apply_add_support(dispute: Dispute, data: dict, user) -> dict:
    bodies, routes = list(data["bodies"]), data["routes"]
    _referrals_create(dispute, routes, lead=None, instructions=data.get("note", ""), user=user)
    dispute_grants_sync(dispute=dispute, also_view=bodies)
    return {
        "bodies": [b.code for b in bodies],
        "routes": {b.code: route for b, route in routes.items()},
        "supporting": True,
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
transitions.extend("add_support", apply=_apply_add_support)
transitions.extend("accept_referral", prepare=_prepare_accept, apply=_apply_accept)
transitions.extend("return_referral", apply=_apply_return)
transitions.extend("close_handled", apply=_apply_close_handled)
