"""The court's steps of dispute transitions that write mediation's rows: the filed case under its case
number 案号, delegation to the mediation body the court chose, the acceptance of a judicial confirmation
(受理, which starts the decision's clock), and the ruling on it (民事裁定书) with the confirmation case's
number. Registered with disputes/transitions.py `extend()` by
`register_court_steps()`; each runs inside the transition's transaction on the locked dispute."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disputes import transitions
from disputes.choices import Tier
from disputes.deadlines import dispute_deadline
from disputes.ladder import holder_for
from disputes.models import Dispute
from mediation.choices import Ruling
from mediation.court_forms import (
    ConfirmRulingForm,
    CourtDelegateForm,
    CourtFileForm,
    RejectRulingForm,
    delegation_tier,
)
from mediation.models import CourtCase, JudicialConfirmation
from mediation.permissions import delegation_refusal


def _number_taken(number: str) -> ValidationError:
    return ValidationError(
        {
            "case_number": [
                _("Case number %(number)s is already recorded on another case.") % {"number": number}
            ]
        }
    )


def _prepare_file(dispute: Dispute, data: dict, user) -> dict:
    if CourtCase.objects.filter(number=data["case_number"]).exists():
        raise _number_taken(data["case_number"])
    return {}


def _apply_file(dispute: Dispute, data: dict, user) -> dict:
    number = data["case_number"]
    try:
        with transaction.atomic():  # a savepoint: a number taken meanwhile is a field error, not a 500
            CourtCase.objects.create(
                dispute=dispute, court=dispute.holder, number=number, filed_at=timezone.now(), filed_by=user
            )
    except IntegrityError:
        raise _number_taken(number) from None
    return {"case_number": number}


def _prepare_delegate(dispute: Dispute, data: dict, user) -> dict:
    body = data.get("body") or holder_for(tier=Tier.TOWN, holder_kind=None, region=dispute.region)
    if body is None:
        raise ValidationError({"body": [_("No town mediation committee serves this region: choose a body.")]})
    if refusal := delegation_refusal(body):
        raise ValidationError({"body": [refusal]})
    return {"holder": body, "tier": delegation_tier(body)}


def _apply_delegate(dispute: Dispute, data: dict, user) -> dict:
    room = data.get("room")
    return {"delegated_to": dispute.holder.code, **({"room": room.pk} if room is not None else {})}


def _apply_accept_confirmation(dispute: Dispute, data: dict, user) -> dict:
    """The court accepts the application (受理): recorded on the confirmation, and the decision's own
    clock starts (15 days from acceptance, by the policy that waits for it)."""
    confirmation = dispute.confirmations.filter(decided_at__isnull=True).order_by("-applied_at").first()
    if confirmation is None:
        return {}
    confirmation.accepted_at = timezone.now()
    confirmation.save(update_fields=["accepted_at"])
    dispute.__dict__.pop("confirmation_accepted_at", None)
    dispute.due_at, dispute.warn_at = dispute_deadline(dispute)
    return {"confirmation": confirmation.pk, "accepted_at": confirmation.accepted_at.isoformat()}


def _prepare_ruling(dispute: Dispute, data: dict, user) -> dict:
    if JudicialConfirmation.objects.filter(case_number=data["case_number"]).exclude(dispute=dispute).exists():
        raise _number_taken(data["case_number"])
    return {}


def _ruling(ruling: str):
    def apply(dispute: Dispute, data: dict, user) -> dict:
        confirmation = dispute.confirmations.filter(decided_at__isnull=True).order_by("-applied_at").first()
        if confirmation is None:
            return {"ruling": ruling, "case_number": data["case_number"]}
        now = timezone.now()
        confirmation.accepted_at = confirmation.accepted_at or now
        confirmation.decided_at, confirmation.ruling = now, ruling
        confirmation.reasons = data.get("note", "")
        confirmation.case_number, confirmation.decided_by = data["case_number"], user
        try:
            with transaction.atomic():
                confirmation.save()
        except IntegrityError:
            raise _number_taken(data["case_number"]) from None
        return {"ruling": ruling, "case_number": data["case_number"], "confirmation": confirmation.pk}

    return apply


def register_court_steps() -> None:
    transitions.extend("court_file", form=CourtFileForm, prepare=_prepare_file, apply=_apply_file)
    transitions.extend(
        "court_delegate", form=CourtDelegateForm, prepare=_prepare_delegate, apply=_apply_delegate
    )
    transitions.extend("accept_confirmation", apply=_apply_accept_confirmation)
    transitions.extend(
        "confirm", form=ConfirmRulingForm, prepare=_prepare_ruling, apply=_ruling(Ruling.VALID)
    )
    transitions.extend(
        "reject_confirmation", form=RejectRulingForm, prepare=_prepare_ruling, apply=_ruling(Ruling.INVALID)
    )
