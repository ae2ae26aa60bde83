"""Intake (登记) at a desk, and the grid worker's report and list from a phone."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies.auth import kind_required, primary_membership
from agencies.models import Region
from disputes.forms import (
    AREA_KINDS,
    PARTY_PREFIX,
    GridReportForm,
    IntakeForm,
    party_formset,
    party_row_form,
)
from disputes.models import Dispute
from disputes.services import attachment_add, dispute_register
from disputes.similar import intake_suggestions
from disputes.views.common import errors_onto_form, quiet
from disputes.views.pagination import SORTS, keyset_page
from linze.exceptions import ActionRefused

PARTY_ERROR_KEY = re.compile(r"^parties\[(\d+)\]\.(\w+)$")
TOTAL_FORMS = f"{PARTY_PREFIX}-TOTAL_FORMS"


def _errors_onto_intake(error: ValidationError, form: IntakeForm, parties) -> None:
    """dispute_register's errors back where they were typed: "parties[1].id_number" on the second
    kept party row, "parties" above the rows, the dispute's fields on their fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    kept = parties.kept_forms()
    rest = {}
    for key, messages_ in error.message_dict.items():
        match = PARTY_ERROR_KEY.match(key)
        if match and int(match.group(1)) < len(kept):
            row, field = kept[int(match.group(1))], match.group(2)
            row.add_error(field if field in row.fields else None, messages_)
        elif key == "parties":
            parties.non_form_errors().extend(messages_)
        else:
            rest[key] = messages_
    if rest:
        errors_onto_form(form, ValidationError(rest))


def _with_one_more_row(data):
    data = data.copy()
    try:
        total = int(data.get(TOTAL_FORMS, 0))
    except ValueError:
        total = 0
    data[TOTAL_FORMS] = str(total + 1)
    return data


@kind_required("mediation", "agency")
def intake(request):
    """Registers a dispute with any number of parties; nothing typed is lost when it comes back."""
    files_dropped = False
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES)
        if "add_party" in request.POST:
            # Without JavaScript: the same form again, with one more empty party row.
            parties = party_formset(_with_one_more_row(request.POST))
            quiet(form, parties)
            files_dropped = bool(request.FILES)
        else:
            parties = party_formset(request.POST)
            valid = form.is_valid() & parties.is_valid()  # both, so every error shows at once
            if valid:
                try:
                    dispute = dispute_register(
                        user=request.user, data=form.dispute_data(), parties=parties.parties()
                    )
                except ValidationError as exc:
                    _errors_onto_intake(exc, form, parties)
                else:
                    _attach(request, dispute, form.cleaned_data.get("attachments") or [])
                    messages.success(
                        request,
                        _("Dispute %(code)s is registered and held by %(holder)s.")
                        % {"code": dispute.code, "holder": dispute.holder.display_name},
                    )
                    return redirect("disputes:detail", code=dispute.code)
            files_dropped = bool(request.FILES)
    else:
        form, parties = IntakeForm(), party_formset()
    context = {"form": form, "parties": parties, "files_dropped": files_dropped}
    return render(request, "disputes/intake.html", context)


def _attach(request, dispute: Dispute, uploads: list) -> None:
    for upload in uploads:
        try:
            attachment_add(dispute_id=dispute.pk, user=request.user, upload=upload)
        except (ValidationError, ActionRefused) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc.message)
            messages.warning(
                request,
                _("%(name)s was not attached: %(reason)s") % {"name": upload.name, "reason": reason},
            )


@kind_required("mediation", "agency")
def intake_party_row(request):
    """htmx: one more empty party row, numbered after the rows on the page, and the new row count."""
    try:
        index = int(request.GET.get(TOTAL_FORMS, ""))
    except ValueError:
        raise Http404 from None
    if not 0 <= index < 50:
        raise Http404
    context = {"row": party_row_form(index), "total": index + 1}
    return render(request, "disputes/_party_row_added.html", context)


@kind_required("mediation", "agency")
def intake_villages(request):
    """htmx: the village select for the town just chosen."""
    area = Region.objects.filter(kind__in=AREA_KINDS, pk=request.GET.get("area") or 0).first()
    form = IntakeForm(initial={"area": area.pk if area else None})
    return render(request, "disputes/_region_field.html", {"form": form})


# -- the grid worker ---------------------------------------------------------------------------------


def _station_region(user) -> Region | None:
    membership = primary_membership(user)
    return membership.body.region if membership is not None else None


@kind_required("grid")
def grid_report(request):
    """The two-minute report from the street: what, where, who, how urgent."""
    station_region = _station_region(request.user)
    form = GridReportForm(request.POST or None, station_region=station_region)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = dispute_register(user=request.user, data=form.dispute_data(), parties=form.parties())
        except ValidationError as exc:
            field_map = {
                f"parties[{index}].{field}": pattern.format(index + 1)
                for index in range(2)
                for field, pattern in GridReportForm.PARTY_FIELDS.items()
            }
            errors_onto_form(form, exc, field_map=field_map)
        else:
            messages.success(request, _("Reported. The dispute's code is %(code)s.") % {"code": dispute.code})
            return redirect("disputes:grid_home")
    return render(request, "disputes/grid_report.html", {"form": form})


@kind_required("grid")
def grid_home(request):
    """My reports: the disputes this grid worker reported, newest first, wherever they are now."""
    reports = Dispute.objects.restrict(request.user, "view").with_list_related()
    reports = reports.filter(reported_by=request.user)
    page = keyset_page(
        reports, sort=SORTS["opened"], after=request.GET.get("after"), before=request.GET.get("before")
    )
    context = {"page": page, "report_url": reverse("disputes:grid_report")}
    return render(request, "disputes/grid_home.html", context)


@kind_required("mediation", "agency")
def intake_similar(request):
    """While the clerk types: similar closed disputes, and the category and bodies common among them."""
    title = (request.GET.get("title") or "")[:120]
    description = (request.GET.get("description") or "")[:2000]
    suggestions = intake_suggestions(user=request.user, title=title, description=description)
    return render(request, "disputes/_intake_suggestions.html", {"suggestions": suggestions})
