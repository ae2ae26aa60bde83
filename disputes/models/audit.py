from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PersonalDataView"]


class PersonalDataView(models.Model):
    """One unmasking of a dispute's party data 个人信息查看记录: who saw it, for which body, when."""

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
    dispute = models.ForeignKey(
        "disputes.Dispute",
        verbose_name=_("dispute"),
        on_delete=models.PROTECT,
        related_name="personal_data_views",
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["dispute", "-viewed_at"], name="personal_data_view_dispute")]
        # The table keeps the name it had when this audit lived in the linze package.
        db_table = "linze_personaldataview"

    def __str__(self) -> str:
        return f"{self.user_id} → {self.dispute_id} @ {self.viewed_at:%Y-%m-%d %H:%M:%S}"
