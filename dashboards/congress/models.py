import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ActivityKind", "CongressActivity", "CongressReport", "CongressRequest"]


def report_path(instance, filename: str) -> str:
    # Fetched through the download view only; a random folder keeps the file from being guessed.
    return f"congress/reports/{timezone.now():%Y}/{secrets.token_hex(8)}/{filename}"


class CongressReport(models.Model):
    """A body's periodic report to the standing committee 专项工作报告, with the period's indicators."""

    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("reporting body"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    region = models.ForeignKey(
        "agencies.Region",
        verbose_name=_("region of the indicators"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("period from"))
    end = models.DateField(_("period to"))
    period_label = models.CharField(_("period"), max_length=80)
    file = models.FileField(_("document"), upload_to=report_path, max_length=250)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    # The indicators of the period and region as they stood at upload: what the report was read beside.
    indicators = models.JSONField(_("indicators of the period"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("report to the People's Congress")
        verbose_name_plural = _("reports to the People's Congress")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    INQUIRY = "inquiry", _("Inquiry")
    HEARING = "hearing", _("Hearing of a report")


class CongressActivity(models.Model):
    """An inspection 执法检查 or inquiry 专题询问 of the standing committee, with what it found."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("held on"))
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection or inquiry")
        verbose_name_plural = _("inspections and inquiries")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["-held_on", "-id"], name="congress_activity_held")]

    def __str__(self) -> str:
        return self.title


class CongressRequest(models.Model):
    """What an inspection or inquiry asks of one body 整改要求, its deadline and the body's answer."""

    activity = models.ForeignKey(CongressActivity, on_delete=models.CASCADE, related_name="requests")
    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    asked = models.TextField(_("what is asked"))
    due_on = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("request to a body")
        verbose_name_plural = _("requests to bodies")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "body"], name="congress_request_once_per_body")
        ]
        indexes = [
            models.Index(
                fields=["body", "due_on"], name="congress_request_open", condition=models.Q(answered_at=None)
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} → {self.body}"

    @property
    def is_overdue(self) -> bool:
        return self.answered_at is None and self.due_on < timezone.localdate()
