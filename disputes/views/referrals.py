"""The agency inbox (报到 and handling of referrals): the referral's own pages.

Thin: selectors read, services write; a refusal is a message or a field error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.auth import kind_required, primary_membership
from agencies.permissions import is_court_staff
from disputes import selectors
from disputes.choices import ReferralStatus
from disputes.deadlines import with_clock_units
from disputes.forms import ReferralCompleteForm, ReferralReturnForm
from disputes.models import Party, Referral
from disputes.services import referral_accept_supporting, referral_complete, referral_return
from disputes.views.common import call_service

PAGE_SIZE = 20


def _inbox_referrals(user, status: str):
    return (
        selectors.referral_inbox(user=user, filters={"status": status})
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
    pending.object_list = with_clock_units(pending.object_list)
    handling.object_list = with_clock_units(handling.object_list)
    return render(
        request,
        "disputes/referrals/inbox.html",
        {
            "membership": primary_membership(user),
            "pending": pending,
            "handling": handling,
            "now": timezone.now(),
            "is_court_staff": is_court_staff(user),
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
    return redirect("referrals:inbox")


def _answer_page(request, pk: int, *, form_class, service, field: str, template: str, success: str, also=()):
    referral = _referral_for_answer(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            request,
            lambda: service(
                referral_id=referral.pk,
                user=request.user,
                **{name: form.cleaned_data[name] for name in (field, *also)},
            ),
            form=form,
        )
        if done is not None:
            messages.success(request, success % {"code": referral.dispute.code})
            return redirect("referrals:inbox")
        if not form.errors:
            return redirect("referrals:inbox")
    return render(
        request,
        template,
        {
            "referral": referral,
            "form": form,
            "now": timezone.now(),
            "is_court_staff": is_court_staff(request.user),
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
        template="disputes/referrals/return.html",
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
        also=("handling_result",),
        template="disputes/referrals/complete.html",
        success=_("Your body's handling of %(code)s was recorded as complete."),
    )
