"""Transitions of a dispute: `dispute_transition`, and what the pages ask before offering one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from agencies.models import Body
from agencies.permissions import acting_body_ids
from disputes import transitions
from disputes.deadlines import dispute_deadline
from disputes.models import Dispute
from disputes.services.clock import clock_pause_end, dispute_clocks_restart
from disputes.services.grants import dispute_grants_sync
from disputes.services.locks import dispute_lock
from disputes.services.referral_steps import REFERRAL_STATES, referrals_close_out
from disputes.timeline import event_record
from linze.exceptions import Conflict, NotPermitted, UnknownTransition


def _acting_body(user, *candidates: Body) -> Body | None:
    """The body the user acted for: the first candidate they belong to, else any body of theirs."""
    if user is None:
        return None
    acting = acting_body_ids(user)
    for body in candidates:
        if body is not None and body.pk in acting:
            return body
    return Body.objects.filter(pk__in=acting).order_by("pk").first()


def transition_refusal(dispute: Dispute, name: str, user) -> str | None:
    """Why this user may not make this transition now, or None when they may (guards aside)."""
    method = getattr(dispute, name)
    if not can_proceed(method, check_conditions=False):
        return _("This dispute is now “%(status)s”; that action is not possible from there.") % {
            "status": dispute.get_status_display()
        }
    meta = method._django_fsm
    if user is not None and not meta.has_transition_perm(dispute, dispute.status, user):
        return _("Only the staff responsible for this step may do that.")
    return None


def _failed_condition(dispute: Dispute, name: str):
    transition = getattr(dispute, name)._django_fsm.get_transition(dispute.status)
    for condition in transition.conditions or []:
        if not condition(dispute):
            return condition
    return None


def failed_guard(dispute: Dispute, name: str):
    """The message of the first guard that stands in the way of the transition, or None."""
    condition = _failed_condition(dispute, name)
    return condition.message if condition is not None else None


def dispute_transition(
    *,
    dispute_id: int | None = None,
    code: str | None = None,
    user,
    name: str,
    data: dict | None = None,
    expected_version: int | None = None,
    system: bool = False,
    payload: dict | None = None,
) -> Dispute:
    """Makes transition `name` on a dispute (by id, or by code) as `user` (or as the system, for
    automatic escalations). Returns the dispute as changed, with the related rows of `dispute_lock`.

    `payload` adds to the event's details (the sweep names the breach it escalates for).

    Locks the dispute's row and only then any of its referrals (the lock order of
    `disputes.services.locks`); a caller that already holds the dispute's lock may call it inside its
    own transaction, but must not hold a lock on one of the dispute's referrals.

    Raises Http404 when the user may not see the dispute, UnknownTransition for a name that is no
    transition, Conflict (409) for a wrong state, a stale version or a failed guard, NotPermitted
    (403) when the user is not one of the transition's actors, and ValidationError (400) for bad input.
    Nothing is written unless it succeeds.
    """
    spec = transitions.TRANSITIONS.get(name)
    if spec is None:
        raise UnknownTransition(_("There is no action called “%(name)s”.") % {"name": name})
    with transaction.atomic():
        dispute = dispute_lock(dispute_id=dispute_id, code=code, user=user, system=system)
        if expected_version is not None and dispute.version != expected_version:
            raise Conflict(
                _("This dispute was changed meanwhile. Look at its current state and try again."),
                code="stale",
            )
        method = getattr(dispute, name)
        if not can_proceed(method, check_conditions=False):
            raise Conflict(transition_refusal(dispute, name, None), code="wrong_state")
        if not system and not method._django_fsm.has_transition_perm(dispute, dispute.status, user):
            raise NotPermitted(_("Only the staff responsible for this step may do that."))
        form = spec.form(data or {}, dispute=dispute)
        if not form.is_valid():
            raise ValidationError(
                {key: [e["message"] for e in errors] for key, errors in form.errors.get_json_data().items()}
            )
        cleaned = form.cleaned_data
        kwargs = spec.prepare(dispute, cleaned, user) if spec.prepare else {}
        condition = _failed_condition(dispute, name)
        if condition is not None:
            code = "wrong_state" if getattr(condition, "like_state", False) else "guard"
            raise Conflict(condition.message, code=code)
        from_status, from_holder = dispute.status, dispute.holder
        clock_was_stopped = dispute.due_at is None
        method(**kwargs)
        dispute.version += 1
        if not spec.keeps_clock:
            dispute.due_at, dispute.warn_at = dispute_deadline(dispute)
        dispute.save()
        payload = dict(payload or {})
        for apply in ([spec.apply] if spec.apply else []) + spec.extra_apply:
            payload.update(apply(dispute, cleaned, user) or {})
        if clock_was_stopped and not spec.keeps_clock:
            payload.update(clock_pause_end(dispute, user=None if system else user, ended_by=name))
        if not spec.keeps_clock:
            # The step's clock as set above (or by a step: a referral's report-in), with the statutory
            # limits beside it; due_at becomes the earliest.
            payload.update(dispute_clocks_restart(dispute))
        if from_status in REFERRAL_STATES and dispute.status not in REFERRAL_STATES:
            payload.update(referrals_close_out(dispute))
        if dispute.holder_id != from_holder.pk:
            payload.update(
                {"from_holder": from_holder.code, "to_holder": dispute.holder.code, "tier": dispute.tier}
            )
        event_record(
            dispute=dispute,
            actor=None if system else user,
            actor_body=None if system else _acting_body(user, from_holder, dispute.holder),
            transition=name,
            from_status=from_status,
            to_status=dispute.status,
            note=cleaned.get("note", ""),
            payload={**payload, **({"automatic": True} if system else {})},
        )
        dispute_grants_sync(dispute=dispute, also_view=[from_holder])
    return dispute


def available_transitions(dispute: Dispute, user) -> list[dict]:
    """The transitions this user may make now, each with whether a guard still stands in the way."""
    if user is None or not user.is_authenticated:
        return []
    result = []
    for name, spec in transitions.TRANSITIONS.items():
        # transition_refusal() without its message: most transitions are refused, and a page asks all
        method = getattr(dispute, name)
        if can_proceed(method, check_conditions=False) and method._django_fsm.has_transition_perm(
            dispute, dispute.status, user
        ):
            blocked = _failed_condition(dispute, name)
            if blocked is not None and getattr(blocked, "like_state", False):
                continue  # not where the dispute stands (resume a clock that runs): no button
            result.append(
                {
                    "name": name,
                    "label": str(spec.label),
                    "blocked_by": str(blocked.message) if blocked is not None else None,
                }
            )
    return result
