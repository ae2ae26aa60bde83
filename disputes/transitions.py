"""What each transition needs besides the state change: its form, the arguments it is called with,
and the rows written beside it. Other apps register their own steps (mediation: agreements,
confirmations) in their AppConfig.ready(), so that disputes never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.choices import BodyKind
from agencies.models import Body
from disputes import transition_forms as f
from disputes.choices import Tier
from disputes.ladder import first_ladder_step, holder_for, next_ladder_step


@dataclass
class TransitionSpec:
    name: str
    label: str
    form: type[f.TransitionForm] = f.TransitionForm
    # (dispute, cleaned_data, user) -> kwargs for the transition method; may raise ValidationError.
    prepare: Callable | None = None
    # (dispute, cleaned_data, user) -> extra event payload; runs after the transition, same transaction.
    apply: Callable | None = None
    extra_apply: list[Callable] = field(default_factory=list)
    # The transition sets the clock itself (pause, resume) instead of starting the next step's.
    keeps_clock: bool = False


TRANSITIONS: dict[str, TransitionSpec] = {}


def register(spec: TransitionSpec) -> TransitionSpec:
    TRANSITIONS[spec.name] = spec
    return spec


def extend(name: str, *, form=None, prepare=None, apply=None) -> None:
    """Lets another app supply a transition's form and steps (its own rows: agreements, confirmations)."""
    spec = TRANSITIONS[name]
    if form is not None:
        spec.form = form
    if prepare is not None:
        spec.prepare = prepare
    if apply is not None:
        spec.extra_apply.append(apply)


def competent_court(dispute) -> Body:
    court = Body.objects.filter(kind=BodyKind.COURT, is_active=True).order_by("pk").first()
    if court is None:
        raise ValidationError(_("No court is configured; ask the administrator to add one."))
    return court


def _prepare_start_mediation(dispute, data, user):
    # Mediation starts at the tier the dispute already sits on, unless another rung is chosen.
    if data.get("tier"):
        step = first_ladder_step(dispute, tier=data["tier"])
    else:
        step = first_ladder_step(dispute, tier=dispute.tier) or first_ladder_step(dispute)
    if step is None:
        raise ValidationError({"tier": _("That tier is not on the mediation ladder for this region.")})
    holder = holder_for(tier=step.tier, holder_kind=step.holder_kind, region=dispute.region)
    if holder is None:
        raise ValidationError({"tier": _("No mediation body serves this region at that tier.")})
    return {"tier": step.tier, "holder": holder}


def _prepare_escalate(dispute, data, user):
    step = next_ladder_step(dispute)
    if step is None:
        return {"tier": dispute.tier, "holder": dispute.holder}  # the guard refuses it with its message
    holder = holder_for(tier=step.tier, holder_kind=step.holder_kind, region=dispute.region)
    if holder is None:
        raise ValidationError(_("No mediation body serves this region at the next tier."))
    return {"tier": step.tier, "holder": holder}


def _prepare_court(dispute, data, user):
    return {"court": competent_court(dispute)}


def _prepare_delegate(dispute, data, user):
    holder = holder_for(tier=Tier.TOWN, holder_kind=None, region=dispute.region)
    if holder is None:
        raise ValidationError(_("No town mediation committee serves this region."))
    return {"holder": holder}


def _prepare_reopen(dispute, data, user):
    centre = holder_for(tier=Tier.COUNTY, holder_kind=None, region=dispute.region)
    if centre is None:
        raise ValidationError(_("No county centre is configured to take the dispute back."))
    return {"holder": centre}


def _prepare_resume(dispute, data, user):
    from disputes.deadlines import clock_pause_open, clock_resumed

    pause = clock_pause_open(dispute)
    if pause is None:  # the guard refuses it with its message
        return {"due_at": None, "warn_at": None}
    due_at, warn_at = clock_resumed(pause, now=timezone.now())
    return {"due_at": due_at, "warn_at": warn_at}


def _note(data, user):
    return {"note": data.get("note", "")}


for _spec in [
    TransitionSpec(
        "assess", _("Assess"), f.AssessForm, lambda d, data, u: {"risk_level": data.get("risk_level")}
    ),
    TransitionSpec("prevent", _("Prevention work")),
    TransitionSpec(
        "close_prevented", _("Close: resolved by prevention"), prepare=lambda d, data, u: _note(data, u)
    ),
    TransitionSpec("start_mediation", _("Start mediation"), f.StartMediationForm, _prepare_start_mediation),
    TransitionSpec("escalate", _("Escalate to the next tier"), f.ReasonForm, _prepare_escalate),
    TransitionSpec("take_over", _("Take over the grid report"), prepare=_prepare_escalate),
    TransitionSpec("refer", _("Refer / blow the whistle"), f.ReferForm),
    # Its apply (the new referrals, each with its route's clock) is disputes.services.referral_steps.
    TransitionSpec("add_support", _("Add a supporting body"), f.AddSupportForm, keeps_clock=True),
    TransitionSpec("accept_referral", _("Report in (accept the referral)")),
    TransitionSpec("return_referral", _("Return the referral"), f.ReasonForm),
    TransitionSpec(
        "close_handled",
        _("Close: handled by the agency"),
        f.CloseHandledForm,
        lambda d, data, u: {"handling_result": data["handling_result"], **_note(data, u)},
        lambda d, data, u: {"handling_result": data["handling_result"]},
    ),
    TransitionSpec("record_agreement", _("Record the agreement")),
    TransitionSpec("apply_confirmation", _("Apply for judicial confirmation"), prepare=_prepare_court),
    TransitionSpec("accept_confirmation", _("Accept the confirmation application")),
    TransitionSpec("confirm", _("Confirm the agreement (valid)"), f.ConfirmationRulingForm),
    TransitionSpec("reject_confirmation", _("Reject the confirmation"), f.ReasonForm),
    TransitionSpec("start_follow_up", _("Start performance follow-up")),
    TransitionSpec(
        "close_fulfilled", _("Close: agreement fulfilled"), prepare=lambda d, data, u: _note(data, u)
    ),
    TransitionSpec("report_default", _("Report a default to the court"), f.ReasonForm, _prepare_court),
    TransitionSpec("refer_to_court", _("Send to court"), f.ReasonForm, _prepare_court),
    TransitionSpec("court_accept", _("Accept into pre-litigation mediation")),
    TransitionSpec("court_delegate", _("Delegate mediation"), prepare=_prepare_delegate),
    TransitionSpec("court_file", _("File the case")),
    TransitionSpec(
        "court_conclude",
        _("Conclude the case"),
        f.CourtConcludeForm,
        lambda d, data, u: {"outcome": data["outcome"], "note": data.get("note", "")},
    ),
    TransitionSpec("withdraw", _("Withdraw"), f.ReasonForm, lambda d, data, u: _note(data, u)),
    TransitionSpec(
        "decline", _("Decline with guidance"), f.DeclineForm, lambda d, data, u: {"guidance": data["note"]}
    ),
    TransitionSpec("reopen", _("Reopen"), f.ReasonForm, _prepare_reopen),
    # Its prepare and apply (the surviving dispute: found, locked, recorded) are disputes.services.merge.
    TransitionSpec("merge", _("Merge into another dispute"), f.MergeForm),
    TransitionSpec("pause_clock", _("Pause the clock"), f.ClockPauseForm, keeps_clock=True),
    TransitionSpec(
        "resume_clock", _("Resume the clock"), f.ClockResumeForm, _prepare_resume, keeps_clock=True
    ),
    # Its apply (the step's clock moved on, the approver recorded) is disputes.services.clock.
    TransitionSpec("extend_clock", _("Extend the time limit"), f.ClockExtensionForm, keeps_clock=True),
]:
    register(_spec)
