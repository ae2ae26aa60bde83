from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")
    STATE_UNIT = "state_unit", _("State farm or forestry unit")
    GRID = "grid", _("Grid cell")


class BodyKind(models.TextChoices):
    COUNTY_CENTRE = "county_centre", _("County dispute-resolution centre")
    LEADERSHIP = "leadership", _("County leadership")
    CONGRESS = "congress", _("People's Congress standing committee")
    TOWN_CENTRE = "town_centre", _("Town governance centre")
    JUDICIAL_OFFICE = "judicial_office", _("Judicial office")
    TOWN_COMMITTEE = "town_committee", _("Town mediation committee")
    VILLAGE_COMMITTEE = "village_committee", _("Village or community mediation committee")
    GRID_STATION = "grid_station", _("Grid station")
    SECTOR_COMMITTEE = "sector_committee", _("Sector mediation committee")
    COURT = "court", _("Court")
    TRIBUNAL = "tribunal", _("People's tribunal")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    POLICE_BUREAU = "police_bureau", _("Police bureau")
    POLICE_STATION = "police_station", _("Police station")
    JUSTICE_BUREAU = "justice_bureau", _("Justice bureau")
    PETITIONS_BUREAU = "petitions_bureau", _("Petitions bureau")
    DEPARTMENT = "department", _("Government department")
    MASS_ORGANISATION = "mass_org", _("Mass organisation")


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    MEDIATOR = "mediator", _("Mediator")
    HEAD = "head", _("Head")
    JUDGE = "judge", _("Judge")
    OFFICER = "officer", _("Officer")
    LIAISON = "liaison", _("Legal liaison")
    GRID_WORKER = "grid_worker", _("Grid worker")
    LEADER = "leader", _("Leader")


class LiaisonKind(models.TextChoices):
    """The four legal liaisons of a grid cell 三官一师."""

    JUDGE = "judge", _("Judge")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    POLICE = "police", _("Police officer")
    LAWYER = "lawyer", _("Lawyer")
