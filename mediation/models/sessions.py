from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mediation.choices import SessionResult

__all__ = ["FollowUp", "MediationRoom", "MediationSession"]


class MediationRoom(models.Model):
    """A mediation room 调解室, among them the brand rooms 品牌调解室 named after a mediator (安贵调解室)."""

    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=80)
    is_brand = models.BooleanField(_("brand room"), default=False)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("mediation room")
        verbose_name_plural = _("mediation rooms")
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return self.name


class MediationSession(models.Model):
    """One mediation session 调解记录: when, where, who attended, what was said, how it ended."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="sessions")
    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    held_at = models.DateTimeField(_("held at"))
    room = models.ForeignKey(
        MediationRoom,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    attendees = models.TextField(_("attendees"))
    minutes = models.TextField(_("minutes"))
    result = models.CharField(_("result"), max_length=12, choices=SessionResult.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} @ {self.held_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """A follow-up visit 回访 checking that an agreement is being performed."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="follow_ups")
    agreement = models.ForeignKey(
        "mediation.Agreement", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    visited_at = models.DateTimeField(_("visited at"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    performed = models.BooleanField(_("performed as agreed"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["visited_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} @ {self.visited_at:%Y-%m-%d}"
