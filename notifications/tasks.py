"""Celery tasks of the notifications app: they fetch by id and call a service, nothing else."""

from celery import shared_task
from django.conf import settings

from notifications import services
from notifications.choices import OutboxStatus


class DeliveryFailed(Exception):
    """A backend failed; Celery retries the task with exponential backoff."""


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(DeliveryFailed,),
    retry_backoff=getattr(settings, "NOTIFICATION_RETRY_BACKOFF", 30),
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def deliver_outbox_message(self, message_id: int) -> str:
    """The fast path, queued on commit: send one outbox message. Retried on failure; after the last retry
    the row stays pending and the outbox drain keeps trying it on the same backoff schedule."""
    attempt = services.outbox_deliver(message_id=message_id)
    if attempt is None:
        return "skipped"
    if attempt.error is not None and attempt.status == OutboxStatus.PENDING:
        raise DeliveryFailed(attempt.error)
    return attempt.status


@shared_task(acks_late=True)
def outbox_drain() -> dict:
    """Beat, every minute: delivers every due message the fast path did not (Redis down, retries over)."""
    return services.outbox_drain()
