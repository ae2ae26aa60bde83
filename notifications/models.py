from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from disputes.validators import validate_mobile
from notifications.choices import Channel, NotificationKind, OutboxStatus

__all__ = ["DeliveryPreference", "Notification", "NotificationEventCursor", "OutboxMessage"]


class Notification(models.Model):
    """An in-app notification 站内通知: something one user's work needs them to look at."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    # Title and body are rendered from these in the reader's language (notifications/messages.py).
    params = models.JSONField(_("details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    dispute = models.ForeignKey(
        "disputes.Dispute", verbose_name=_("dispute"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    referral = models.ForeignKey(
        "disputes.Referral", verbose_name=_("referral"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    # What caused it ("event:123", "warning:7", "deadline_breached:42"): one notification per user and cause.
    source_key = models.CharField(_("cause"), max_length=80, blank=True, db_index=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell: WHERE recipient_id = %s AND read_at IS NULL, on every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "source_key"],
                condition=~Q(source_key=""),
                name="notification_once_per_cause",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.kind} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def _rendered(self) -> tuple[str, str]:
        from notifications.messages import render

        return render(self.kind, self.params)

    @property
    def title(self) -> str:
        return self._rendered()[0]

    @property
    def body(self) -> str:
        return self._rendered()[1]

    @property
    def target_url(self) -> str:
        from notifications.links import notification_target

        return notification_target(self)


class DeliveryPreference(models.Model):
    """Where a user gets notifications outside the portal 短信与邮件提醒: mobile number, channels."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True, validators=[validate_mobile])
    sms_enabled = models.BooleanField(_("send SMS"), default=True)
    email_enabled = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")

    def __str__(self) -> str:
        return str(self.user)


class OutboxMessage(models.Model):
    """A message waiting to leave the portal 待发消息 (SMS, e-mail), written in its cause's transaction.

    It is also the delivery record: attempts, the last error and when it was delivered.
    """

    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox_messages"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(pgettext_lazy("outbox message", "address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The drain reads only rows still to send whose time has come.
            models.Index(
                fields=["next_attempt_at"], name="outbox_due", condition=Q(status=OutboxStatus.PENDING)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address} ({self.status})"


class NotificationEventCursor(models.Model):
    """How far the outbox drain has read the dispute timeline: the last event whose notifications exist."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification event cursor")
        verbose_name_plural = _("notification event cursors")

    def __str__(self) -> str:
        return str(self.last_event_id)
