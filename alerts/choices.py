from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RuleKind(models.TextChoices):
    """The early-warning rules 预警规则 of DESIGN.md §6; each kind reads its own thresholds."""

    REPEAT_PARTY = "repeat_party", _("Same party in several disputes")
    CLUSTER = "cluster", _("Cluster of disputes")
    MASS_DISPUTE = "mass_dispute", _("Mass dispute")
    VIOLENCE_WORDS = "violence_words", _("Words signalling violence")
    FAILED_MEDIATION = "failed_mediation", _("Repeated failed mediation")


class WarningLevel(models.TextChoices):
    RED = "red", pgettext_lazy("warning level", "Red")
    ORANGE = "orange", pgettext_lazy("warning level", "Orange")
    YELLOW = "yellow", pgettext_lazy("warning level", "Yellow")


LEVEL_RANK = {WarningLevel.RED: 0, WarningLevel.ORANGE: 1, WarningLevel.YELLOW: 2}


class WarningStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("warning status", "Open")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("warning status", "Acknowledged")
    HANDLED = "handled", pgettext_lazy("warning status", "Handled")


LIVE_STATUSES = [WarningStatus.OPEN, WarningStatus.ACKNOWLEDGED]


class ClusterScope(models.TextChoices):
    VILLAGE = "village", _("One village or community")
    TOWN = "town", _("One town")


# The parameters each kind of rule reads (fields of WarningRule); the admin shows only these.
PARAMETERS_OF_KIND = {
    RuleKind.REPEAT_PARTY: ["min_open_disputes", "min_disputes_in_window", "window_days"],
    RuleKind.CLUSTER: ["min_disputes_in_window", "window_days", "scope"],
    RuleKind.MASS_DISPUTE: ["min_parties_on_one_side", "min_people_involved"],
    RuleKind.VIOLENCE_WORDS: ["words"],
    RuleKind.FAILED_MEDIATION: ["min_failed_sessions"],
}
