"""Glue the pages of mediation, the agency inbox and the court share: where a dispute's page is, and how a
service's refusal reaches the user (a message or a field error, never a 500)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.urls import NoReverseMatch, reverse

from disputes.exceptions import ActionRefused


def dispute_page_url(dispute) -> str:
    """The dispute page (案件详情) when the disputes app has one, else the dispute's mediation records."""
    for name in ("disputes:detail", "disputes:dispute_detail"):
        try:
            return reverse(name, kwargs={"code": dispute.code})
        except NoReverseMatch:
            continue
    return reverse("mediation:records", kwargs={"code": dispute.code})


def errors_to_form(form: Form, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def call_service(request, call, *, form: Form | None = None):
    """Runs `call()`; a refusal becomes an error message, invalid input a form error. None when refused."""
    try:
        return call()
    except ActionRefused as refusal:
        messages.error(request, str(refusal.message))
    except ValidationError as error:
        if form is not None:
            errors_to_form(form, error)
        else:
            messages.error(request, " ".join(error.messages))
    return None
