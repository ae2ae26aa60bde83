"""Sending an outbox row: one attempt at a time, under its row lock, with exponential backoff."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.backends import OutgoingMessage, backend_for
from notifications.choices import OutboxStatus
from notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

# The drain leaves a message the fast path failed on to Celery's own retry first, for this long.
DRAIN_GRACE = timedelta(seconds=60)
MAX_RETRY_DELAY = timedelta(hours=1)


@dataclass
class Attempt:
    status: str
    error: str | None


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: the base delay, doubled with every failed attempt, at most an hour."""
    base = getattr(settings, "NOTIFICATION_RETRY_BACKOFF", 30)
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


def max_attempts() -> int:
    return getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 10)


def attempt_send(message: OutboxMessage, *, grace: timedelta) -> Attempt:
    """Sends a locked, pending message once and records the attempt on its row."""
    now = timezone.now()
    message.attempts += 1
    try:
        backend_for(message.channel).send(
            message.address,
            OutgoingMessage(
                channel=message.channel,
                subject=message.subject,
                body=message.body,
                reference=f"outbox:{message.pk}",
            ),
        )
    except Exception as exc:  # a gateway may fail in any way; the row records it and it is retried
        message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
        if message.attempts >= max_attempts():
            message.status = OutboxStatus.FAILED
        else:
            message.next_attempt_at = now + retry_delay(message.attempts) + grace
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning(
            "outbox message %s (%s) failed, attempt %s: %s",
            message.pk,
            message.channel,
            message.attempts,
            message.last_error,
        )
        return Attempt(message.status, message.last_error)
    message.status, message.delivered_at = OutboxStatus.SENT, now
    message.save(update_fields=["attempts", "status", "delivered_at"])
    return Attempt(message.status, None)


def outbox_deliver(*, message_id: int) -> Attempt | None:
    """Sends one message now unless it is sent, failed for good or being sent by someone else (None then).

    The row stays locked while the backend sends, so no two workers ever send the same message.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return None
        return attempt_send(message, grace=DRAIN_GRACE)


def outbox_retry(*, message_ids) -> int:
    """Puts failed or waiting messages back to be sent at the next drain (the admin's "retry now")."""
    return (
        OutboxMessage.objects.filter(pk__in=list(message_ids))
        .exclude(status=OutboxStatus.SENT)
        .update(status=OutboxStatus.PENDING, next_attempt_at=timezone.now())
    )
