"""The court's pages (诉调对接, judicial confirmation): its queue, a case, and the court's actions.

Thin: selectors read, the services of disputes write; a refusal is a message or a field error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.permissions import is_court_staff
from disputes.deadlines import with_clock_units
from disputes.services import failed_guard, transition_refusal
from disputes.transitions import TRANSITIONS
from disputes.views.common import dispute_page_url, transition_post
from mediation import permissions as mediation_permissions
from mediation import selectors as mediation_selectors

PAGE_SIZE = 20

# The court's actions on its page, in the order a case meets them.
COURT_ACTIONS = (
    "court_accept",
    "court_delegate",
    "court_file",
    "court_conclude",
    "accept_confirmation",
    "confirm",
    "reject_confirmation",
    # The decision on a confirmation (+10 days, the president approving) and pre-litigation mediation
    # (+30, the parties consenting) may each be extended once.
    "extend_clock",
)


def _court_staff_only(request) -> None:
    if not is_court_staff(request.user):
        raise Http404


@login_required
def court_queue(request):
    _court_staff_only(request)
    status = request.GET.get("status") or ""
    page = Paginator(mediation_selectors.court_queue(user=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = with_clock_units(page.object_list)
    return render(
        request,
        "mediation/court/queue.html",
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
            form = spec.form(dispute=dispute, auto_id=f"id_{name}_%s")
        actions.append(
            {"name": name, "label": spec.label, "form": form, "blocked_by": failed_guard(dispute, name)}
        )
    return actions


def _court_case_page(request, dispute, *, bound: dict | None = None, status: int = 200):
    user = request.user
    unmasked = mediation_permissions.sees_particulars(dispute, user)
    confirmation = mediation_selectors.confirmation_latest(dispute=dispute, user=user)
    agreement = confirmation.agreement if confirmation else dispute.latest_agreement
    if agreement is not None:
        agreement = mediation_selectors.agreement_get(dispute=dispute, pk=agreement.pk, user=user)
    return render(
        request,
        "mediation/court/case.html",
        {
            "dispute": dispute,
            "parties": list(dispute.parties.order_by("position", "pk")),
            "unmasked": unmasked,
            "confirmation": confirmation,
            "agreement": agreement,
            "court_cases": mediation_selectors.court_cases_of(dispute=dispute),
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
    posted = transition_post(request, dispute, name, auto_id=f"id_{name}_%s")
    if posted.done:
        messages.success(
            request,
            _("%(action)s: done for %(code)s (now “%(status)s”).")
            % {
                "action": TRANSITIONS[name].label,
                "code": posted.dispute.code,
                "status": posted.dispute.get_status_display(),
            },
        )
        return redirect("court:queue")
    if posted.refusal:  # refused (stale, wrong state, a guard): the message says why; show the fresh page
        messages.error(request, posted.refusal)
        return redirect("court:case", code=code)
    return _court_case_page(request, dispute, bound={"name": name, "form": posted.form})
