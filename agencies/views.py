"""The agency inbox (报到 and handling of referrals) and the court's pages (诉调对接, judicial confirmation).

Thin: selectors read, the services of disputes write; a refusal is a message or a field error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.forms import ReferralCompleteForm, ReferralReturnForm
from agencies.models import Referral, ReferralStatus
from disputes import selectors as dispute_selectors
from disputes.models import Party
from disputes.services import (
    dispute_transition,
    failed_guard,
    referral_accept_supporting,
    referral_complete,
    referral_return,
    transition_refusal,
)
from disputes.transitions import TRANSITIONS
from linze.auth import kind_required, primary_membership
from mediation import permissions as mediation_permissions
from mediation import selectors as mediation_selectors
from mediation.forms import VersionForm, bootstrap_widgets, mark_invalid
from mediation.web import call_service, dispute_page_url

PAGE_SIZE = 20

# The court's actions on its page, in the order a case meets them.
COURT_ACTIONS = (
    "court_accept",
    "court_delegate",
    "court_file",
    "court_conclude",
    "confirm",
    "reject_confirmation",
)


def _inbox_referrals(user, status: str):
    return (
        dispute_selectors.referral_inbox(user=user, filters={"status": status})
        .select_related("dispute__category", "dispute__region", "dispute__holder")
        .prefetch_related(Prefetch("dispute__parties", queryset=Party.objects.order_by("position", "pk")))
    )


@kind_required("agency")
def inbox(request):
    """Referrals to report in on (with the time left), then those the body is handling."""
    user = request.user
    pending = Paginator(_inbox_referrals(user, ReferralStatus.PENDING), PAGE_SIZE).get_page(
        request.GET.get("pending_page")
    )
    handling = Paginator(_inbox_referrals(user, ReferralStatus.ACCEPTED), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "agencies/inbox.html",
        {
            "membership": primary_membership(user),
            "pending": pending,
            "handling": handling,
            "now": timezone.now(),
            "is_court_staff": mediation_permissions.is_court_staff(user),
            "return_form": ReferralReturnForm(),
            "complete_form": ReferralCompleteForm(),
        },
    )


def _referral_for_answer(request, pk: int) -> Referral:
    """A referral addressed to one of the user's bodies; 404 for any other."""
    return get_object_or_404(
        Referral.objects.restrict(request.user, "change").select_related(
            "body", "dispute", "dispute__category", "dispute__region"
        ),
        pk=pk,
    )


@login_required
@require_POST
def referral_accept(request, pk: int):
    referral = _referral_for_answer(request, pk)
    if call_service(request, lambda: referral_accept_supporting(referral_id=referral.pk, user=request.user)):
        messages.success(request, _("Your body reported in on %(code)s.") % {"code": referral.dispute.code})
    return redirect("agencies:inbox")


def _answer_page(request, pk: int, *, form_class, service, field: str, template: str, success: str):
    referral = _referral_for_answer(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            request,
            lambda: service(referral_id=referral.pk, user=request.user, **{field: form.cleaned_data[field]}),
            form=form,
        )
        if done is not None:
            messages.success(request, success % {"code": referral.dispute.code})
            return redirect("agencies:inbox")
        if not form.errors:
            return redirect("agencies:inbox")
    return render(
        request,
        template,
        {
            "referral": referral,
            "form": form,
            "now": timezone.now(),
            "is_court_staff": mediation_permissions.is_court_staff(request.user),
        },
    )


@login_required
def referral_return_page(request, pk: int):
    return _answer_page(
        request,
        pk,
        form_class=ReferralReturnForm,
        service=referral_return,
        field="reason",
        template="agencies/referral_return.html",
        success=_("The referral of %(code)s was returned."),
    )


@login_required
def referral_complete_page(request, pk: int):
    return _answer_page(
        request,
        pk,
        form_class=ReferralCompleteForm,
        service=referral_complete,
        field="result",
        template="agencies/referral_complete.html",
        success=_("Your body's handling of %(code)s was recorded as complete."),
    )


# -- the court ----------------------------------------------------------------------------------------


def _court_staff_only(request) -> None:
    if not mediation_permissions.is_court_staff(request.user):
        raise Http404


@login_required
def court_queue(request):
    _court_staff_only(request)
    status = request.GET.get("status") or ""
    page = Paginator(mediation_selectors.court_queue(user=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "agencies/court_queue.html",
        {
            "page": page,
            "status": status,
            "counts": mediation_selectors.court_queue_counts(user=request.user),
            "now": timezone.now(),
            "is_court_staff": True,
        },
    )


def _court_action_forms(dispute, user, bound: dict | None = None) -> list[dict]:
    """A form per court action the user may take now; `bound` stands in for one, with its errors."""
    actions = []
    for name in COURT_ACTIONS:
        if transition_refusal(dispute, name, user) is not None:
            continue
        spec = TRANSITIONS[name]
        if bound and bound["name"] == name:
            form = bound["form"]
        else:
            form = bootstrap_widgets(spec.form(dispute=dispute, auto_id=f"id_{name}_%s"))
        actions.append(
            {"name": name, "label": spec.label, "form": form, "blocked_by": failed_guard(dispute, name)}
        )
    return actions


def _court_case_page(request, dispute, *, bound: dict | None = None, status: int = 200):
    user = request.user
    unmasked = mediation_permissions.sees_particulars(dispute, user)
    confirmation = mediation_selectors.confirmation_latest(dispute=dispute)
    agreement = confirmation.agreement if confirmation else dispute.latest_agreement
    if agreement is not None:
        agreement = mediation_selectors.agreement_get(dispute=dispute, pk=agreement.pk)
    return render(
        request,
        "agencies/court_case.html",
        {
            "dispute": dispute,
            "parties": list(dispute.parties.order_by("position", "pk")),
            "unmasked": unmasked,
            "confirmation": confirmation,
            "agreement": agreement,
            "actions": _court_action_forms(dispute, user, bound),
            "version": dispute.version,
            "dispute_url": dispute_page_url(dispute),
            "now": timezone.now(),
            "is_court_staff": True,
        },
        status=status,
    )


@login_required
def court_case(request, code: str):
    _court_staff_only(request)
    dispute = mediation_selectors.dispute_get(user=request.user, code=code)
    return _court_case_page(request, dispute)


@login_required
@require_POST
def court_act(request, code: str, name: str):
    """One court action, posted with the version of the dispute the page showed."""
    _court_staff_only(request)
    if name not in COURT_ACTIONS:
        raise Http404
    dispute = mediation_selectors.dispute_get(user=request.user, code=code)
    version = VersionForm(request.POST)
    if not version.is_valid():
        messages.error(request, _("The page was incomplete; reload it and try again."))
        return redirect("agencies:court_case", code=code)
    spec = TRANSITIONS[name]
    form = bootstrap_widgets(spec.form(request.POST, dispute=dispute, auto_id=f"id_{name}_%s"))
    if form.is_valid():
        done = call_service(
            request,
            lambda: dispute_transition(
                dispute_id=dispute.pk,
                user=request.user,
                name=name,
                data=request.POST,
                expected_version=version.cleaned_data["version"],
            ),
            form=form,
        )
        if done is not None:
            messages.success(
                request,
                _("%(action)s: done for %(code)s (now “%(status)s”).")
                % {"action": spec.label, "code": done.code, "status": done.get_status_display()},
            )
            return redirect("agencies:court_queue")
        if not form.errors:  # refused (stale, wrong state): the message says why; show the fresh page
            return redirect("agencies:court_case", code=code)
    mark_invalid(form)
    return _court_case_page(request, dispute, bound={"name": name, "form": form})
