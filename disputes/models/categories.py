from django.db import models
from django.utils.translation import gettext_lazy as _

from linze.naming import LocalisedNameMixin
from linze.reference import ReferenceQuerySet

__all__ = ["Category"]


class Category(LocalisedNameMixin, models.Model):
    """A dispute category 纠纷类别 of the people's-mediation statistics; editable data, no fixed codes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.display_name
