from django.db import models
from django.utils.translation import gettext_lazy as _

from disputes.choices import PartyKind, PartyRole
from disputes.validators import validate_mobile, validate_resident_id
from linze.crypto import BlindIndexField, EncryptedCharField

__all__ = ["Party"]


class Party(models.Model):
    """A party 当事人 to a dispute: a natural person or an organisation, on one side of it."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=12, choices=PartyKind.choices, default=PartyKind.PERSON)
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=100, db_index=True)  # inbox search by party name
    # Encrypted at rest (linze/crypto.py); the blind indexes match them exactly without decrypting.
    id_number = EncryptedCharField(
        _("resident ID number"), max_length=18, blank=True, validators=[validate_resident_id]
    )
    phone = EncryptedCharField(_("mobile number"), max_length=11, blank=True, validators=[validate_mobile])
    address = EncryptedCharField(_("address"), max_length=200, blank=True)
    id_number_index = BlindIndexField(source="id_number", db_index=True)
    phone_index = BlindIndexField(source="phone", db_index=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["dispute", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
