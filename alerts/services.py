"""Writes of the early warning: raising warnings from rule findings, acknowledging and handling them.

Rules run (1) on intake and on relevant events — a Celery task queued on commit by the receivers in
alerts/receivers.py — and (2) in the periodic `warning_sweep`, which finds clusters across recent disputes
and re-evaluates disputes whose events the on-commit path may have missed (Redis down), reading the
timeline from a cursor. Raising is idempotent: one live warning per dedupe key, and a handled warning
fires again only on new facts.
"""

import logging
import zlib
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.choices import BodyKind
from alerts import rules
from alerts.choices import LIVE_STATUSES, RuleKind, WarningStatus
from alerts.conf import joint_meeting_body_kinds
from alerts.messages import notification_params
from alerts.models import Warning, WarningRule, WarningSweepCursor
from alerts.permissions import may_act_on_warnings, warning_scope
from alerts.signals import warning_raised
from disputes.models import Dispute, DisputeEvent
from linze.exceptions import Conflict, NotPermitted
from notifications.choices import NotificationKind
from notifications.recipients import staff_user_ids_of_kinds
from notifications.services import Notice, notify_users

logger = logging.getLogger(__name__)

# Timeline events after which a dispute's rules are evaluated again.
EVALUATED_EVENTS = {"register", "reopen", "log_session"}
SWEEP_LAG = timedelta(seconds=60)
SWEEP_BATCH = 1000


# -- raising --------------------------------------------------------------------------------------------


def warning_raise(*, finding: rules.Finding) -> Warning | None:
    """Turns a finding into a warning; returns the new warning, or None when it adds to one or is known.

    - a live (open or acknowledged) warning with the same key takes the new facts: no second warning;
    - a finding whose facts were all in warnings already handled is not raised again;
    - otherwise a new warning is raised and the centre (and, if the rule says so, the joint meeting) is
      notified in the same transaction.
    """
    key = finding.dedupe_key
    with transaction.atomic():
        live = Warning.objects.select_for_update().filter(dedupe_key=key, status__in=LIVE_STATUSES).first()
        if live is not None:
            new_facts = sorted(set(finding.evidence) - set(live.evidence))
            if new_facts:
                live.evidence = sorted(set(live.evidence) | set(finding.evidence))
                live.details = finding.details
                live.last_seen_at = timezone.now()
                live.save(update_fields=["evidence", "details", "last_seen_at"])
                live.disputes.add(*finding.dispute_ids)
            return None
        handled = set()
        for evidence in Warning.objects.filter(dedupe_key=key, status=WarningStatus.HANDLED).values_list(
            "evidence", flat=True
        ):
            handled.update(evidence)
        if handled and set(finding.evidence) <= handled:
            return None
        try:
            with transaction.atomic():
                warning = Warning.objects.create(
                    rule=finding.rule,
                    kind=finding.rule.kind,
                    level=finding.rule.level,
                    dedupe_key=key,
                    dispute=finding.dispute,
                    region=finding.region,
                    town=finding.town,
                    category_id=finding.category_id,
                    joint_meeting=finding.rule.notify_joint_meeting,
                    details=finding.details,
                    evidence=sorted(set(finding.evidence)),
                )
        except IntegrityError:
            return None  # raised meanwhile by a concurrent evaluation
        warning.disputes.set(finding.dispute_ids)
        _notify(warning)
        warning_id, joint_meeting = warning.pk, warning.joint_meeting
        transaction.on_commit(
            lambda: warning_raised.send(sender=Warning, warning_id=warning_id, joint_meeting=joint_meeting)
        )
    return warning


def _notify(warning: Warning) -> None:
    """The centre's staff; the joint meeting's members too when the rule says so (alerts/conf.py)."""
    kinds = {BodyKind.COUNTY_CENTRE}
    if warning.joint_meeting:
        kinds |= set(joint_meeting_body_kinds())
    recipients = staff_user_ids_of_kinds(kinds=kinds)
    # The dispute that set the warning off is named only to those who may open it (restrict()); the
    # others read the warning without its code, as its page shows them.
    openers = _users_who_may_open(recipients, dispute_id=warning.dispute_id)
    params = notification_params(warning)
    link = reverse("alerts:detail", kwargs={"pk": warning.pk})
    named = Notice(NotificationKind.WARNING, params, dispute_id=warning.dispute_id, link=link)
    unnamed = Notice(NotificationKind.WARNING, {**params, "code": ""}, link=link)
    notify_users(
        notices={user_id: named if user_id in openers else unnamed for user_id in recipients},
        source_key=f"warning:{warning.pk}",
    )


def _users_who_may_open(user_ids, *, dispute_id: int | None) -> set[int]:
    if dispute_id is None:
        return set()
    users = get_user_model().objects.filter(pk__in=list(user_ids), is_active=True)
    return {
        user.pk for user in users if Dispute.objects.restrict(user, "view").filter(pk=dispute_id).exists()
    }


def _enabled_rules(kinds=None) -> list[WarningRule]:
    queryset = WarningRule.objects.filter(enabled=True)
    if kinds is not None:
        queryset = queryset.filter(kind__in=kinds)
    return list(queryset.order_by("pk"))


def warnings_evaluate_dispute(*, dispute_id: int, event_id: int | None = None) -> list[Warning]:
    """Runs every enabled rule on one dispute; returns the warnings raised.

    With `event_id`, only when that event can change what the rules see (intake, reopening, a session).
    """
    if event_id is not None:
        transition = DisputeEvent.objects.filter(pk=event_id).values_list("transition", flat=True).first()
        if transition not in EVALUATED_EVENTS:
            return []
    dispute = Dispute.objects.select_related("region", "town").filter(pk=dispute_id).first()
    if dispute is None:
        return []
    raised = []
    for rule in _enabled_rules():
        for finding in rules.evaluate(rule, dispute):
            warning = warning_raise(finding=finding)
            if warning is not None:
                raised.append(warning)
    return raised


@contextmanager
def _exclusive(name: str):
    """A PostgreSQL advisory lock for the session: yields whether this process got it (never waits)."""
    key = zlib.crc32(name.encode())
    with connection.cursor() as cursor:
        cursor.execute("select pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("select pg_advisory_unlock(%s)", [key])


def warnings_sweep(*, lag: timedelta = SWEEP_LAG, batch: int = SWEEP_BATCH) -> dict:
    """The periodic sweep: clusters over recent disputes, then the disputes of timeline events not yet
    evaluated (read from a cursor). One sweep at a time (a second one returns at once); each warning in
    its own transaction, so a sweep killed midway loses nothing and the next one does the rest.
    """
    counts = {"clusters": 0, "events": 0, "raised": 0}
    with _exclusive("alerts.warning_sweep") as acquired:
        if not acquired:
            return counts
        for rule in _enabled_rules([RuleKind.CLUSTER]):
            for finding in rules.clusters_recent(rule):
                counts["clusters"] += 1
                counts["raised"] += warning_raise(finding=finding) is not None
        cursor = WarningSweepCursor.objects.filter(pk=1).first()
        if cursor is None:
            # A fresh cursor starts from now: history is not evaluated again.
            latest = DisputeEvent.objects.aggregate(last=Max("pk"))["last"] or 0
            cursor = WarningSweepCursor.objects.create(pk=1, last_event_id=latest)
        horizon = timezone.now() - lag
        events = DisputeEvent.objects.filter(pk__gt=cursor.last_event_id).order_by("pk")
        evaluated = set()
        for event_id, dispute_id, transition, created_at in events.values_list(
            "pk", "dispute_id", "transition", "created_at"
        )[:batch]:
            if created_at >= horizon:
                break  # its transaction may not have committed everything the rules read
            if transition in EVALUATED_EVENTS and dispute_id not in evaluated:
                evaluated.add(dispute_id)
                try:
                    with transaction.atomic():
                        counts["raised"] += len(warnings_evaluate_dispute(dispute_id=dispute_id))
                except Exception:
                    logger.exception("warning rules for dispute %s failed; passed over", dispute_id)
            cursor.last_event_id = event_id
            counts["events"] += 1
        if counts["events"]:
            cursor.save(update_fields=["last_event_id", "updated_at"])
    return counts


# -- acknowledging and handling -------------------------------------------------------------------------


def _locked_warning(*, warning_id: int, user) -> Warning:
    scope = warning_scope(user)
    queryset = Warning.objects.all() if scope is None else Warning.objects.filter(scope)
    try:
        return queryset.select_for_update(of=("self",)).get(pk=warning_id)
    except Warning.DoesNotExist:
        raise Http404 from None


def warning_acknowledge(*, warning_id: int, user) -> Warning:
    """The centre takes note of an open warning (签收). 404 outside the user's scope, 403 for readers."""
    with transaction.atomic():
        warning = _locked_warning(warning_id=warning_id, user=user)
        if not may_act_on_warnings(user):
            raise NotPermitted(_("Only the county centre's staff may acknowledge or handle warnings."))
        if warning.status != WarningStatus.OPEN:
            raise Conflict(_("This warning has already been acknowledged."), code="wrong_state")
        warning.status, warning.acknowledged_by, warning.acknowledged_at = (
            WarningStatus.ACKNOWLEDGED,
            user,
            timezone.now(),
        )
        warning.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    return warning


def warning_handle(*, warning_id: int, user, note: str) -> Warning:
    """The centre records how a warning was handled (处置), with a note; an open one is acknowledged too."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say how the warning was handled.")]})
    with transaction.atomic():
        warning = _locked_warning(warning_id=warning_id, user=user)
        if not may_act_on_warnings(user):
            raise NotPermitted(_("Only the county centre's staff may acknowledge or handle warnings."))
        if warning.status == WarningStatus.HANDLED:
            raise Conflict(_("This warning has already been handled."), code="wrong_state")
        now = timezone.now()
        if warning.acknowledged_at is None:
            warning.acknowledged_by, warning.acknowledged_at = user, now
        warning.status, warning.handled_by, warning.handled_at, warning.handling_note = (
            WarningStatus.HANDLED,
            user,
            now,
            note,
        )
        warning.save(
            update_fields=[
                "status",
                "acknowledged_by",
                "acknowledged_at",
                "handled_by",
                "handled_at",
                "handling_note",
            ]
        )
    return warning
