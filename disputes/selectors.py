"""Reads of disputes. Every one starts from restrict(): what a user may not see does not exist for them."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from agencies.models import Region
from agencies.permissions import acting_body_ids
from disputes.choices import OPEN_STATUSES, ReferralStatus
from disputes.models import Dispute, Party, Referral
from disputes.search import search_query
from linze.crypto import blind_index
from linze.workdays import add_workdays, end_of_day

FILTERS = ("tab", "status", "tier", "holder", "category", "town", "region", "overdue", "risk_level", "q")
DUE_SOON_WORKDAYS = 2
OPEN_TABS = ("mine", "overdue", "due_soon")


_due_soon_last: tuple = (None, None)


def due_soon_limit(now):
    """The end of the second working day after `now`'s: a page asks it once per row with the same
    `now`, so the last answer is kept for that moment."""
    global _due_soon_last
    last_now, last_limit = _due_soon_last
    if now is last_now:
        return last_limit
    limit = end_of_day(add_workdays(timezone.localdate(now), DUE_SOON_WORKDAYS))
    _due_soon_last = (now, limit)
    return limit


def _code_or_object(value, field: str) -> dict:
    """A filter on a related row given as the object a form cleaned, an id, or its code."""
    if hasattr(value, "pk"):
        return {field: value}
    if str(value).isdigit():
        return {f"{field}_id": int(value)}
    return {f"{field}__code": value}


def _region_code(value) -> str:
    """The official code of a region given as an object or a code, current or former (a link or an API
    call made before the official division codes); an unknown code as it is, which matches nothing."""
    if hasattr(value, "code"):
        return value.code
    region = Region.objects.by_code(str(value))
    return region.code if region is not None else str(value)


def _region_or_object(value, field: str) -> dict:
    """A filter on a region column given as the object a form cleaned, a region code (official or
    former: every region code has at least 6 digits) or an id."""
    if hasattr(value, "pk"):
        return {field: value}
    value = str(value).strip()
    if len(value) >= 6 and (region := Region.objects.by_code(value)) is not None:
        return {field: region}
    if value.isdigit():
        return {f"{field}_id": int(value)}
    return {f"{field}__code": value}


def dispute_list(*, user, filters=None, now=None):
    """The disputes a user may see, newest first, narrowed by the list filters: the one filter of the
    workbench's lists and of the API alike. It starts from restrict(), like every read.

    `filters` maps names to strings (a query string) or to the objects a form cleaned:
    tab (mine, overdue, due_soon: open disputes held by the user's bodies, all of them or those past
    or near their deadline; anything else: all the user may see), status (one or several, comma-
    separated), tier, holder, category and town (an object, an id or a code), region (a region code:
    that region and below), risk_level (or risk), overdue (1 / true), q (a dispute code, words of
    the title, or a party's full name).
    """
    filters = filters or {}
    now = now or timezone.now()
    tab = filters.get("tab")
    held = tab in OPEN_TABS  # the user's bodies' own open work: read on the holder's index
    queryset = Dispute.objects.restrict(user, "view", held=held).with_list_related()
    if held:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if tab == "overdue":
        queryset = queryset.filter(due_at__lt=now)
    elif tab == "due_soon":
        queryset = queryset.filter(due_at__gte=now, due_at__lte=due_soon_limit(now))
    if value := filters.get("status"):
        queryset = queryset.filter(status__in=value.split(",") if isinstance(value, str) else value)
    if value := filters.get("tier"):
        queryset = queryset.filter(tier=value)
    if value := filters.get("holder"):
        queryset = queryset.filter(**_code_or_object(value, "holder"))
    if value := filters.get("category"):
        queryset = queryset.filter(**_code_or_object(value, "category"))
    if value := filters.get("town"):
        queryset = queryset.filter(**_region_or_object(value, "town"))
    if value := filters.get("region"):
        queryset = queryset.filter(region__code__startswith=_region_code(value))
    if value := filters.get("risk_level") or filters.get("risk"):
        queryset = queryset.filter(risk_level=value)
    if str(filters.get("overdue", "")).lower() in ("1", "true", "yes"):
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    if value := (filters.get("q") or "").strip()[:100]:
        queryset = queryset.filter(search_condition(value))
    return queryset.order_by("-opened_at", "-id")


def search_condition(text: str) -> Q:
    """A dispute code or a resident ID number, matched exactly, or the words of the text in the
    search document (disputes/search.py); each an index lookup. A text with no word jieba can cut (one
    character) falls back to the title."""
    condition = Q(code=text.upper())
    if len(text) == 18:
        condition |= Q(
            Exists(Party.objects.filter(dispute=OuterRef("pk"), id_number_index=blind_index(text)))
        )
    query = search_query(text)
    condition |= Q(search=query) if query is not None and len(text) > 1 else Q(title__icontains=text)
    return condition


def dispute_detail_queryset(*, user):
    return Dispute.objects.restrict(user, "view").with_detail_related()


def dispute_merged_list(*, dispute, user):
    """The duplicates merged into this dispute that the user may see (the merge granted them to the
    bodies that viewed it then), oldest first: one query however many there are."""
    return (
        Dispute.objects.restrict(user, "view")
        .filter(merged_into=dispute)
        .only("pk", "code", "title", "closed_at")
        .order_by("closed_at", "pk")
    )


def dispute_merged_into(*, dispute, user):
    """The dispute this one was merged into, if the user may see it (one query, for merged ones only)."""
    if dispute.merged_into_id is None:
        return None
    return Dispute.objects.restrict(user, "view").only("pk", "code").filter(pk=dispute.merged_into_id).first()


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


COUNT_BOUND = 999


class BoundedCount(int):
    """A count that stops at its bound and says so ("999+"): a badge never counts a body's whole
    history, so it costs at most the bound's rows of an index whatever the table holds."""

    def __new__(cls, value: int, *, bound: int = COUNT_BOUND):
        count = super().__new__(cls, min(value, bound))
        count.capped = value > bound
        return count

    def __str__(self) -> str:
        return f"{int(self)}+" if self.capped else str(int(self))

    __repr__ = __str__


def bounded_count(queryset, *, bound: int = COUNT_BOUND) -> BoundedCount:
    """COUNT over at most bound + 1 rows (SELECT COUNT(*) FROM (… LIMIT bound + 1))."""
    return BoundedCount(queryset.values("pk")[: bound + 1].count(), bound=bound)


def workbench_counts(user, *, now=None) -> dict:
    """Open, overdue and due-soon disputes held by the user's bodies, and referrals waiting for them.

    Each a bounded count on an index of the holder (or of the referral's body): the tabs and the header
    badges read the same numbers, and none of them grows with the table or the body's history. The
    numbers of a set of bodies are kept WORK_COUNTS_SECONDS in the cache (disputes.work_counts): a page
    then reads them in one round trip to Redis instead of four counts.
    """
    from disputes import work_counts

    bodies = acting_body_ids(user)
    if not bodies:
        return {"open": 0, "overdue": 0, "due_soon": 0, "referrals": 0}
    if now is None:
        return work_counts.cached(bodies, lambda: _workbench_counted(user, bodies, timezone.now()))
    return _workbench_counted(user, bodies, now)


def _workbench_counted(user, bodies, now) -> dict:
    counts = {}
    held = Dispute.objects.restrict(user, "view", held=True).filter(status__in=OPEN_STATUSES)
    counts["open"] = bounded_count(held)
    counts["overdue"] = bounded_count(held.filter(due_at__lt=now))
    counts["due_soon"] = bounded_count(held.filter(due_at__gte=now, due_at__lte=due_soon_limit(now)))
    waiting = Referral.objects.restrict(user, "change").filter(
        body_id__in=bodies, status=ReferralStatus.PENDING
    )
    counts["referrals"] = bounded_count(waiting)
    return counts
