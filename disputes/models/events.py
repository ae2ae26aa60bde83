from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disputes.choices import Status

__all__ = ["DisputeEvent"]


class AppendOnlyError(Exception):
    pass


class DisputeEvent(models.Model):
    """One entry of a dispute's timeline 办理记录: who did what, from which state to which. Append-only."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the system acted (for example an automatic escalation)."),
    )
    actor_body = models.ForeignKey(
        "agencies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transition = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("dispute event")
        verbose_name_plural = _("dispute events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["dispute", "created_at"], name="event_timeline")]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.transition} {self.from_status}→{self.to_status}"

    @property
    def is_automatic(self) -> bool:
        return self.actor_id is None

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The timeline is append-only: events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The timeline is append-only: events are never deleted.")
