from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationKind(models.TextChoices):
    """What a notification is about; each kind has its own wording (notifications/messages.py)."""

    REFERRAL_WAITING = "referral_waiting", _("Referral waiting for report-in")
    INBOX_ARRIVAL = "inbox_arrival", _("Dispute arrived in the inbox")
    CONFIRMATION_DECIDED = "confirmation_decided", _("Judicial confirmation decided")
    WARNING = "warning", _("Early warning")
    DEADLINE_WARNING = "deadline_warning", _("Deadline approaching")
    DEADLINE_BREACHED = "deadline_breached", _("Deadline passed")
    # The supervision instruments (their wording is registered by supervision/apps.py).
    SUGGESTION_ARRIVED = "suggestion_arrived", _("Suggestion received")
    SUGGESTION_REPLIED = "suggestion_replied", _("Suggestion replied to")
    SUGGESTION_OVERDUE = "suggestion_overdue", _("Suggestion reply overdue")
    LIAISON_ASKED = "liaison_asked", _("Legal guidance asked of the grid liaisons")
    MEETING_TASK = "meeting_task", _("Task from the joint meeting")
    MEETING_TASK_OVERDUE = "meeting_task_overdue", _("Joint meeting task overdue")


class Channel(models.TextChoices):
    """Ways a notification leaves the portal."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox status", "Waiting to be sent")
    SENT = "sent", pgettext_lazy("outbox status", "Sent")
    FAILED = "failed", pgettext_lazy("outbox status", "Failed")


# Which kinds also leave the portal, and through which channels (when the recipient has an address and
# has not switched the channel off). The rest stay in-app: the bell is enough for them.
EXTERNAL_CHANNELS: dict[str, tuple[str, ...]] = {
    NotificationKind.REFERRAL_WAITING: (Channel.SMS, Channel.EMAIL),
    NotificationKind.INBOX_ARRIVAL: (Channel.EMAIL,),
    NotificationKind.CONFIRMATION_DECIDED: (Channel.EMAIL,),
    NotificationKind.WARNING: (Channel.SMS, Channel.EMAIL),
    NotificationKind.DEADLINE_WARNING: (Channel.EMAIL,),
    NotificationKind.DEADLINE_BREACHED: (Channel.SMS, Channel.EMAIL),
    NotificationKind.SUGGESTION_ARRIVED: (Channel.EMAIL,),
    NotificationKind.SUGGESTION_REPLIED: (Channel.EMAIL,),
    NotificationKind.SUGGESTION_OVERDUE: (Channel.SMS, Channel.EMAIL),
    NotificationKind.LIAISON_ASKED: (Channel.SMS,),
    NotificationKind.MEETING_TASK: (Channel.EMAIL,),
    NotificationKind.MEETING_TASK_OVERDUE: (Channel.SMS, Channel.EMAIL),
}
