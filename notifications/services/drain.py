"""The outbox drain, a beat task every minute: first the notifications the timeline still owes, then
every due message the fast path did not deliver (Redis down, Celery's retries over)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from disputes.models import DisputeEvent
from notifications.choices import OutboxStatus
from notifications.models import NotificationEventCursor, OutboxMessage
from notifications.services.delivery import attempt_send
from notifications.services.events import notify_for_event

logger = logging.getLogger(__name__)

# The drain reads timeline events at least this old: long enough for the transaction that wrote an
# event to have committed, so that the cursor never passes an event still to come.
CATCH_UP_LAG = timedelta(seconds=60)
CATCH_UP_BATCH = 500


def notifications_catch_up(*, lag: timedelta = CATCH_UP_LAG, batch: int = CATCH_UP_BATCH) -> int:
    """Writes the notifications of timeline events the after-commit receiver missed; returns events read.

    One run at a time (the cursor row is locked; a second run skips). Each event in its own savepoint,
    so one bad event is logged and passed, never blocking the timeline behind it.
    """
    with transaction.atomic():
        cursor = NotificationEventCursor.objects.select_for_update(skip_locked=True).filter(pk=1).first()
        if cursor is None:
            if NotificationEventCursor.objects.filter(pk=1).exists():
                return 0  # another run holds it
            # Never read history on a fresh cursor: start from now.
            latest = DisputeEvent.objects.aggregate(last=Max("pk"))["last"] or 0
            NotificationEventCursor.objects.get_or_create(pk=1, defaults={"last_event_id": latest})
            return 0
        horizon = timezone.now() - lag
        events = list(
            DisputeEvent.objects.filter(pk__gt=cursor.last_event_id)
            .order_by("pk")
            .values_list("pk", "created_at")[:batch]
        )
        read = 0
        for event_id, created_at in events:
            if created_at >= horizon:
                break
            try:
                with transaction.atomic():
                    notify_for_event(event_id=event_id)
            except Exception:
                logger.exception("notifications for dispute event %s failed; passed over", event_id)
            cursor.last_event_id, read = event_id, read + 1
        if read:
            cursor.save(update_fields=["last_event_id", "updated_at"])
    return read


def outbox_drain(*, limit: int = 200) -> dict:
    """Delivers due pending messages one row per transaction, skipping rows another worker holds.

    First writes any notifications the timeline still owes (`notifications_catch_up`).
    """
    counts = {"events": notifications_catch_up(), "sent": 0, "failed": 0}
    for _ in range(limit):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if message is None:
                break
            attempt = attempt_send(message, grace=timedelta(0))
        counts["sent" if attempt.error is None else "failed"] += 1
    return counts
