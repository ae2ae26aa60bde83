"""What the pages of every app share: loading a dispute through restrict(), labels, and how a service's
refusal reaches the user (a message or a field error, never a 500)."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disputes.models import Dispute
from disputes.services import dispute_transition
from disputes.transitions import TRANSITIONS
from linze.exceptions import ActionRefused, Conflict

# Timeline entries that are no transition of the state machine: how the page names them.
EVENT_LABELS = {
    "register": _("Registered"),
    "attach": _("Evidence added"),
    "log_session": _("Mediation session logged"),
    "draft_agreement": _("Agreement drafted"),
    "follow_up": _("Follow-up visit"),
    "report_in": _("Reported in (supporting body)"),
    "complete_referral": _("Referral completed"),
    "return_referral_support": _("Referral returned (supporting body)"),
    "merged_in": _("A duplicate merged into this dispute"),
    "ask_liaisons": _("Grid liaisons asked for legal guidance"),
    "liaison_guidance": _("Legal guidance from a grid liaison"),
}


def event_label(name: str) -> str:
    spec = TRANSITIONS.get(name)
    if spec is not None:
        return spec.label
    return EVENT_LABELS.get(name, name)


def dispute_or_404(request, code: str, *, detail: bool = False) -> Dispute:
    """The dispute with this code if the user may see it; anything else is a 404, never its data."""
    queryset = Dispute.objects.restrict(request.user, "view")
    queryset = queryset.with_detail_related() if detail else queryset.with_list_related()
    return get_object_or_404(queryset, code=code)


def quiet(*forms) -> None:
    """Marks bound forms as not submitted: re-shown (to add a row) with what was typed, without errors."""
    for form in forms:
        form.quiet = True
        if hasattr(form, "forms"):
            form._errors, form._non_form_errors = [], form.error_class()
            quiet(*form.forms)
        else:
            form._errors = ErrorDict()
            form.cleaned_data = {}


def errors_onto_form(form, error: ValidationError, *, field_map=None) -> None:
    """Puts a service's ValidationError onto the form: field keys on their field, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, texts in error.message_dict.items():
        name = (field_map or {}).get(key, key)
        target = name if name in form.fields else None
        if key == NON_FIELD_ERRORS:
            target = None
        already = form.errors.get(target or NON_FIELD_ERRORS, [])
        fresh = [text for text in texts if text not in already]
        if fresh:
            form.add_error(target, fresh)


def call_service(request, call, *, form=None, field_map=None):
    """Runs `call()`; a refusal becomes an error message, invalid input a form error. None when refused.

    The one mapping of the services' errors for the pages of every app."""
    try:
        return call()
    except ActionRefused as refusal:
        messages.error(request, str(refusal.message))
    except ValidationError as error:
        if form is not None:
            errors_onto_form(form, error, field_map=field_map)
        else:
            messages.error(request, " ".join(error.messages))
    return None


def dispute_page_url(dispute) -> str:
    """The dispute page (案件详情)."""
    return reverse("disputes:detail", kwargs={"code": dispute.code})


# -- posting a transition from a page -------------------------------------------------------------------


@dataclass
class TransitionPosted:
    """What became of a transition posted from a page."""

    form: forms.Form  # the transition's form, bound to what was posted, with its errors
    dispute: Dispute | None = None  # the dispute after the transition, when it was made
    refusal: str | None = None  # why not: wrong state, not the user's step, a guard, a stale page
    status: int = 200
    stale: bool = False  # the page showed an older version of the dispute

    @property
    def done(self) -> bool:
        return self.dispute is not None


def posted_version(request, dispute) -> int:
    """The version of the dispute the page showed (its forms carry it), else the current one."""
    try:
        return int(request.POST.get("version"))
    except (TypeError, ValueError):
        return dispute.version


def transition_post(request, dispute, name: str, *, auto_id: str = "id_%s") -> TransitionPosted:
    """Makes transition `name` on `dispute` with what the page posted: the one way every page does it
    (the dispute page, the agency inbox, the court's pages, the mediation records).

    The service decides everything (state, permission, guards, input); this maps its answer for a page:
    success, a refusal with its reason and HTTP status, or field errors on the bound form."""
    data = request.POST.copy()
    for key in ("csrfmiddlewaretoken", "version"):
        data.pop(key, None)
    form = TRANSITIONS[name].form(data, dispute=dispute, auto_id=auto_id)
    try:
        done = dispute_transition(
            dispute_id=dispute.pk,
            user=request.user,
            name=name,
            data=data,
            expected_version=posted_version(request, dispute),
        )
    except Conflict as refusal:
        form.is_valid()
        return TransitionPosted(form, refusal=str(refusal.message), status=409, stale=refusal.code == "stale")
    except ActionRefused as refusal:
        form.is_valid()
        return TransitionPosted(form, refusal=str(refusal.message), status=refusal.status_code)
    except ValidationError as error:
        form.is_valid()
        errors_onto_form(form, error)
        return TransitionPosted(form)
    return TransitionPosted(form, dispute=done)
