from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["LegalEducationSession"]


class LegalEducationSession(models.Model):
    """A legal education session 普法活动 held by the justice bureau or a judicial office in villages."""

    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("held by"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    topic = models.CharField(_("topic"), max_length=160)
    audience = models.PositiveIntegerField(_("audience size"))
    villages = models.ManyToManyField(
        "agencies.Region", verbose_name=_("villages and communities"), related_name="legal_education_sessions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("legal education session")
        verbose_name_plural = _("legal education sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"], name="legal_education_held")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"
