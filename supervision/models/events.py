from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ACTION_LABELS", "AppendOnlyEvent"]

# How the timelines name each step.
ACTION_LABELS = {
    "register": _("Registered"),
    "assess": _("Stability risk assessed"),
    "approve": _("Approved by the centre"),
    "link_dispute": _("A dispute linked"),
    "raise": _("Joint meeting alerted"),
    "schedule": _("Meeting scheduled"),
    "hold": _("Meeting held"),
    "assign_task": _("Task assigned"),
    "complete_task": _("Task done"),
    "task_overdue": _("Task overdue"),
    "close": _("Closed"),
}


class AppendOnlyEvent(models.Model):
    """What every instrument's timeline row holds: who did what, from which state to which."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_body = models.ForeignKey(
        "agencies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    def save(self, *args, **kwargs):
        from supervision.models.suggestions import AppendOnlyError

        if self.pk is not None:
            raise AppendOnlyError("The timeline is append-only: events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from supervision.models.suggestions import AppendOnlyError

        raise AppendOnlyError("The timeline is append-only: events are never deleted.")
