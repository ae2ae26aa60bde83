"""Every write to a dispute. Each transition takes the five steps of DESIGN.md §3: lock the row,
check state, permission and guards, transition, write the event, move grants and the clock, and
queue side effects on commit.
"""

import logging

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from agencies.choices import BodyKind
from agencies.models import Body
from agencies.permissions import acting_body_ids
from disputes import transitions
from disputes.choices import Channel, ReferralStatus, Status, Tier
from disputes.deadlines import dispute_deadline
from disputes.models import (
    Attachment,
    ClockPause,
    Dispute,
    DisputeEvent,
    DisputeGroupObjectPermission,
    Party,
    Referral,
    validate_attachment,
)
from linze.exceptions import Conflict, NotPermitted, UnknownTransition

logger = logging.getLogger(__name__)

# Sent after the transaction of a transition commits (never for a rolled-back one): notifications,
# search indexing and the like listen here. Arguments: dispute_id, event_id.
dispute_changed = Signal()

REGISTER = "register"


# -- grants -----------------------------------------------------------------------------------------


def _permission_ids() -> dict[str, int]:
    return dict(
        Permission.objects.filter(
            content_type__app_label="disputes", codename__in=["view_dispute", "change_dispute"]
        ).values_list("codename", "pk")
    )


def dispute_grants_sync(*, dispute: Dispute, also_view: list[Body] = ()) -> None:
    """The holder's group may view and change; bodies that held or were called in keep view only."""
    perms = _permission_ids()
    holder_group = dispute.holder.group_id
    viewers = {holder_group, *(body.group_id for body in also_view)}
    rows = [
        DisputeGroupObjectPermission(group_id=g, permission_id=perms["view_dispute"], content_object=dispute)
        for g in viewers
    ]
    if dispute.is_open:
        rows.append(
            DisputeGroupObjectPermission(
                group_id=holder_group, permission_id=perms["change_dispute"], content_object=dispute
            )
        )
    DisputeGroupObjectPermission.objects.bulk_create(rows, ignore_conflicts=True)
    stale = DisputeGroupObjectPermission.objects.filter(
        content_object=dispute, permission_id=perms["change_dispute"]
    )
    if dispute.is_open:
        stale = stale.exclude(group_id=holder_group)
    stale.delete()


# -- registration -----------------------------------------------------------------------------------


def dispute_code_next(*, year: int) -> str:
    """The next citizen-facing code of the year; one UPDATE, safe under concurrent registrations."""
    with connection.cursor() as cursor:
        cursor.execute(
            "insert into disputes_disputecodecounter (year, last) values (%s, 1) "
            "on conflict (year) do update set last = disputes_disputecodecounter.last + 1 returning last",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"LZ-{year}-{number:06d}"


def _intake_position(user, region) -> tuple[Body, str, bool]:
    """Who holds a new dispute: the registering body at its ladder tier, else the county centre.

    The flag says whether the registering user belongs to that body (an administrator or an online
    submission does not)."""
    acting = acting_body_ids(user) if user is not None else frozenset()
    body = Body.objects.filter(pk__in=acting).order_by("pk").first() if acting else None
    if body is None:
        centre = Body.objects.filter(kind=BodyKind.COUNTY_CENTRE).first()
        if centre is None:
            raise ValidationError(_("No county centre is configured to take disputes in."))
        return centre, Tier.COUNTY, False
    tier_of_kind = {
        BodyKind.GRID_STATION: Tier.GRID,
        BodyKind.VILLAGE_COMMITTEE: Tier.VILLAGE,
        BodyKind.TOWN_COMMITTEE: Tier.TOWN,
        BodyKind.TOWN_CENTRE: Tier.TOWN,
        BodyKind.JUDICIAL_OFFICE: Tier.TOWN,
        BodyKind.COUNTY_CENTRE: Tier.COUNTY,
        BodyKind.COURT: Tier.COURT,
        BodyKind.TRIBUNAL: Tier.COURT,
    }
    return body, tier_of_kind.get(body.kind, Tier.AGENCY), True


@transaction.atomic
def dispute_register(*, user, data: dict, parties: list[dict]) -> Dispute:
    """Takes a dispute in (登记). `data` holds the dispute's fields, `parties` one dict per party.

    Raises ValidationError (with field errors) and writes nothing when any input is invalid.
    """
    required = {
        "title": _("Give the dispute a short title."),
        "description": _("Describe the dispute."),
        "category": _("Choose a category."),
        "region": _("Choose the village or community where the dispute arose."),
    }
    missing = {name: [message] for name, message in required.items() if not data.get(name)}
    if not parties:
        missing["parties"] = [_("A dispute needs at least one party.")]
    if missing:
        raise ValidationError(missing)
    region = data["region"]
    holder, tier, is_member = _intake_position(user, region)
    dispute = Dispute(
        title=data["title"],
        description=data["description"],
        category=data["category"],
        region=region,
        town=region.ancestor_of_kind("town") or region,
        channel=data.get("channel") or Channel.WALK_IN,
        amount=data.get("amount"),
        people_involved=data.get("people_involved") or max(len(parties), 1),
        personal_status_matter=bool(data.get("personal_status_matter")),
        risk_level=data.get("risk_level") or "yellow",
        tier=tier,
        holder=holder,
        reported_by=user if user is not None and user.is_authenticated else None,
        reporting_body=holder if is_member else None,
    )
    errors = {}
    party_objects = []
    for index, party_data in enumerate(parties):
        party = Party(dispute=dispute, position=index, **party_data)
        try:
            party.full_clean(exclude=["dispute"])
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors[f"parties[{index}].{field_name}"] = messages
        party_objects.append(party)
    try:
        dispute.full_clean(exclude=["code", "town", "holder", "status"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    dispute.code = dispute_code_next(year=timezone.localdate().year)
    dispute.due_at, dispute.warn_at = dispute_deadline(dispute)
    dispute.save()
    for party in party_objects:
        party.dispute = dispute
    Party.objects.bulk_create(party_objects)
    event = DisputeEvent.objects.create(
        dispute=dispute,
        actor=dispute.reported_by,
        actor_body=dispute.reporting_body,
        transition=REGISTER,
        from_status="",
        to_status=dispute.status,
        payload={"channel": dispute.channel, "holder": holder.code},
    )
    dispute_grants_sync(dispute=dispute)
    transaction.on_commit(
        lambda: dispute_changed.send(sender=Dispute, dispute_id=dispute.pk, event_id=event.pk)
    )
    return dispute


# -- transitions ------------------------------------------------------------------------------------


def _lock(*, dispute_id: int, user, system: bool) -> Dispute:
    queryset = Dispute.objects.all() if system else Dispute.objects.restrict(user, "view")
    try:
        return queryset.select_for_update(of=("self",)).get(pk=dispute_id)
    except Dispute.DoesNotExist:
        raise Http404 from None


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
    dispute_id: int,
    user,
    name: str,
    data: dict | None = None,
    expected_version: int | None = None,
    system: bool = False,
    payload: dict | None = None,
) -> Dispute:
    """Makes transition `name` on a dispute as `user` (or as the system, for automatic escalations).

    `payload` adds to the event's details (the sweep names the breach it escalates for).

    Raises Http404 when the user may not see the dispute, UnknownTransition for a name that is no
    transition, Conflict (409) for a wrong state, a stale version or a failed guard, NotPermitted
    (403) when the user is not one of the transition's actors, and ValidationError (400) for bad input.
    Nothing is written unless it succeeds.
    """
    spec = transitions.TRANSITIONS.get(name)
    if spec is None:
        raise UnknownTransition(_("There is no action called “%(name)s”.") % {"name": name})
    with transaction.atomic():
        dispute = _lock(dispute_id=dispute_id, user=user, system=system)
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
            payload.update(_clock_pause_end(dispute, user=None if system else user, ended_by=name))
        if from_status in REFERRAL_STATES and dispute.status not in REFERRAL_STATES:
            payload.update(_referrals_close_out(dispute))
        if dispute.holder_id != from_holder.pk:
            payload.update(
                {"from_holder": from_holder.code, "to_holder": dispute.holder.code, "tier": dispute.tier}
            )
        event = DisputeEvent.objects.create(
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
        transaction.on_commit(
            lambda: dispute_changed.send(sender=Dispute, dispute_id=dispute.pk, event_id=event.pk)
        )
    return dispute


# -- referral steps (the whistle) ---------------------------------------------------------------------

REFERRAL_STATES = {Status.REFERRED, Status.AGENCY_HANDLING}


def _referrals_close_out(dispute: Dispute) -> dict:
    """The dispute moved on (agreed, sent to court, withdrawn …): no referral of it stays open.

    Waiting referrals are cancelled; those being handled are completed with a note of where it went.
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


# -- the clock: pauses where the law does not count the time -------------------------------------------


def _apply_pause(dispute: Dispute, data: dict, user) -> dict:
    due_at, warn_at = dispute.stopped_clock
    ClockPause.objects.create(
        dispute=dispute,
        status=dispute.status,
        reason=data["note"],
        paused_at=timezone.now(),
        paused_by=user if user is not None and user.is_authenticated else None,
        due_at=due_at,
        warn_at=warn_at,
    )
    return {"clock": "paused", "due_at": due_at.isoformat() if due_at else None}


def _apply_resume(dispute: Dispute, data: dict, user) -> dict:
    pause = ClockPause.objects.select_for_update().get(dispute=dispute, resumed_at__isnull=True)
    pause.resumed_at, pause.resumed_by, pause.ended_by = timezone.now(), user, "resume_clock"
    pause.save(update_fields=["resumed_at", "resumed_by", "ended_by"])
    return {
        "clock": "resumed",
        "paused_seconds": int((pause.resumed_at - pause.paused_at).total_seconds()),
        "due_at": dispute.due_at.isoformat() if dispute.due_at else None,
    }


def _clock_pause_end(dispute: Dispute, *, user, ended_by: str) -> dict:
    """The dispute moved on while its clock was paused: the pause ends, the new step has its own clock."""
    ended = ClockPause.objects.filter(dispute=dispute, resumed_at__isnull=True).update(
        resumed_at=timezone.now(), resumed_by=user, ended_by=ended_by
    )
    return {"clock_pause_ended": True} if ended else {}


transitions.extend("pause_clock", apply=_apply_pause)
transitions.extend("resume_clock", apply=_apply_resume)
transitions.extend("refer", apply=_apply_refer)
transitions.extend("accept_referral", prepare=_prepare_accept, apply=_apply_accept)
transitions.extend("return_referral", apply=_apply_return)
transitions.extend("close_handled", apply=_apply_close_handled)


def _locked_referral(*, referral_id: int, user) -> Referral:
    try:
        return (
            Referral.objects.restrict(user, "change")
            .select_for_update()
            .select_related("dispute")
            .get(pk=referral_id)
        )
    except Referral.DoesNotExist:
        raise Http404 from None


def _referral_event(referral: Referral, user, action: str, note: str = "") -> None:
    DisputeEvent.objects.create(
        dispute_id=referral.dispute_id,
        actor=user,
        actor_body=referral.body,
        transition=action,
        from_status=referral.dispute.status,
        to_status=referral.dispute.status,
        note=note,
        payload={"referral": referral.pk, "body": referral.body.code},
    )


def referral_complete(*, referral_id: int, user, result: str) -> Referral:
    """A body records what it did and completes its referral; the lead's completion closes the dispute."""
    if not (result or "").strip():
        raise ValidationError({"result": [_("Describe what your body did.")]})
    with transaction.atomic():
        referral = _locked_referral(referral_id=referral_id, user=user)
        if referral.status != ReferralStatus.ACCEPTED:
            raise Conflict(
                _("Only a referral your body has reported in on can be completed."), code="wrong_state"
            )
        if referral.is_lead:
            dispute_transition(
                dispute_id=referral.dispute_id, user=user, name="close_handled", data={"note": result}
            )
            referral.refresh_from_db()
            return referral
        referral.complete(when=timezone.now(), result=result)
        referral.save()
        _referral_event(referral, user, "complete_referral", result)
    return referral


def referral_return(*, referral_id: int, user, reason: str) -> Referral:
    """A body sends a referral back with a reason; the lead's return sends the dispute back where it was."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for returning the referral.")]})
    with transaction.atomic():
        referral = _locked_referral(referral_id=referral_id, user=user)
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
        _referral_event(referral, user, "return_referral_support", reason)
    return referral


def referral_accept_supporting(*, referral_id: int, user) -> Referral:
    """A supporting body of a whistle reports in; the lead's report-in is the dispute's accept_referral."""
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
        _referral_event(referral, user, "report_in")
    return referral


def available_transitions(dispute: Dispute, user) -> list[dict]:
    """The transitions this user may make now, each with whether a guard still stands in the way."""
    if user is None or not user.is_authenticated:
        return []
    result = []
    for name, spec in transitions.TRANSITIONS.items():
        if transition_refusal(dispute, name, user) is None:
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


__all__ = [
    "attachment_add",
    "available_transitions",
    "dispute_changed",
    "dispute_code_next",
    "dispute_grants_sync",
    "dispute_register",
    "dispute_transition",
    "referral_accept_supporting",
    "referral_complete",
    "referral_return",
]


def attachment_add(*, dispute_id: int, user, upload) -> Attachment:
    """Attaches an evidence file; the type and size limits refuse anything else with a clear message."""
    if upload is None:
        raise ValidationError({"file": [_("Choose a file to attach.")]})
    validate_attachment(upload)
    with transaction.atomic():
        dispute = _lock(dispute_id=dispute_id, user=user, system=False)
        if not user.is_superuser and dispute.holder_id not in acting_body_ids(user):
            raise NotPermitted(_("Only the staff of the body holding this dispute may add evidence."))
        attachment = Attachment.objects.create(
            dispute=dispute,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            content_type=getattr(upload, "content_type", "") or "",
            uploaded_by=user,
        )
        DisputeEvent.objects.create(
            dispute=dispute,
            actor=user,
            actor_body=dispute.holder,
            transition="attach",
            from_status=dispute.status,
            to_status=dispute.status,
            payload={"attachment": attachment.pk, "name": attachment.name},
        )
    return attachment
