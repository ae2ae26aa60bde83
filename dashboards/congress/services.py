"""Writes of the People's Congress pages: reports, inspections and inquiries, answers."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.congress.models import CongressActivity, CongressReport, CongressRequest
from dashboards.congress.permissions import congress_may_record, may_answer
from disputes.models import validate_attachment
from linze.exceptions import ActionRefused, NotPermitted

logger = logging.getLogger(__name__)


def indicators_snapshot(scope) -> list[dict]:
    """The period's indicators as they stand, to keep beside a report (values as text: the numbers a
    member read on the day it was filed, whatever later corrections change)."""
    from dashboards.indicators import indicators

    return [
        {
            "key": item.key,
            "label": str(item.label),
            "value": None if item.value is None else str(item.value),
            "unit": str(item.unit or ""),
            "definition": str(item.definition or ""),
        }
        for item in indicators(scope)
    ]


def report_upload(*, user, body, title: str, scope, upload) -> CongressReport:
    """Files a body's report for the period and region of `scope`, with the period's indicators
    attached. The document passes the same type and size checks as a dispute's evidence."""
    if upload is None:
        raise ValidationError({"file": [_("Choose the report's document.")]})
    if not congress_may_record(user):
        raise NotPermitted(_("Reports are filed by the standing committee's office."))
    validate_attachment(upload)
    snapshot = indicators_snapshot(scope)
    report = CongressReport.objects.create(
        body=body,
        title=title,
        region=scope.region,
        start=scope.start,
        end=scope.end,
        period_label=str(scope.label)[:80],
        file=upload,
        file_name=upload.name[:200],
        size=upload.size,
        indicators=snapshot,
        uploaded_by=user,
    )
    return report


def activity_record(*, user, kind: str, title: str, held_on, findings: str, bodies, asked: str, due_on):
    """Records an inspection or inquiry, and what it asks of each body, with one deadline."""
    if not congress_may_record(user):
        raise NotPermitted(_("Only the standing committee records its inspections and inquiries."))
    if due_on < held_on:
        raise ValidationError({"due_on": [_("The answer cannot be due before the inspection was held.")]})
    with transaction.atomic():
        activity = CongressActivity.objects.create(
            kind=kind, title=title, held_on=held_on, findings=findings, recorded_by=user
        )
        CongressRequest.objects.bulk_create(
            CongressRequest(activity=activity, body=body, asked=asked, due_on=due_on) for body in bodies
        )
    return activity


def request_answer(*, user, request_id: int, answer: str) -> CongressRequest:
    """A body's answer to what an inspection or inquiry asked of it; given once."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Write the answer.")]})
    with transaction.atomic():
        request = CongressRequest.objects.select_for_update().get(pk=request_id)
        if not may_answer(user, request):
            raise NotPermitted(_("Only the staff of the body asked may answer."))
        if request.answered_at is not None:
            raise ActionRefused(_("This request has already been answered."))
        request.answer = answer
        request.answered_at = timezone.now()
        request.answered_by = user
        request.save(update_fields=["answer", "answered_at", "answered_by"])
    return request
