"""The work lists (待办): my body's open disputes, overdue, due soon, referrals to report in on, all.

Each tab is one indexed query of a fixed shape, paginated by keyset; counts come from one aggregate
query per request, shared with the navigation badges.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.auth import kind_required, user_kind
from disputes.choices import OPEN_STATUSES, ReferralStatus, Status
from disputes.deadlines import with_clock_state, with_clock_units
from disputes.forms import InboxFilterForm
from disputes.selectors import OPEN_TABS, dispute_list, referral_inbox, workbench_counts
from disputes.views.pagination import PAGE_SIZE, SORTS, keyset_page

TABS = {
    "mine": _("My body's open disputes"),
    "overdue": _("Overdue"),
    "due_soon": _("Due within 2 working days"),
    "referrals": _("Referrals to report in on"),
    "all": _("All I can see"),
}


def request_counts(request) -> dict:
    """workbench_counts, computed once per request."""
    if not hasattr(request, "_workbench_counts"):
        request._workbench_counts = workbench_counts(request.user)
    return request._workbench_counts


def visible_tabs(user, counts: dict) -> list[str]:
    tabs = list(OPEN_TABS)
    if user_kind(user) == "agency" or counts.get("referrals"):
        tabs.append("referrals")
    tabs.append("all")
    return tabs


@kind_required("mediation", "agency", "none")
def workbench(request):
    """The inbox (待办) of staff of mediation bodies, centres and agencies."""
    now = timezone.now()
    counts = request_counts(request)
    tabs = visible_tabs(request.user, counts)
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else "mine"
    statuses = [(s.value, s.label) for s in Status if tab == "all" or s.value in OPEN_STATUSES]
    form = InboxFilterForm(request.GET or None, statuses=statuses)
    context = {
        "tab": tab,
        "tabs": [{"name": name, "label": TABS[name], "count": counts.get(name)} for name in tabs],
        "counts": counts,
        "form": form,
        "now": now,
    }
    if tab == "referrals":
        context["referrals"], context["page_number"], context["has_next"] = _referral_page(request)
    else:
        filters = form.filters()
        sort = SORTS[filters.get("sort") or "opened"]
        context["page"] = keyset_page(
            with_clock_state(
                dispute_list(
                    user=request.user, filters={**filters, "tab": tab}, now=now
                ).without_long_columns()
            ),
            sort=sort,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
        )
        context["page"].rows = with_clock_units(context["page"].rows)
        context["query"] = _query_without_cursor(request)
    if request.htmx.target == "inbox-results":
        return render(request, "disputes/_inbox_results.html", context)
    return render(request, "disputes/workbench.html", context)


def _referral_page(request):
    """Pending referrals to the user's bodies, soonest report-in deadline first; a short list, so a
    plain page number is enough (LIMIT/OFFSET on the (body, status) index, no COUNT)."""
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        number = 1
    start = (number - 1) * PAGE_SIZE
    referrals = list(
        referral_inbox(user=request.user, filters={"status": ReferralStatus.PENDING})
        .select_related("dispute__category", "dispute__town")
        .order_by("report_by", "pk")[start : start + PAGE_SIZE + 1]
    )
    return with_clock_units(referrals[:PAGE_SIZE]), number, len(referrals) > PAGE_SIZE


def _query_without_cursor(request) -> str:
    query = request.GET.copy()
    for key in ("after", "before", "page"):
        query.pop(key, None)
    return query.urlencode()
