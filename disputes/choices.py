from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class Status(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("dispute status", "Reported")
    ASSESSING = "assessing", pgettext_lazy("dispute status", "Assessing")
    PREVENTING = "preventing", pgettext_lazy("dispute status", "Prevention work")
    MEDIATING = "mediating", pgettext_lazy("dispute status", "Mediating")
    REFERRED = "referred", pgettext_lazy("dispute status", "Referred, awaiting report-in")
    AGENCY_HANDLING = "agency_handling", pgettext_lazy("dispute status", "Agency handling")
    AGREED = "agreed", pgettext_lazy("dispute status", "Agreement reached")
    FULFILLING = "fulfilling", pgettext_lazy("dispute status", "Performance and follow-up")
    CONFIRMING = "confirming", pgettext_lazy("dispute status", "Judicial confirmation")
    COURT_REFERRED = "court_referred", pgettext_lazy("dispute status", "Sent to court, awaiting acceptance")
    COURT_MEDIATING = "court_mediating", pgettext_lazy("dispute status", "Court pre-litigation mediation")
    LITIGATING = "litigating", pgettext_lazy("dispute status", "Filed, in litigation")
    CLOSED = "closed", pgettext_lazy("dispute status", "Closed")


OPEN_STATUSES = [s for s in Status.values if s != Status.CLOSED]


class Stage(models.TextChoices):
    PREVENTION = "prevention", _("Prevention at source")
    NON_LITIGATION = "non_litigation", _("Non-litigation resolution")
    COURT = "court", _("Court")
    END = "end", _("Closed")


STAGE_OF_STATUS = {
    Status.REPORTED: Stage.PREVENTION,
    Status.ASSESSING: Stage.PREVENTION,
    Status.PREVENTING: Stage.PREVENTION,
    Status.MEDIATING: Stage.NON_LITIGATION,
    Status.REFERRED: Stage.NON_LITIGATION,
    Status.AGENCY_HANDLING: Stage.NON_LITIGATION,
    Status.AGREED: Stage.NON_LITIGATION,
    Status.FULFILLING: Stage.NON_LITIGATION,
    Status.CONFIRMING: Stage.COURT,
    Status.COURT_REFERRED: Stage.COURT,
    Status.COURT_MEDIATING: Stage.COURT,
    Status.LITIGATING: Stage.COURT,
    Status.CLOSED: Stage.END,
}


class Outcome(models.TextChoices):
    PREVENTED = "prevented", _("Resolved by prevention work")
    FULFILLED = "fulfilled", _("Agreement fulfilled")
    ADMINISTRATIVE_DECISION = "administrative_decision", _("Administrative decision")
    COURT_MEDIATED = "court_mediated", _("Court mediation")
    JUDGMENT = "judgment", _("Judgment")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined, guided to the proper channel")
    MERGED = "merged", _("Merged into another dispute")
    # An agency's own ends (close_handled), besides its administrative decision and declining.
    AGENCY_MEDIATED = "agency_mediated", _("Mediated by the agency, agreement reached")
    ARBITRATION_AWARD = "arbitration_award", _("Arbitration award")
    EXPLAINED = "explained", _("Resolved by explaining the law")


class HandlingResult(models.TextChoices):
    """What an agency's handling of a referral-led dispute ended in (close_handled)."""

    MEDIATED_AGREEMENT = "mediated_agreement", _("Mediated, agreement reached")
    ADMINISTRATIVE_DECISION = "administrative_decision", _("Administrative decision")
    RULING = "ruling", _("Administrative ruling")
    ARBITRATION_AWARD = "arbitration_award", _("Arbitration award")
    EXPLAINED = "explained", _("Handled by explaining the law (释法明理)")
    NOT_COMPETENT = "not_competent", _("Not within the body's competence")


# The outcome a dispute closes with after each result. A ruling (行政裁决) is an administrative decision on
# a civil dispute; outside its competence the body declines, and the record says which channel is right.
OUTCOME_OF_HANDLING_RESULT = {
    HandlingResult.MEDIATED_AGREEMENT: Outcome.AGENCY_MEDIATED,
    HandlingResult.ADMINISTRATIVE_DECISION: Outcome.ADMINISTRATIVE_DECISION,
    HandlingResult.RULING: Outcome.ADMINISTRATIVE_DECISION,
    HandlingResult.ARBITRATION_AWARD: Outcome.ARBITRATION_AWARD,
    HandlingResult.EXPLAINED: Outcome.EXPLAINED,
    HandlingResult.NOT_COMPETENT: Outcome.DECLINED,
}


COURT_OUTCOMES = [Outcome.JUDGMENT, Outcome.COURT_MEDIATED, Outcome.WITHDRAWN]


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    GRID_PATROL = "grid_patrol", _("Grid patrol")
    HOTLINE = "hotline", _("Hotline")
    POLICE_TRANSFER = "police_transfer", _("Police transfer")
    COURT_DIVERSION = "court_diversion", _("Court diversion")
    PETITION = "petition", _("Petition")
    ONLINE = "online", _("Online")


class RiskLevel(models.TextChoices):
    RED = "red", _("Red: complex, risk of violence or mass incident")
    ORANGE = "orange", _("Orange: may escalate, same-day handling")
    YELLOW = "yellow", _("Yellow: ordinary dispute")
    BLUE = "blue", _("Blue: latent risk, watch and revisit")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Organisation")


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    THIRD_PARTY = "third_party", _("Third party")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("referral status", "Awaiting report-in")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Reported in, handling")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")
    RETURNED = "returned", pgettext_lazy("referral status", "Returned")
    CANCELLED = "cancelled", pgettext_lazy("referral status", "Cancelled")


class ReferralRoute(models.TextChoices):
    ADMINISTRATIVE_MEDIATION = "administrative_mediation", _("Administrative mediation")
    ADMINISTRATIVE_RULING = "administrative_ruling", _("Administrative ruling")
    POLICE_MEDIATION = "police_mediation", _("Police mediation")
    LABOUR_ARBITRATION = "labour_arbitration", _("Labour mediation and arbitration")
    PETITION = "petition", _("Petition")
    SECTOR_COMMITTEE = "sector_committee", _("Sector mediation committee")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    COURT = "court", _("Court")
