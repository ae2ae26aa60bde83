from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CourtlessRule", "FigureMonth", "MonthlyFigure"]


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


class MonthlyFigure(models.Model):
    """One month's count of one cockpit figure in one village 月度指标汇总 (a month that has ended,
    summed by the cockpit instead of reading the month's disputes again)."""

    month = models.DateField(_("month"))
    county = models.ForeignKey("agencies.Region", on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey("agencies.Region", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("agencies.Region", on_delete=models.CASCADE, related_name="+")
    # A figure of dashboards/indicators/measures.py (taken_in, resolved_village, to_court …), or one of
    # its narrowings: category:<id>, channel:<value>, referrals_late:<body id>.
    key = models.CharField(_("figure"), max_length=60)
    count = models.PositiveIntegerField(_("count"))
    # For resolved_<tier>: the working days from intake to closing of those disputes, summed.
    workdays = models.BigIntegerField(_("working days"), default=0)

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        indexes = [
            models.Index(fields=["county", "month"], name="figure_county_month"),
            models.Index(fields=["town", "month"], name="figure_town_month"),
            models.Index(fields=["region", "month"], name="figure_region_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id} {self.key} {self.count}"


class FigureMonth(models.Model):
    """Whether a county's month of MonthlyFigure rows is complete and current 月度汇总状态."""

    county = models.ForeignKey("agencies.Region", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    # Set by the timeline's dispute_changed receiver when a dispute opened in the month changes (and
    # `version` bumped), cleared by a refresh that saw no change while it ran.
    stale = models.BooleanField(_("stale"), default=True)
    version = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(_("refreshed"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly figures of a county")
        verbose_name_plural = _("monthly figures of counties")
        constraints = [models.UniqueConstraint(fields=["county", "month"], name="figure_month_unique")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m} {'stale' if self.stale else 'fresh'}"
