"""Reads of disputes. Every one starts from restrict(): what a user may not see does not exist for them."""

from django.db.models import Q
from django.utils import timezone

from agencies.models import Referral
from disputes.choices import Status
from disputes.models import Dispute

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


def referral_queryset():
    return Referral.objects.select_related("body", "dispute")


def referral_inbox(*, user, filters=None):
    """Referrals addressed to the user's bodies, waiting ones first."""
    from linze.permissions import acting_body_ids

    filters = filters or {}
    queryset = referral_queryset().filter(body_id__in=acting_body_ids(user))
    if value := filters.get("status"):
        queryset = queryset.filter(status__in=value.split(","))
    return (
        queryset.order_by("report_by", "-id")
        if filters.get("status") == "pending"
        else queryset.order_by("-created_at", "-id")
    )
