"""Pages of mediation records, the printed documents and the directory. Thin: selectors read, services
write, refusals become messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.auth import user_display_name
from disputes.models import Category
from disputes.services import failed_guard
from disputes.transitions import competent_court
from disputes.views.common import call_service, dispute_page_url, transition_post
from mediation import documents, permissions, selectors, services
from mediation.forms import AgreementForm, FollowUpForm, ObligationFormSet, SessionForm, VersionForm

PAGE_SIZE = 20


def _refused(request, dispute, refusal: str):
    messages.warning(request, refusal)
    return redirect(dispute_page_url(dispute))


@login_required
def records(request, code: str):
    """A dispute's mediation records on a page of their own (the dispute page includes the same section)."""
    dispute = selectors.dispute_get(user=request.user, code=code)
    return render(
        request, "mediation/records.html", {"dispute": dispute, "dispute_url": dispute_page_url(dispute)}
    )


@login_required
def session_new(request, code: str):
    dispute = selectors.dispute_get(user=request.user, code=code)
    if refusal := permissions.session_refusal(dispute, request.user):
        return _refused(request, dispute, refusal)
    form = SessionForm(request.POST or None, rooms=selectors.rooms_of(body_id=dispute.holder_id))
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] for name in ("held_at", "room", "attendees", "minutes", "result")
        }
        data["place"] = form.cleaned_data["place"] or (data["room"].name if data["room"] else "")
        session = call_service(
            request,
            lambda: services.session_log(dispute_id=dispute.pk, user=request.user, data=data),
            form=form,
        )
        if session is not None:
            messages.success(request, _("The mediation session was recorded."))
            return redirect(dispute_page_url(dispute))
    return render(
        request,
        "mediation/session_form.html",
        {"dispute": dispute, "form": form, "dispute_url": dispute_page_url(dispute)},
    )


@login_required
def agreement_new(request, code: str):
    dispute = selectors.dispute_get(user=request.user, code=code)
    if refusal := permissions.agreement_refusal(dispute, request.user):
        return _refused(request, dispute, refusal)
    form = AgreementForm(request.POST or None, dispute=dispute)
    formset = ObligationFormSet(request.POST or None, prefix="obligations", form_kwargs={"dispute": dispute})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("facts", "terms", "performance", "effective_on", "originals", "parties")
        }
        data["parties"] = list(data["parties"])
        data["obligations"] = formset.obligations()
        agreement = call_service(
            request,
            lambda: services.agreement_create(dispute_id=dispute.pk, user=request.user, data=data),
            form=form,
        )
        if agreement is not None:
            messages.success(
                request,
                _("The agreement was drafted. Print it for signature, then record it on the dispute."),
            )
            return redirect("mediation:agreement", code=dispute.code, pk=agreement.pk)
    return render(
        request,
        "mediation/agreement_form.html",
        {"dispute": dispute, "form": form, "formset": formset, "dispute_url": dispute_page_url(dispute)},
    )


@login_required
def follow_up_new(request, code: str):
    dispute = selectors.dispute_get(user=request.user, code=code)
    if refusal := permissions.follow_up_refusal(dispute, request.user):
        return _refused(request, dispute, refusal)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        follow_up = call_service(
            request,
            lambda: services.follow_up_record(
                dispute_id=dispute.pk, user=request.user, data=form.cleaned_data
            ),
            form=form,
        )
        if follow_up is not None:
            messages.success(request, _("The follow-up visit was recorded."))
            return redirect(dispute_page_url(dispute))
    return render(
        request,
        "mediation/follow_up_form.html",
        {"dispute": dispute, "form": form, "dispute_url": dispute_page_url(dispute)},
    )


# -- the printed documents --------------------------------------------------------------------------------


def _agreement_context(request, code: str, pk: int, document: str) -> dict:
    dispute = selectors.dispute_get(user=request.user, code=code)
    agreement = selectors.agreement_get(dispute=dispute, pk=pk, user=request.user)
    unmasked = permissions.sees_particulars(dispute, request.user)
    if unmasked:
        services.personal_data_shown(
            dispute=dispute, user=request.user, document=document, ip_address=request.META.get("REMOTE_ADDR")
        )
    parties = list(agreement.parties.all())
    return {
        "dispute": dispute,
        "agreement": agreement,
        "number": documents.agreement_number(agreement, selectors.agreement_index(agreement)),
        "particulars": [documents.party_particulars(p, unmasked=unmasked) for p in parties],
        "obligations": list(agreement.obligations.all()),
        "peoples_mediation": documents.is_peoples_mediation(agreement.body),
        "originals_clause": documents.originals_clause(agreement, len(parties)),
        "mediator_name": user_display_name(agreement.mediator) if agreement.mediator else "",
        "unmasked": unmasked,
        "dispute_url": dispute_page_url(dispute),
    }


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def agreement_print(request, code: str, pk: int):
    context = _agreement_context(request, code, pk, "agreement")
    return render(request, "mediation/agreement_print.html", context)


@login_required
def agreement_pdf(request, code: str, pk: int):
    context = _agreement_context(request, code, pk, "agreement.pdf")
    pdf = documents.pdf_render(
        template="mediation/agreement_pdf.html", context=context, base_url=request.build_absolute_uri("/")
    )
    return _pdf_response(pdf, _("mediation-agreement-%(code)s.pdf") % {"code": code})


def _confirmation_context(request, code: str, document: str) -> dict | None:
    dispute = selectors.dispute_get(user=request.user, code=code)
    confirmation = selectors.confirmation_latest(dispute=dispute, user=request.user)
    agreement = confirmation.agreement if confirmation else dispute.latest_agreement
    if agreement is None:
        return {"dispute": dispute, "agreement": None}
    agreement = selectors.agreement_get(dispute=dispute, pk=agreement.pk, user=request.user)
    court = confirmation.court if confirmation else None
    if court is None:
        try:
            court = competent_court(dispute)
        except ValidationError:
            court = None
    unmasked = permissions.sees_particulars(dispute, request.user)
    if unmasked:
        services.personal_data_shown(
            dispute=dispute, user=request.user, document=document, ip_address=request.META.get("REMOTE_ADDR")
        )
    may_apply = permissions.may_apply_confirmation(dispute, request.user)
    return {
        "dispute": dispute,
        "agreement": agreement,
        "confirmation": confirmation,
        "court": court,
        "number": documents.agreement_number(agreement, selectors.agreement_index(agreement)),
        # The parties apply jointly: every party of the dispute is an applicant.
        "particulars": [
            documents.party_particulars(p, unmasked=unmasked)
            for p in dispute.parties.order_by("position", "pk")
        ],
        "obligations": list(agreement.obligations.all()),
        "unmasked": unmasked,
        "may_apply": may_apply,
        "blocked_by": failed_guard(dispute, "apply_confirmation") if may_apply else None,
        "version_form": VersionForm(initial={"version": dispute.version}),
        "dispute_url": dispute_page_url(dispute),
    }


@login_required
def confirmation(request, code: str):
    """The judicial confirmation application 司法确认申请书: the document, and the button to file it."""
    context = _confirmation_context(request, code, "confirmation")
    if context["agreement"] is None:
        messages.info(request, _("This dispute has no agreement yet to apply for confirmation of."))
        return redirect(dispute_page_url(context["dispute"]))
    return render(request, "mediation/confirmation_print.html", context)


@login_required
def confirmation_pdf(request, code: str):
    context = _confirmation_context(request, code, "confirmation.pdf")
    if context["agreement"] is None:
        messages.info(request, _("This dispute has no agreement yet to apply for confirmation of."))
        return redirect(dispute_page_url(context["dispute"]))
    pdf = documents.pdf_render(
        template="mediation/confirmation_pdf.html", context=context, base_url=request.build_absolute_uri("/")
    )
    return _pdf_response(pdf, _("judicial-confirmation-application-%(code)s.pdf") % {"code": code})


@login_required
@require_POST
def confirmation_apply(request, code: str):
    dispute = selectors.dispute_get(user=request.user, code=code)
    posted = transition_post(request, dispute, "apply_confirmation")
    if posted.done:
        messages.success(request, _("The application was filed; the court now examines the agreement."))
    else:
        errors = [error for field_errors in posted.form.errors.values() for error in field_errors]
        messages.error(request, posted.refusal or " ".join(errors))
    return redirect("mediation:confirmation", code=code)


def _ruling_context(request, code: str, document: str) -> dict:
    dispute = selectors.dispute_get(user=request.user, code=code)
    confirmation = selectors.confirmation_ruled(dispute=dispute, user=request.user)
    if confirmation is None:
        return {"dispute": dispute, "confirmation": None}
    agreement = selectors.agreement_get(dispute=dispute, pk=confirmation.agreement_id, user=request.user)
    unmasked = permissions.sees_ruling_particulars(dispute, confirmation, request.user)
    if unmasked:
        services.personal_data_shown(
            dispute=dispute, user=request.user, document=document, ip_address=request.META.get("REMOTE_ADDR")
        )
    # The parties apply jointly: in the ruling every party of the dispute is an applicant (申请人).
    particulars = [
        documents.party_particulars(p, unmasked=unmasked) for p in dispute.parties.order_by("position", "pk")
    ]
    return {
        "dispute": dispute,
        "confirmation": confirmation,
        "agreement": agreement,
        "court": confirmation.court,
        "particulars": particulars,
        "obligations": list(agreement.obligations.all()),
        "text": documents.ruling_text(
            confirmation=confirmation, agreement=agreement, applicants=[p.name for p in particulars]
        ),
        "decided_on": documents.date_in_words(timezone.localdate(confirmation.decided_at)),
        "judge_name": user_display_name(confirmation.decided_by) if confirmation.decided_by else "",
        "unmasked": unmasked,
        "dispute_url": dispute_page_url(dispute),
    }


def _no_ruling(request, dispute):
    messages.info(request, _("The court has not ruled on a confirmation of this dispute's agreement yet."))
    return redirect(dispute_page_url(dispute))


@login_required
def ruling_print(request, code: str):
    """The court's ruling on the judicial confirmation 民事裁定书, ready to print."""
    context = _ruling_context(request, code, "ruling")
    if context["confirmation"] is None:
        return _no_ruling(request, context["dispute"])
    return render(request, "mediation/ruling_print.html", context)


@login_required
def ruling_pdf(request, code: str):
    context = _ruling_context(request, code, "ruling.pdf")
    if context["confirmation"] is None:
        return _no_ruling(request, context["dispute"])
    pdf = documents.pdf_render(
        template="mediation/ruling_pdf.html", context=context, base_url=request.build_absolute_uri("/")
    )
    return _pdf_response(pdf, _("civil-ruling-%(code)s.pdf") % {"code": code})


# -- the directory ----------------------------------------------------------------------------------------


@login_required
def mediator_list(request):
    page = Paginator(selectors.mediator_directory(filters=request.GET), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mediation/mediators.html",
        {
            "page": page,
            "categories": Category.objects.filter(is_active=True),
            "category": request.GET.get("category", ""),
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def room_list(request):
    brand_only = request.GET.get("brand") == "1"
    page = Paginator(selectors.room_directory(brand_only=brand_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "mediation/rooms.html", {"page": page, "brand_only": brand_only})


@login_required
def room_detail(request, pk: int):
    room = selectors.room_get(pk=pk)
    page = Paginator(selectors.room_disputes(room=room, user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "mediation/room_detail.html", {"room": room, "page": page})
