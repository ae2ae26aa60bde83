from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.choices import BodyKind
from disputes.choices import Tier
from linze.reference import ReferenceQuerySet

__all__ = ["LadderStep"]


class LadderStepQuerySet(ReferenceQuerySet):
    def for_region(self, region) -> "LadderStepQuerySet":
        """The ladder that applies to a region: its town's own ladder if one is set, else the default."""
        town = region.ancestor_of_kind("town") if region is not None else None
        if town is not None and self.filter(town=town).exists():
            return self.filter(town=town).order_by("position")
        return self.filter(town__isnull=True).order_by("position")


class LadderStep(models.Model):
    """A rung of the mediation ladder 分级调处 (四级七天): a tier, its holder and its working days."""

    town = models.ForeignKey(
        "agencies.Region",
        verbose_name=_("town"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        limit_choices_to={"kind": "town"},
        help_text=_("Leave empty for the county-wide default ladder."),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    holder_kind = models.CharField(_("holder kind"), max_length=20, choices=BodyKind.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"), validators=[MinValueValidator(1)])

    objects = LadderStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("ladder step")
        verbose_name_plural = _("ladder steps")
        ordering = ["town", "position"]
        constraints = [
            models.UniqueConstraint(fields=["town", "position"], name="ladder_position_unique"),
            models.UniqueConstraint(
                fields=["position"],
                condition=models.Q(town__isnull=True),
                name="ladder_default_position_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_tier_display()} ({self.working_days})"
