from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.choices import LiaisonKind, RegionKind

__all__ = ["GridLiaison"]


class GridLiaison(models.Model):
    """A legal liaison of a grid cell 三官一师: its judge, prosecutor, police officer or lawyer."""

    grid = models.ForeignKey(
        "agencies.Region",
        verbose_name=_("grid cell"),
        on_delete=models.CASCADE,
        related_name="liaisons",
        limit_choices_to={"kind": RegionKind.GRID},
    )
    kind = models.CharField(_("kind"), max_length=12, choices=LiaisonKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="liaisons"
    )
    body = models.ForeignKey(
        "agencies.Body",
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grid_liaisons",
        help_text=_("The court, procuratorate, police station or law firm the liaison comes from."),
    )
    phone = models.CharField(_("public telephone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("grid liaison")
        verbose_name_plural = _("grid liaisons")
        ordering = ["grid__code", "kind"]
        constraints = [models.UniqueConstraint(fields=["grid", "kind"], name="grid_liaison_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.grid} · {self.get_kind_display()} · {self.user}"

    def clean(self) -> None:
        if self.grid_id and self.grid.kind != RegionKind.GRID:
            raise ValidationError({"grid": _("Liaisons are attached to grid cells.")})
