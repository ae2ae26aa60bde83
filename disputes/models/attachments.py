import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from linze import uploads

__all__ = ["Attachment", "validate_attachment"]

ALLOWED_EXTENSIONS = set(uploads.ALLOWED)
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def validate_attachment(upload) -> str:
    """Refuses a file of a type not allowed, too large, or whose bytes are not what its name says
    (linze/uploads.py); returns the type it is stored and served with."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type %(ext)s cannot be attached. Allowed: %(allowed)s."),
            code="type",
            params={"ext": extension or "?", "allowed": ", ".join(sorted(ALLOWED_EXTENSIONS))},
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; attachments may be at most %(limit)s MB."),
            code="size",
            params={
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": MAX_ATTACHMENT_BYTES // 1024 // 1024,
            },
        )
    return uploads.upload_check(upload)


def attachment_path(instance, filename: str) -> str:
    return f"disputes/{instance.dispute.code}/{filename}"


class Attachment(models.Model):
    """Evidence 证据材料 attached to a dispute: a photo, a contract, a recording."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
