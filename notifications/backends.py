"""Delivery of notifications outside the portal: one small interface, a backend per channel.

Settings choose a class per channel (linze/settings/base.py):

    NOTIFICATION_SMS_BACKEND    default notifications.backends.ConsoleBackend
    NOTIFICATION_EMAIL_BACKEND  default notifications.backends.ConsoleBackend
    NOTIFICATION_SMS_OPTIONS / NOTIFICATION_EMAIL_OPTIONS   JSON, passed to the class as keyword arguments
    NOTIFICATION_FILE_PATH      where FileBackend appends its JSON lines

A real gateway is a class path from the environment, e.g. NOTIFICATION_SMS_BACKEND=linze_sms.GatewayBackend
with NOTIFICATION_SMS_OPTIONS='{"url": "https://sms.example.gov.cn/send", "api_key": "…"}'. Such a class
subclasses NotificationBackend and implements send(); it raises on any failure (a refused number, a
timeout): the outbox records the error and retries with exponential backoff. It must set its own
network timeouts, since the outbox holds the row's lock while it sends.
"""

import fcntl
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingMessage:
    channel: str
    subject: str
    body: str
    reference: str  # the outbox row, for the gateway's logs and de-duplication


class DeliveryError(Exception):
    """A backend could not deliver; the message is retried later."""


class NotificationBackend:
    """Sends one message to one address (a mobile number or an e-mail address). Raises on failure."""

    def __init__(self, **options):
        self.options = options

    def send(self, recipient: str, message: OutgoingMessage) -> None:
        raise NotImplementedError


class ConsoleBackend(NotificationBackend):
    """Development: the message goes to the log (stdout, one JSON line)."""

    def send(self, recipient: str, message: OutgoingMessage) -> None:
        logger.info("notification %s to %s: %s %s", message.channel, recipient, message.subject, message.body)


class FileBackend(NotificationBackend):
    """Development and tests: appends one JSON line per message to a file."""

    def __init__(self, *, path: str | None = None, **options):
        super().__init__(**options)
        self.path = Path(path or settings.NOTIFICATION_FILE_PATH)

    def send(self, recipient: str, message: OutgoingMessage) -> None:
        line = json.dumps(
            {"to": recipient, "sent_at": timezone.now().isoformat(), **asdict(message)}, ensure_ascii=False
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            # Several workers may append at once: one locked write per line keeps lines whole.
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(line + "\n")


class DjangoMailBackend(NotificationBackend):
    """E-mail through Django's EMAIL_BACKEND (SMTP in production)."""

    def send(self, recipient: str, message: OutgoingMessage) -> None:
        send_mail(
            message.subject,
            message.body,
            self.options.get("from_email"),
            [recipient],
            fail_silently=False,
        )


def backend_for(channel: str) -> NotificationBackend:
    path = getattr(
        settings, f"NOTIFICATION_{channel.upper()}_BACKEND", "notifications.backends.ConsoleBackend"
    )
    options = getattr(settings, f"NOTIFICATION_{channel.upper()}_OPTIONS", None) or {}
    return import_string(path)(**options)
