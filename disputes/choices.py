from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.choices import BodyKind


class Tier(models.TextChoices):
    """A rung of the mediation ladder, or where a dispute sits outside it."""

    GRID = "grid", _("Grid")
    VILLAGE = "village", _("Village")
    TOWN = "town", _("Town")
    COUNTY = "county", _("County")
    COURT = "court", _("Court")
    AGENCY = "agency", _("Agency")


# Which body holds a dispute at each ladder tier; the ladder rows may name others.
DEFAULT_TIER_HOLDER_KIND = {
    Tier.GRID: BodyKind.GRID_STATION,
    Tier.VILLAGE: BodyKind.VILLAGE_COMMITTEE,
    Tier.TOWN: BodyKind.TOWN_COMMITTEE,
    Tier.COUNTY: BodyKind.COUNTY_CENTRE,
}
