"""Writing notifications: one per recipient, with the outbox rows of the channels that leave the portal."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import pgettext

from notifications.choices import EXTERNAL_CHANNELS, Channel
from notifications.messages import render
from notifications.models import Notification, OutboxMessage


@dataclass
class Notice:
    """What one recipient is told."""

    kind: str
    params: dict
    dispute_id: int | None = None
    referral_id: int | None = None
    link: str = ""


def dispute_params(dispute) -> dict:
    """The parameters every notice about a dispute carries."""
    return {"code": dispute.code, "title": dispute.title}


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
