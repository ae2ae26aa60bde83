"""Reads of early warnings. Every one starts from the user's scope (alerts/permissions.py)."""

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from alerts.choices import LEVEL_RANK, LIVE_STATUSES, WarningStatus
from alerts.models import Warning
from alerts.permissions import warning_scope
from disputes.models import Dispute

FILTERS = ("status", "level", "kind", "town")
STATUS_RANK = {WarningStatus.OPEN: 0, WarningStatus.ACKNOWLEDGED: 1, WarningStatus.HANDLED: 2}


def _ranked(queryset):
    """Open warnings first, then acknowledged, then handled; red before orange before yellow; newest first."""
    return queryset.annotate(
        status_rank=Case(
            *[When(status=s, then=Value(r)) for s, r in STATUS_RANK.items()], output_field=IntegerField()
        ),
        level_rank=Case(
            *[When(level=lv, then=Value(r)) for lv, r in LEVEL_RANK.items()], output_field=IntegerField()
        ),
    ).order_by("status_rank", "level_rank", "-created_at", "-id")


def warning_queryset(*, user, with_holder: bool = True):
    """The warnings the user may see, each with the disputes it concerns that the user may open.

    A warning may concern disputes of several bodies (a party in disputes of two towns, a cluster the
    joint meeting was told of): the others are left out of its list, not named by their codes; the
    page says how many there are (`disputes_total`, all of them, in one subquery per page)."""
    scope = warning_scope(user, with_holder=with_holder)
    queryset = Warning.objects.all() if scope is None else Warning.objects.filter(scope)
    disputes = Dispute.objects.restrict(user, "view").only("pk", "code").order_by("pk")
    links = Warning.disputes.through.objects.filter(warning_id=OuterRef("pk"))
    total = Subquery(links.values("warning_id").annotate(total=Count("*")).values("total"))
    return (
        queryset.annotate(disputes_total=Coalesce(total, 0))
        .select_related("region", "town", "category", "acknowledged_by", "handled_by")
        .prefetch_related(Prefetch("disputes", queryset=disputes))
    )


def warning_list(*, user, filters: dict | None = None):
    """The warnings page: by default the live ones (open, acknowledged); filters by status, level,
    kind and town."""
    filters = filters or {}
    queryset = warning_queryset(user=user, with_holder=False)
    status = filters.get("status") or "live"
    if status == "live":
        queryset = queryset.filter(status__in=LIVE_STATUSES)
    elif status in WarningStatus.values:
        queryset = queryset.filter(status=status)
    if value := filters.get("level"):
        queryset = queryset.filter(level=value)
    if value := filters.get("kind"):
        queryset = queryset.filter(kind=value)
    if value := filters.get("town"):
        queryset = queryset.filter(town__code=value)
    return _ranked(queryset)


def warning_get(*, user, pk: int) -> Warning:
    """One warning the user may see; Warning.DoesNotExist (→ 404) otherwise."""
    return warning_queryset(user=user).get(pk=pk)


def warning_access(*, user, pk: int) -> Warning:
    """One warning the user may see; Http404 otherwise, before anything else is said about it."""
    try:
        return warning_get(user=user, pk=pk)
    except Warning.DoesNotExist:
        raise Http404 from None


def warnings_for_dispute(dispute, *, user=None):
    """The warnings concerning a dispute (its own and the clusters it belongs to), live ones first.

    With `user`, only what that user may see (none for users outside the warnings' readers).
    """
    # Most disputes have none: a look at the link table's index first spares them the scoped query,
    # whose seven-table join PostgreSQL took 3 ms to plan at a million disputes (0.1 ms to run).
    if not Warning.disputes.through.objects.filter(dispute_id=dispute.pk).exists():
        return Warning.objects.none()
    queryset = Warning.objects.all() if user is None else warning_queryset(user=user)
    return _ranked(queryset.filter(disputes=dispute).select_related("region", "category"))
