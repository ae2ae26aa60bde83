"""Writes of the notifications app: notifications and their outbox rows, delivery, read marks.

Every message that leaves the portal is an OutboxMessage row written in the same transaction as its
notification, and — when the caller runs inside the transaction of the cause — as the cause itself: a
rolled-back transition sends nothing. Delivery is queued on commit (`deliver_outbox_message`, retried by
Celery with exponential backoff); whatever that could not queue (Redis down) or gave up on is delivered
by `outbox_drain`, a beat task every minute, from the committed rows.

Dispute events reach this app through `disputes.services.dispute_changed`, which is sent after the
transition commits. Notifications are therefore written just after the commit, in their own
transaction; if that write is lost (the process dies between the two), `notifications_catch_up` — run
by the drain — reads the timeline from a cursor and writes what is missing. `notify_for_event` is
idempotent, so it may also be called inside the transition's transaction (one line in
`dispute_transition`), which makes the notification part of the cause's transaction outright.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import pgettext

from agencies.models import Body
from disputes.choices import ReferralStatus
from disputes.models import Dispute, DisputeEvent, Referral
from notifications.backends import OutgoingMessage, backend_for
from notifications.choices import EXTERNAL_CHANNELS, Channel, NotificationKind, OutboxStatus
from notifications.messages import both_languages, render
from notifications.models import DeliveryPreference, Notification, NotificationEventCursor, OutboxMessage
from notifications.recipients import staff_user_ids

logger = logging.getLogger(__name__)

# The drain leaves a message the fast path failed on to Celery's own retry first, for this long.
DRAIN_GRACE = timedelta(seconds=60)
# The drain reads timeline events at least this old: long enough for the transaction that wrote an
# event to have committed, so that the cursor never passes an event still to come.
CATCH_UP_LAG = timedelta(seconds=60)
CATCH_UP_BATCH = 500
MAX_RETRY_DELAY = timedelta(hours=1)


@dataclass
class Notice:
    """What one recipient is told."""

    kind: str
    params: dict
    dispute_id: int | None = None
    referral_id: int | None = None
    link: str = ""


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


# -- writing notifications ------------------------------------------------------------------------------


def notify_users(*, notices: dict[int, Notice], source_key: str) -> list[Notification]:
    """Writes one notification per user id in `notices`, with its outbox rows, once per cause.

    Runs in the caller's transaction. Nothing is written when `source_key` was notified already, so
    calling it twice for one cause (a receiver and a catch-up) tells nobody twice.
    """
    if not notices or Notification.objects.filter(source_key=source_key).exists():
        return []
    rows = [
        Notification(
            recipient_id=user_id,
            kind=notice.kind,
            params=notice.params,
            link=notice.link,
            dispute_id=notice.dispute_id,
            referral_id=notice.referral_id,
            source_key=source_key,
        )
        for user_id, notice in sorted(notices.items())
    ]
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(rows)
    except IntegrityError:
        return []  # notified meanwhile by a concurrent caller
    messages = OutboxMessage.objects.bulk_create(_outbox_rows(rows))
    if messages:
        ids = [message.pk for message in messages]
        transaction.on_commit(lambda: _queue_delivery(ids))
    return rows


def _queue_delivery(message_ids: list[int]) -> None:
    from notifications.queueing import publish_quietly
    from notifications.tasks import deliver_outbox_message

    publish_quietly(deliver_outbox_message, [(pk,) for pk in message_ids])


def _outbox_rows(rows: list[Notification]) -> list[OutboxMessage]:
    external = [row for row in rows if EXTERNAL_CHANNELS.get(row.kind)]
    if not external:
        return []
    contacts = {
        contact["pk"]: contact
        for contact in get_user_model()
        .objects.filter(pk__in={row.recipient_id for row in external}, is_active=True)
        .values(
            "pk",
            "email",
            "notification_preference__mobile",
            "notification_preference__sms_enabled",
            "notification_preference__email_enabled",
        )
    }
    messages = []
    # Text leaving the portal is written once, in the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        for row in external:
            contact = contacts.get(row.recipient_id)
            if contact is None:
                continue
            title, body = render(row.kind, row.params)
            for channel in EXTERNAL_CHANNELS[row.kind]:
                address = _address(contact, channel)
                if not address:
                    continue
                messages.append(
                    OutboxMessage(
                        notification=row,
                        kind=row.kind,
                        channel=channel,
                        address=address,
                        subject=title[:200],
                        body=(
                            pgettext("sms text", "%(title)s: %(body)s") % {"title": title, "body": body}
                            if channel == Channel.SMS
                            else body
                        ),
                    )
                )
    return messages


def _address(contact: dict, channel: str) -> str:
    if channel == Channel.SMS:
        enabled = contact["notification_preference__sms_enabled"]
        return (contact["notification_preference__mobile"] or "") if enabled else ""
    enabled = contact["notification_preference__email_enabled"]
    return contact["email"] if enabled is not False else ""  # no preference row: e-mail is on


# -- what each dispute event tells whom -----------------------------------------------------------------


def _dispute_params(dispute: Dispute) -> dict:
    return {"code": dispute.code, "title": dispute.title}


def notify_for_event(*, event_id: int) -> list[Notification]:
    """Writes the notifications a timeline event calls for. Idempotent; safe inside the event's transaction.

    - refer (and the whistle): the staff of every body called in, each about its own referral;
    - confirm / reject_confirmation: the staff of the body that mediated, which holds the dispute again;
    - any other change of holder: the staff of the new holder, unless they took it themselves;
    - a registration by someone outside the holding body (online, by an administrator): the holder's staff.
    The person who acted is never notified of their own action.
    """
    event = DisputeEvent.objects.select_related("dispute__holder", "actor_body").filter(pk=event_id).first()
    if event is None:
        return []
    dispute, payload = event.dispute, event.payload or {}
    notices: dict[int, Notice] = {}

    def tell(body_ids, notice: Notice) -> None:
        for user_id in staff_user_ids(body_ids=body_ids) - {event.actor_id}:
            notices.setdefault(user_id, notice)

    if event.transition == "refer":
        referrals = Referral.objects.filter(
            dispute=dispute, body__code__in=payload.get("bodies", []), status=ReferralStatus.PENDING
        ).order_by("-is_lead", "pk")
        sender = both_languages(event.actor_body or dispute.holder)
        for referral in referrals:
            tell(
                [referral.body_id],
                Notice(
                    NotificationKind.REFERRAL_WAITING,
                    {
                        **_dispute_params(dispute),
                        "from": sender,
                        "is_lead": referral.is_lead,
                        "report_by": referral.report_by.isoformat() if referral.report_by else None,
                    },
                    dispute_id=dispute.pk,
                    referral_id=referral.pk,
                ),
            )
    elif payload.get("to_holder"):
        bodies = {
            b.code: b
            for b in Body.objects.filter(code__in=[payload["to_holder"], payload.get("from_holder")])
        }
        new_holder = bodies.get(payload["to_holder"])
        if new_holder is not None and event.transition in ("confirm", "reject_confirmation"):
            tell(
                [new_holder.pk],
                Notice(
                    NotificationKind.CONFIRMATION_DECIDED,
                    {**_dispute_params(dispute), "ruling": payload.get("ruling", "")},
                    dispute_id=dispute.pk,
                ),
            )
        elif new_holder is not None and event.actor_body_id != new_holder.pk:
            tell(
                [new_holder.pk],
                Notice(
                    NotificationKind.INBOX_ARRIVAL,
                    {
                        **_dispute_params(dispute),
                        "action": event.transition,
                        "from": both_languages(bodies.get(payload.get("from_holder"))),
                    },
                    dispute_id=dispute.pk,
                ),
            )
    elif event.transition == "register" and event.actor_body_id is None:
        holder = Body.objects.filter(code=payload.get("holder")).first()
        if holder is not None:
            tell(
                [holder.pk],
                Notice(
                    NotificationKind.INBOX_ARRIVAL,
                    {**_dispute_params(dispute), "action": "register", "channel": payload.get("channel", "")},
                    dispute_id=dispute.pk,
                ),
            )
    return notify_users(notices=notices, source_key=f"event:{event.pk}")


def notify_for_deadline(
    *, signal_name: str, dispute_id: int, referral_id: int | None = None, kind: str = "", breach_id=None
) -> list[Notification]:
    """A deadline warning or breach: the staff of the responsible body and of its supervisor (its parent).

    The responsible body is the referral's body for a referral's clock, else the dispute's holder.
    """
    dispute = Dispute.objects.select_related("holder").filter(pk=dispute_id).first()
    if dispute is None:
        return []
    referral = (
        Referral.objects.select_related("body").filter(pk=referral_id, dispute=dispute).first()
        if referral_id
        else None
    )
    responsible = referral.body if referral is not None else dispute.holder
    due = referral.report_by if referral is not None else dispute.due_at
    notice_kind = (
        NotificationKind.DEADLINE_BREACHED
        if signal_name == "deadline_breached"
        else NotificationKind.DEADLINE_WARNING
    )
    notice = Notice(
        notice_kind,
        {
            **_dispute_params(dispute),
            "body": both_languages(responsible),
            "due": due.isoformat() if due else None,
            "clock": kind,
        },
        dispute_id=dispute.pk,
        referral_id=referral.pk if referral is not None else None,
    )
    user_ids = staff_user_ids(body_ids=[responsible.pk, responsible.parent_id])
    source_key = (
        f"{signal_name}:{breach_id}"
        if breach_id is not None
        else f"{signal_name}:{dispute.pk}:{referral_id or ''}:{kind}:{due.isoformat() if due else ''}"
    )[:80]
    return notify_users(notices=dict.fromkeys(user_ids, notice), source_key=source_key)


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


# -- delivery -------------------------------------------------------------------------------------------


def _attempt(message: OutboxMessage, *, grace: timedelta) -> Attempt:
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
        return _attempt(message, grace=DRAIN_GRACE)


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
            attempt = _attempt(message, grace=timedelta(0))
        counts["sent" if attempt.error is None else "failed"] += 1
    return counts


def outbox_retry(*, message_ids) -> int:
    """Puts failed or waiting messages back to be sent at the next drain (the admin's "retry now")."""
    return (
        OutboxMessage.objects.filter(pk__in=list(message_ids))
        .exclude(status=OutboxStatus.SENT)
        .update(status=OutboxStatus.PENDING, next_attempt_at=timezone.now())
    )


# -- reading --------------------------------------------------------------------------------------------


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Marks one of the user's notifications read; another user's answers 404."""
    notification = get_object_or_404(Notification, pk=notification_id, recipient_id=user.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def delivery_preference_set(*, user, mobile: str = "", sms_enabled: bool = True, email_enabled: bool = True):
    preference, _created = DeliveryPreference.objects.get_or_create(user=user)
    preference.mobile, preference.sms_enabled, preference.email_enabled = mobile, sms_enabled, email_enabled
    preference.full_clean(exclude=["user"])
    preference.save()
    return preference
