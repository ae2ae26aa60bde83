"""Writes of the mediation app: sessions, agreements, confirmations, follow-up visits, the directory."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disputes import transitions
from disputes.choices import ReferralRoute, ReferralStatus, Status
from disputes.models import Dispute
from disputes.permissions import is_holder_staff
from disputes.search import dispute_search_refresh
from disputes.services import dispute_lock
from disputes.timeline import event_record
from linze.exceptions import Conflict, NotPermitted
from mediation.models import (
    Agreement,
    FollowUp,
    JudicialConfirmation,
    MediationRoom,
    MediationSession,
    MediatorProfile,
    Obligation,
    TrainingRecord,
)
from mediation.permissions import MEDIATION_STATES

audit_logger = logging.getLogger("linze.audit")


def _locked_dispute_for_holder(*, dispute_id: int, user) -> Dispute:
    """The dispute, locked, for the staff of the body holding it (Http404 / NotPermitted otherwise)."""
    dispute = dispute_lock(dispute_id=dispute_id, user=user)
    if not is_holder_staff(dispute, user):
        raise NotPermitted(_("Only the staff of the body holding this dispute may record its mediation."))
    return dispute


def _record(dispute: Dispute, user, action: str, payload: dict, note: str = "") -> None:
    event_record(
        dispute=dispute, actor=user, actor_body=dispute.holder, transition=action, note=note, payload=payload
    )


POLICE_MEDIATION_SESSIONS = 2


def _police_sessions_used(dispute: Dispute) -> bool:
    """Police public-order mediation 治安调解 has at most two sessions (公安机关治安调解工作规范)."""
    if dispute.status != Status.AGENCY_HANDLING:
        return False
    lead = (
        dispute.referrals.filter(is_lead=True, status=ReferralStatus.ACCEPTED)
        .values_list("route", flat=True)
        .first()
    )
    if lead != ReferralRoute.POLICE_MEDIATION:
        return False
    held = MediationSession.objects.filter(dispute=dispute, body=dispute.holder).count()
    return held >= POLICE_MEDIATION_SESSIONS


def session_log(*, dispute_id: int, user, data: dict) -> MediationSession:
    """Records a mediation session 调解记录 on a dispute being mediated."""
    with transaction.atomic():
        dispute = _locked_dispute_for_holder(dispute_id=dispute_id, user=user)
        if dispute.status not in MEDIATION_STATES:
            raise Conflict(_("Sessions can be logged only while the dispute is being mediated or handled."))
        if _police_sessions_used(dispute):
            raise Conflict(
                _(
                    "Police public-order mediation has at most two sessions, and both are recorded: "
                    "record the agreement, or close the handling with its result."
                )
            )
        room = data.get("room")
        if room is not None and room.body_id != dispute.holder_id:
            raise ValidationError({"room": [_("Choose a room of the body holding the dispute.")]})
        session = MediationSession(dispute=dispute, body=dispute.holder, mediator=user, **data)
        session.full_clean(exclude=["dispute", "body", "mediator"])
        session.save()
        _record(dispute, user, "log_session", {"session": session.pk, "result": session.result})
        dispute_search_refresh(dispute_ids=[dispute.pk])
    return session


def session_search_texts(dispute_ids: list[int]) -> dict[int, list[str]]:
    """The sessions' minutes of these disputes, for their search documents (disputes/search.py)."""
    texts: dict[int, list[str]] = {}
    for dispute_id, minutes in MediationSession.objects.filter(dispute_id__in=dispute_ids).values_list(
        "dispute_id", "minutes"
    ):
        texts.setdefault(dispute_id, []).append(minutes)
    return texts


def agreement_draft(*, dispute: Dispute, user, data: dict) -> Agreement:
    """Drafts an agreement on a locked dispute; parties default to all of the dispute's parties."""
    if dispute.status not in MEDIATION_STATES:
        raise Conflict(_("An agreement can be recorded only while the dispute is being mediated or handled."))
    obligations = data.pop("obligations", None) or []
    parties = data.pop("parties", None)
    agreement = Agreement(dispute=dispute, body=dispute.holder, mediator=user, **data)
    agreement.full_clean(exclude=["dispute", "body", "mediator"])
    agreement.save()
    agreement.parties.set(parties if parties is not None else dispute.parties.all())
    items = [Obligation(agreement=agreement, **item) for item in obligations]
    if any(item.obligor is not None and item.obligor.dispute_id != dispute.pk for item in items):
        raise ValidationError({"obligations": [_("An obligor must be a party to this dispute.")]})
    for item in items:
        item.full_clean(exclude=["agreement"])
    Obligation.objects.bulk_create(items)
    dispute.__dict__.pop("latest_agreement", None)
    return agreement


def agreement_create(*, dispute_id: int, user, data: dict) -> Agreement:
    """Drafts an agreement 调解协议 with its performance obligations on a dispute being mediated.

    `data` holds the agreement's fields, optionally `parties` (default: every party of the dispute) and
    `obligations` (dicts of obligor, description, amount, due_on)."""
    with transaction.atomic():
        dispute = _locked_dispute_for_holder(dispute_id=dispute_id, user=user)
        agreement = agreement_draft(dispute=dispute, user=user, data=data)
        _record(dispute, user, "draft_agreement", {"agreement": agreement.pk})
    return agreement


def follow_up_record(*, dispute_id: int, user, data: dict) -> FollowUp:
    """Records a follow-up visit 回访 while the agreement is being performed."""
    with transaction.atomic():
        dispute = _locked_dispute_for_holder(dispute_id=dispute_id, user=user)
        if dispute.status != Status.FULFILLING:
            raise Conflict(_("Follow-up visits are recorded while the agreement is being performed."))
        follow_up = FollowUp(dispute=dispute, agreement=dispute.latest_agreement, visited_by=user, **data)
        follow_up.full_clean(exclude=["dispute", "agreement", "visited_by"])
        follow_up.save()
        _record(dispute, user, "follow_up", {"follow_up": follow_up.pk, "performed": follow_up.performed})
    return follow_up


def personal_data_shown(*, dispute: Dispute, user, document: str, ip_address: str | None = None) -> None:
    """A printed document shows the parties' full particulars (ID numbers, phones, addresses): the view is
    recorded in the personal-data audit trail (DESIGN.md §5), with the document named in the log."""
    from disputes.audit import personal_data_view_record

    view = personal_data_view_record(user=user, dispute=dispute, ip_address=ip_address)
    audit_logger.info(
        "personal data printed: dispute=%s document=%s view=%s", dispute.code, document, view.pk
    )


# -- the directory: mediator profiles, training records, rooms -------------------------------------------


@transaction.atomic
def mediator_profile_save(*, user, data: dict) -> MediatorProfile:
    """Creates or updates a mediator's directory entry; `specialties` (categories) replace the old ones."""
    data = dict(data)
    specialties = data.pop("specialties", None)
    profile = MediatorProfile.objects.filter(user=user).first() or MediatorProfile(user=user)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    if specialties is not None:
        profile.specialties.set(specialties)
    return profile


def training_record_add(*, user, data: dict) -> TrainingRecord:
    """Adds a training course to a mediator's record; the same course on the same day is recorded once."""
    record = TrainingRecord.objects.filter(user=user, title=data["title"], held_on=data["held_on"]).first()
    if record is not None:
        return record
    record = TrainingRecord(user=user, **data)
    record.full_clean(exclude=["user"])
    record.save()
    return record


def mediation_room_save(*, body, name: str, is_brand: bool = False, description: str = "") -> MediationRoom:
    """Creates a body's mediation room, or updates the one with this name."""
    room = MediationRoom.objects.filter(body=body, name=name).first() or MediationRoom(body=body, name=name)
    room.is_brand, room.description = is_brand, description
    room.full_clean()
    room.save()
    return room


# -- steps of dispute transitions that belong to mediation --------------------------------------------


def agreement_revise(*, agreement: Agreement, data: dict) -> Agreement:
    """Changes a drafted agreement's facts, terms, performance or date before it is recorded (on a
    locked dispute): the agreement is written once, and corrected where it was drafted."""
    for name, value in data.items():
        setattr(agreement, name, value)
    agreement.full_clean(exclude=["dispute", "body", "mediator", "parties"])
    agreement.save(update_fields=list(data))
    return agreement


def _same(stored, posted) -> bool:
    # A browser posts a textarea's lines with CRLF; the draft may have been written through the API.
    if isinstance(stored, str) and isinstance(posted, str):
        return stored.replace("\r\n", "\n").strip() == posted.replace("\r\n", "\n").strip()
    return stored == posted


def _prepare_record_agreement(dispute: Dispute, data: dict, user) -> dict:
    """The drafted agreement is what is recorded; what the form changed revises it. A draft that a court
    has already ruled on stays as it was ruled on: changed terms make a new agreement (之二)."""
    from mediation.forms import AGREEMENT_TEXT_FIELDS

    if not data.get("terms"):
        return {}  # the draft as it stands (the guard asks for one if there is none)
    fields = {name: data[name] for name in AGREEMENT_TEXT_FIELDS if data.get(name) not in (None, "")}
    draft = dispute.latest_agreement
    if draft is not None:
        changed = {name: value for name, value in fields.items() if not _same(getattr(draft, name), value)}
        if not changed:
            return {}
        if not draft.confirmations.exists():
            agreement_revise(agreement=draft, data=changed)
            return {}
        fields = {**{name: getattr(draft, name) for name in AGREEMENT_TEXT_FIELDS}, **changed}
        fields["parties"] = list(draft.parties.all())
    fields.setdefault("effective_on", timezone.localdate())
    agreement_draft(dispute=dispute, user=user, data=fields)
    return {}


def _agreement_recorded(dispute: Dispute, data: dict, user) -> dict:
    agreement = dispute.latest_agreement
    return {"agreement": agreement.pk} if agreement is not None else {}


def _apply_confirmation(dispute: Dispute, data: dict, user) -> dict:
    confirmation = JudicialConfirmation.objects.create(
        dispute=dispute, agreement=dispute.latest_agreement, court=dispute.holder, applied_at=timezone.now()
    )
    return {"confirmation": confirmation.pk}


def register_transition_steps() -> None:
    from mediation.court_steps import register_court_steps
    from mediation.forms import RecordAgreementForm

    transitions.extend(
        "record_agreement",
        form=RecordAgreementForm,
        prepare=_prepare_record_agreement,
        apply=_agreement_recorded,
    )
    transitions.extend("apply_confirmation", apply=_apply_confirmation)
    register_court_steps()
