"""What the pages of every app share: loading a dispute through restrict(), labels, and how a service's
refusal reaches the user (a message or a field error, never a 500)."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disputes.models import Dispute
from disputes.transitions import TRANSITIONS
from linze.exceptions import ActionRefused

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
