import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ExportJob", "ExportStatus"]


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Deleted after its retention period")


def export_path(instance, filename: str) -> str:
    # The file is fetched through the download view only; a random name keeps it from being guessed.
    return f"exports/{instance.created_at:%Y/%m}/{instance.pk}-{secrets.token_hex(8)}.xlsx"


class ExportJob(models.Model):
    """One export of the dispute register 台账导出记录: who, which filters, when, how many rows, the file."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "agencies.Body",
        verbose_name=_("acting for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "agencies.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    label = models.CharField(_("period"), max_length=80)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    background = models.BooleanField(_("run in the background"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    # Which run owns the job: a run that finds a higher number has been superseded and stops.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    rows_total = models.PositiveIntegerField(_("rows to write"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="export_user_created"),
            # The sweep reads only jobs still to run and files still kept.
            models.Index(
                fields=["heartbeat_at"],
                name="export_unfinished",
                condition=models.Q(status__in=["pending", "running"]),
            ),
            models.Index(fields=["expires_at"], name="export_kept", condition=models.Q(status="done")),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.label} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)
