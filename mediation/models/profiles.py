from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disputes.validators import validate_mobile

__all__ = ["MediatorProfile", "TrainingRecord"]


class MediatorProfile(models.Model):
    """A mediator's entry in the directory 调解员名录: title, specialties, contact and a short biography."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        on_delete=models.CASCADE,
        related_name="mediator_profile",
    )
    title = models.CharField(
        _("title"), max_length=40, blank=True, help_text=_("An honorary title, such as gold-medal mediator.")
    )
    specialties = models.ManyToManyField(
        "disputes.Category", verbose_name=_("specialties"), blank=True, related_name="+"
    )
    phone = models.CharField(_("work phone"), max_length=11, blank=True, validators=[validate_mobile])
    bio = models.TextField(_("biography"), blank=True)

    class Meta:
        verbose_name = _("mediator profile")
        verbose_name_plural = _("mediator profiles")

    def __str__(self) -> str:
        return str(self.user)


class TrainingRecord(models.Model):
    """A training course 业务培训 a mediator attended: what, when, how long, run by whom."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        on_delete=models.CASCADE,
        related_name="training_records",
    )
    title = models.CharField(_("course"), max_length=120)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    organiser = models.CharField(_("organiser"), max_length=100)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "title", "held_on"], name="training_record_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"
