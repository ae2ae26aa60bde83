from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CourtlessRule"]


class CourtlessRule(models.Model):
    """The rule that makes a village or community a 无讼村（社区）for a period; the administrator edits it."""

    # No standard definition is published (DOMAIN.md): the rule is data, shown on the cockpit as text.
    max_court_disputes = models.PositiveSmallIntegerField(
        _("disputes that may reach court"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("A place counts as without lawsuits when at most this many of its disputes reach court."),
    )
    count_referrals = models.BooleanField(
        _("a dispute sent to court counts"),
        default=True,
        help_text=_(
            "On: every dispute sent to court in the period counts, even one the court diverted to "
            "mediation. Off: only disputes the court filed (立案) count."
        ),
    )
    require_intake = models.BooleanField(
        _("only places that took in disputes"),
        default=False,
        help_text=_("On: a place that took in no dispute at all in the period is not listed."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("courtless village rule")
        verbose_name_plural = _("courtless village rule")

    def __str__(self) -> str:
        return str(self.rule_text)

    @classmethod
    def current(cls) -> "CourtlessRule":
        """The rule in force: the saved one, else the default (nothing reached court)."""
        return cls.objects.order_by("pk").first() or cls()

    @property
    def rule_text(self) -> str:
        if self.count_referrals:
            text = _("At most %(n)s of its disputes were sent to court in the period.")
        else:
            text = _("At most %(n)s of its disputes were filed by the court in the period.")
        if self.max_court_disputes == 0:
            text = (
                _("None of its disputes was sent to court in the period.")
                if self.count_referrals
                else _("None of its disputes was filed by the court in the period.")
            )
        text = str(text) % {"n": self.max_court_disputes}
        if self.require_intake:
            text += " " + str(_("It took in at least one dispute."))
        return text


# The exports' and the People's Congress pages' models live beside their code; imported here so that
# Django registers them in this app.
from dashboards.congress.models import ActivityKind, CongressActivity, CongressReport, CongressRequest  # noqa: E402
from dashboards.exports.models import ExportJob, ExportStatus  # noqa: E402

__all__ += [
    "ActivityKind",
    "CongressActivity",
    "CongressReport",
    "CongressRequest",
    "ExportJob",
    "ExportStatus",
]
