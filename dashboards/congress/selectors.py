"""Reads of the People's Congress pages, each with a fixed number of queries whatever the rows."""

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from agencies.permissions import acting_body_ids
from dashboards.congress.models import CongressActivity, CongressReport, CongressRequest
from dashboards.congress.permissions import congress_may_read


def report_list(*, user, scope=None):
    """Reports the user may read, newest first; with a scope, those whose period overlaps it."""
    if not congress_may_read(user):
        return CongressReport.objects.none()
    reports = CongressReport.objects.select_related("body", "region", "uploaded_by")
    if scope is not None:
        reports = reports.filter(start__lte=scope.end, end__gte=scope.start)
    return reports.order_by("-uploaded_at", "-id")


def report_get(*, user, pk: int) -> CongressReport:
    report = report_list(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def _requests():
    return Prefetch(
        "requests", queryset=CongressRequest.objects.select_related("body").order_by("due_on", "id")
    )


def activity_list(*, user, scope=None):
    """Inspections and inquiries the user may read (those asking something of their bodies, for
    staff), newest first, with their requests and bodies (two queries in all) and their open count."""
    activities = CongressActivity.objects.all()
    if not congress_may_read(user):
        activities = activities.filter(requests__body_id__in=sorted(acting_body_ids(user))).distinct()
    if scope is not None:
        activities = activities.filter(held_on__gte=scope.start, held_on__lte=scope.end)
    today = timezone.localdate()
    return (
        activities.annotate(
            overdue_count=Count("requests", filter=Q(requests__answered_at=None, requests__due_on__lt=today))
        )
        .prefetch_related(_requests())
        .order_by("-held_on", "-id")
    )


def activity_get(*, user, pk: int) -> CongressActivity:
    activity = activity_list(user=user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def requests_of_my_bodies(*, user):
    """The requests addressed to the user's bodies, unanswered first, earliest deadline first."""
    return (
        CongressRequest.objects.filter(body_id__in=sorted(acting_body_ids(user)))
        .select_related("activity", "body")
        .order_by(F("answered_at").asc(nulls_first=True), "due_on", "id")
    )


def overdue_requests(*, as_of=None):
    """Requests past their deadline without an answer, by body (the report pack's table)."""
    today = as_of or timezone.localdate()
    return (
        CongressRequest.objects.filter(answered_at=None, due_on__lt=today)
        .values("body__name", "body__name_en")
        .annotate(count=Count("id"))
        .order_by("-count", "body__name")
    )
