"""Writes of the notifications app: notifications and their outbox rows, delivery, read marks.

Every message that leaves the portal is an OutboxMessage row written in the same transaction as its
notification, and — when the caller runs inside the transaction of the cause — as the cause itself: a
rolled-back transition sends nothing. Delivery is queued on commit (`deliver_outbox_message`, retried by
Celery with exponential backoff); whatever that could not queue (Redis down) or gave up on is delivered
by `outbox_drain`, a beat task every minute, from the committed rows.

Dispute events reach this app through the `dispute_changed` signal of disputes, which is sent after the
event's transaction commits. Notifications are therefore written just after the commit, in their own
transaction; if that write is lost (the process dies between the two), `notifications_catch_up` — run
by the drain — reads the timeline from a cursor and writes what is missing. `notify_for_event` is
idempotent, so it may also be called inside the event's transaction, which makes the notification part
of the cause's transaction outright.

The modules, each importing only those before it:

  writing     Notice, notify_users: one notification per recipient and its outbox rows, once per cause
  events      notify_for_event: what each timeline event tells whom
  deadlines   notify_for_deadline: the deadline sweep's warnings and breaches
  delivery    outbox_deliver, outbox_retry: sending one outbox row, with backoff
  drain       notifications_catch_up, outbox_drain: the beat task's catch-up and delivery
  read_marks  notification_mark_read, notification_mark_all_read
  preferences delivery_preference_set

Callers import from here (`from notifications import services`); the names below are the public ones.
"""

from notifications.services.deadlines import notify_for_deadline
from notifications.services.delivery import (
    DRAIN_GRACE,
    MAX_RETRY_DELAY,
    Attempt,
    max_attempts,
    outbox_deliver,
    outbox_retry,
    retry_delay,
)
from notifications.services.drain import CATCH_UP_BATCH, CATCH_UP_LAG, notifications_catch_up, outbox_drain
from notifications.services.events import notify_for_event
from notifications.services.preferences import delivery_preference_set
from notifications.services.read_marks import notification_mark_all_read, notification_mark_read
from notifications.services.writing import Notice, notify_users

__all__ = [
    "CATCH_UP_BATCH",
    "CATCH_UP_LAG",
    "DRAIN_GRACE",
    "MAX_RETRY_DELAY",
    "Attempt",
    "Notice",
    "delivery_preference_set",
    "max_attempts",
    "notification_mark_all_read",
    "notification_mark_read",
    "notifications_catch_up",
    "notify_for_deadline",
    "notify_for_event",
    "notify_users",
    "outbox_deliver",
    "outbox_drain",
    "outbox_retry",
    "retry_delay",
]
