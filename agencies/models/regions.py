from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.choices import RegionKind
from linze.naming import LocalisedNameMixin
from linze.reference import ReferenceQuerySet

__all__ = ["Region"]


class RegionQuerySet(ReferenceQuerySet):
    def within(self, region: "Region"):
        """The region and everything below it: codes are hierarchical, so a prefix match is enough."""
        return self.filter(code__startswith=region.code)

    def by_code(self, code: str) -> "Region | None":
        """The region with this code, or else the one that had it as its former code (links and imports
        made before the official division codes): one query on two indexes. A code that is one place's
        code and another's former code means the first."""
        code = str(code).strip()
        if not code:
            return None
        found = list(self.filter(Q(code=code) | Q(former_code=code)).order_by("code")[:2])
        return next((region for region in found if region.code == code), found[0] if found else None)


class Region(LocalisedNameMixin, models.Model):
    """An administrative area: county 县, town 镇, village 村 / community 社区, grid cell 网格."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    # The code the portal gave the place before it took the official division codes: links, exports and
    # imports made then still find it (RegionQuerySet.by_code). Blank for places that never had another.
    former_code = models.CharField(
        _("former code"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("The code this place had before the official division codes; still accepted in links."),
    )
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_is_estimate = models.BooleanField(_("population is an estimate"), default=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["kind", "code"]),
            # Prefix searches (code LIKE '620723101%') need the pattern operator class.
            models.Index(fields=["code"], name="region_code_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    def ancestor_of_kind(self, *kinds: str) -> "Region | None":
        """Walks up the tree to the nearest region of one of the kinds (self included)."""
        region = self
        while region is not None and region.kind not in kinds:
            region = region.parent
        return region

    @property
    def full_name(self) -> str:
        names = []
        region = self
        while region is not None and region.kind != RegionKind.COUNTY:
            names.append(region.display_name)
            region = region.parent
        return " ".join(reversed(names))
