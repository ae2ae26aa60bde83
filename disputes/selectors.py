"""Reads of disputes. Every one starts from restrict(): what a user may not see does not exist for them."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from agencies.permissions import acting_body_ids
from disputes.choices import OPEN_STATUSES, ReferralStatus, Status
from disputes.models import Dispute, Party, Referral
from linze.workdays import add_workdays, end_of_day

FILTERS = ("status", "tier", "holder", "category", "region", "overdue", "risk_level", "q")


def dispute_list(*, user, filters=None):
    """The disputes a user may see, newest first, narrowed by the usual list filters."""
    filters = filters or {}
    queryset = Dispute.objects.restrict(user, "view").with_list_related()
    if value := filters.get("status"):
        queryset = queryset.filter(status__in=value.split(","))
    if value := filters.get("tier"):
        queryset = queryset.filter(tier=value)
    if value := filters.get("holder"):
        queryset = (
            queryset.filter(holder_id=value) if str(value).isdigit() else queryset.filter(holder__code=value)
        )
    if value := filters.get("category"):
        queryset = queryset.filter(category__code=value)
    if value := filters.get("region"):
        queryset = queryset.filter(region__code__startswith=value)
    if value := filters.get("risk_level"):
        queryset = queryset.filter(risk_level=value)
    if str(filters.get("overdue", "")).lower() in ("1", "true", "yes"):
        queryset = queryset.exclude(status=Status.CLOSED).filter(due_at__lt=timezone.now())
    if value := (filters.get("q") or "").strip():
        queryset = queryset.filter(
            Q(code__iexact=value) | Q(title__icontains=value) | Q(parties__name=value)
        ).distinct()
    return queryset.order_by("-opened_at", "-id")


def dispute_detail_queryset(*, user):
    return Dispute.objects.restrict(user, "view").with_detail_related()


def referral_queryset(*, user, action: str = "view"):
    """Referrals the user may see (or answer, with action="change"), through Referral.restrict()."""
    return Referral.objects.restrict(user, action).select_related("body", "dispute")


def dispute_referrals(*, dispute):
    """The referrals of a dispute the caller loaded through restrict(): whoever sees it sees them."""
    return dispute.referrals.select_related("body").order_by("created_at", "pk")


def referral_inbox(*, user, filters=None):
    """Referrals addressed to the user's bodies, waiting ones first."""
    filters = filters or {}
    queryset = referral_queryset(user=user, action="change").filter(body_id__in=acting_body_ids(user))
    if value := filters.get("status"):
        queryset = queryset.filter(status__in=value.split(","))
    return (
        queryset.order_by("report_by", "-id")
        if filters.get("status") == "pending"
        else queryset.order_by("-created_at", "-id")
    )


# -- the workbench inbox -----------------------------------------------------------------------------

DUE_SOON_WORKDAYS = 2
OPEN_TABS = ("mine", "overdue", "due_soon")


def due_soon_limit(now):
    return end_of_day(add_workdays(timezone.localdate(now), DUE_SOON_WORKDAYS))


def workbench_counts(user, *, now=None) -> dict:
    """Open, overdue and due-soon disputes held by the user's bodies, and referrals waiting for them.

    Two indexed queries at most (holder + status, body + status); the header badges and the tabs read
    the same numbers.
    """
    now = now or timezone.now()
    counts = {"open": 0, "overdue": 0, "due_soon": 0, "referrals": 0}
    bodies = acting_body_ids(user)
    if not bodies:
        return counts
    counts.update(
        Dispute.objects.restrict(user, "view")
        .filter(holder_id__in=bodies, status__in=OPEN_STATUSES)
        .aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lte=due_soon_limit(now))),
        )
    )
    counts["referrals"] = Referral.objects.filter(body_id__in=bodies, status=ReferralStatus.PENDING).count()
    return counts


def inbox_disputes(*, user, tab: str, filters: dict, now):
    """The disputes of a tab, narrowed by the filters; starts from restrict() like every list."""
    queryset = Dispute.objects.restrict(user, "view").with_list_related()
    if tab in OPEN_TABS:
        queryset = queryset.filter(holder_id__in=acting_body_ids(user), status__in=OPEN_STATUSES)
    if tab == "overdue":
        queryset = queryset.filter(due_at__lt=now)
    elif tab == "due_soon":
        queryset = queryset.filter(due_at__gte=now, due_at__lte=due_soon_limit(now))
    if value := filters.get("status"):
        queryset = queryset.filter(status=value)
    if value := filters.get("tier"):
        queryset = queryset.filter(tier=value)
    if value := filters.get("category"):
        queryset = queryset.filter(category=value)
    if value := filters.get("town"):
        queryset = queryset.filter(town=value)
    if value := filters.get("risk"):
        queryset = queryset.filter(risk_level=value)
    if value := (filters.get("q") or "").strip():
        named = Party.objects.filter(dispute=OuterRef("pk"), name=value)
        queryset = queryset.filter(Q(code=value.upper()) | Q(title__icontains=value) | Exists(named))
    return queryset
