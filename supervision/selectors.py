"""Reads of the supervision instruments, each through SuggestionQuerySet.restrict()."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from agencies.permissions import acting_body_ids
from disputes.models import Dispute
from supervision.choices import REPLIED_STATUSES, SENT_STATUSES, SuggestionStatus
from supervision.models import Suggestion

TABS = ("inbox", "issued", "all")


def suggestion_list(*, user, tab: str):
    """The inbox (sent to the user's bodies), what they issued, or (leaders) every one they may read."""
    queryset = Suggestion.objects.restrict(user).select_related("issuer", "recipient")
    bodies = sorted(acting_body_ids(user))
    if tab == "inbox":
        return queryset.filter(recipient_id__in=bodies)
    if tab == "issued":
        return queryset.filter(issuer_id__in=bodies)
    return queryset


def suggestion_get(*, user, pk: int) -> Suggestion:
    """The suggestion if the user may see it; anything else is a 404."""
    return get_object_or_404(Suggestion.objects.restrict(user).select_related("issuer", "recipient"), pk=pk)


def suggestion_timeline(suggestion: Suggestion) -> list:
    return list(suggestion.events.select_related("actor", "actor_body"))


def suggestion_cited_disputes(*, suggestion: Suggestion, user) -> list:
    """The cited disputes the viewer may open (restrict()); the others are only counted."""
    return list(Dispute.objects.restrict(user).filter(suggestions=suggestion).only("pk", "code", "title"))


def suggestion_figures(*, user, region=None, start=None, end=None, overdue_rows: int = 5) -> dict:
    """The cockpit's panel: suggestions issued in the period to bodies of the region, how many were
    replied to, the reply rate, and the ones overdue now. Two queries whatever the numbers."""
    queryset = Suggestion.objects.restrict(user).filter(status__in=SENT_STATUSES)
    if region is not None:
        queryset = queryset.filter(recipient__region__code__startswith=region.code)
    period = queryset
    if start is not None:
        period = period.filter(issued_at__date__gte=start)
    if end is not None:
        period = period.filter(issued_at__date__lte=end)
    figures = period.aggregate(
        issued=Count("pk"),
        replied=Count("pk", filter=Q(status__in=REPLIED_STATUSES)),
        overdue=Count("pk", filter=Q(status=SuggestionStatus.OVERDUE)),
    )
    figures["reply_rate"] = (
        round(100 * figures["replied"] / figures["issued"], 1) if figures["issued"] else None
    )
    figures["overdue_rows"] = list(
        queryset.filter(status=SuggestionStatus.OVERDUE)
        .select_related("issuer", "recipient")
        .order_by("due_at", "pk")[:overdue_rows]
    )
    return figures


def education_figures(*, region=None, start=None, end=None) -> dict:
    """Legal education in the period in the region's villages: sessions and audience (one query), for the
    cockpit to set prevention beside the disputes of the same places."""
    from django.db.models import Sum

    from supervision.models import LegalEducationSession

    queryset = LegalEducationSession.objects.all()
    if region is not None:
        queryset = queryset.filter(
            pk__in=LegalEducationSession.villages.through.objects.filter(
                region__code__startswith=region.code
            ).values("legaleducationsession_id")
        )
    if start is not None:
        queryset = queryset.filter(held_on__gte=start)
    if end is not None:
        queryset = queryset.filter(held_on__lte=end)
    return queryset.aggregate(sessions=Count("pk"), audience=Sum("audience"))
