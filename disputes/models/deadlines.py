from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from disputes.choices import OPEN_STATUSES, ReferralRoute, Status, Tier
from linze.reference import ReferenceQuerySet

__all__ = [
    "BreachAction",
    "ClockAnchor",
    "ClockKind",
    "ClockPause",
    "DeadlineBreach",
    "DeadlinePolicy",
    "DeadlineUnit",
    "DisputeClock",
    "ExtensionBasis",
]

LADDER_TIERS = (Tier.GRID, Tier.VILLAGE, Tier.TOWN, Tier.COUNTY)


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "workdays", _("working days")
    CALENDAR_DAYS = "days", _("calendar days")
    HOURS = "hours", _("hours")


class ClockAnchor(models.TextChoices):
    STEP = "step", _("when the dispute enters the step")
    AGREEMENT_EFFECTIVE = "agreement_effective", _("when the mediation agreement takes effect")
    # Applies only once the court has accepted the application (its second step: the decision).
    CONFIRMATION_ACCEPTED = "confirmation_accepted", _("when the court accepts the confirmation application")


class ClockKind(models.TextChoices):
    """The clocks a dispute may run at once: one of each kind (DisputeClock)."""

    # Restarts with every step: the ladder's working days, a body's report-in, the agency's handling.
    STEP = "step", _("time limit of the step")
    # Runs beside the step's clock from when its policy first applies, across the steps it covers (an
    # escalation up the ladder does not restart the 15 days of labour mediation).
    LIMIT = "limit", _("statutory limit")


class ExtensionBasis(models.TextChoices):
    """What a clock's one extension needs, as the law says."""

    APPROVAL = "approval", _("with the approval of the head of the body (the court's president)")
    CONSENT = "consent", _("with the parties' consent")
    REASONS = "reasons", _("with the reasons given")
    # Police public-order mediation: a second session, the last, counted from when it is decided.
    SECOND_SESSION = "second_session", _("for a second and last session")


class BreachAction(models.TextChoices):
    ALERT = "alert", _("alert only")
    ESCALATE = "escalate", _("escalate up the mediation ladder")


class DeadlinePolicy(models.Model):
    """A time limit 期限规则 for one step of a dispute: a state, optionally narrowed by tier, referral
    route or category. Per kind of clock the most specific active policy wins (category, then route,
    then tier): a dispute runs one clock of each kind that has a policy for it."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set on the shipped policies, so that the loader recognises them."),
    )
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(
        _("state"), max_length=20, choices=[(s, Status(s).label) for s in OPEN_STATUSES]
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    route = models.CharField(_("referral route"), max_length=30, choices=ReferralRoute.choices, blank=True)
    category = models.ForeignKey(
        "disputes.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.CharField(_("unit"), max_length=10, choices=DeadlineUnit.choices)
    amount = models.PositiveIntegerField(
        _("amount"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Leave empty for mediation at a tier of the ladder: the ladder step's working days apply."
        ),
    )
    anchor = models.CharField(
        _("the clock starts"), max_length=30, choices=ClockAnchor.choices, default=ClockAnchor.STEP
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warning point (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("The share of the time limit after which the holder is warned."),
    )
    breach_action = models.CharField(
        _("when the limit passes"), max_length=10, choices=BreachAction.choices, default=BreachAction.ALERT
    )
    clock = models.CharField(
        _("clock"),
        max_length=10,
        choices=ClockKind.choices,
        default=ClockKind.STEP,
        help_text=_(
            "A statutory limit runs beside the step's own clock (the ladder's days go on, and escalate)."
        ),
    )
    extension_amount = models.PositiveIntegerField(
        _("extension"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How much the limit may be extended, once, in its unit. Empty: it cannot be extended."),
    )
    extension_basis = models.CharField(
        _("the extension needs"), max_length=20, choices=ExtensionBasis.choices, blank=True
    )
    consequence = models.CharField(
        _("when it has passed"),
        max_length=200,
        blank=True,
        help_text=_("What the parties may do once it has passed, as the dispute page says."),
    )
    basis = models.CharField(_("legal basis or source"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        ordering = ["status", "tier", "route", "category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status", "tier", "route", "category", "clock", "anchor"],
                condition=models.Q(is_active=True),
                nulls_distinct=False,
                name="deadline_policy_one_active_per_scope",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def specificity(self) -> tuple[bool, bool, bool, bool]:
        """Ranks matching policies: one that waits for the court's acceptance (and applies only once it
        came) beats the rest; then a category beats a route, a route beats a tier."""
        return (
            self.anchor == ClockAnchor.CONFIRMATION_ACCEPTED,
            self.category_id is not None,
            bool(self.route),
            bool(self.tier),
        )

    @property
    def uses_ladder(self) -> bool:
        return self.amount is None

    def clean(self) -> None:
        errors = {}
        if self.amount is None and not (
            self.status == Status.MEDIATING
            and self.tier in LADDER_TIERS
            and self.unit == DeadlineUnit.WORKING_DAYS
        ):
            errors["amount"] = _(
                "Give the amount; only mediation at a tier of the ladder may take the ladder's working days."
            )
        if self.breach_action == BreachAction.ESCALATE and self.status != Status.MEDIATING:
            errors["breach_action"] = _("Only mediation can be escalated up the ladder.")
        if self.anchor == ClockAnchor.AGREEMENT_EFFECTIVE and self.status != Status.AGREED:
            errors["anchor"] = _("Only the agreed state has an agreement's effective date to count from.")
        if self.anchor == ClockAnchor.CONFIRMATION_ACCEPTED and self.status != Status.CONFIRMING:
            errors["anchor"] = _("Only a judicial confirmation is accepted by the court.")
        if self.breach_action == BreachAction.ESCALATE and self.clock != ClockKind.STEP:
            errors["breach_action"] = _("Only the step's own clock escalates; a statutory limit alerts.")
        if bool(self.extension_amount) != bool(self.extension_basis):
            errors["extension_basis"] = _("Give both the extension and what it needs, or neither.")
        if errors:
            raise ValidationError(errors)


class DeadlineBreach(models.Model):
    """A warning point or time limit that passed 超期预警 / 超期, recorded once per clock by the sweep."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("warning point passed")
        BREACH = "breach", _("time limit passed")

    class Outcome(models.TextChoices):
        ALERTED = "alerted", _("alerted")
        ESCALATED = "escalated", _("escalated automatically")
        TOP_TIER = "top_tier", _("alerted: already at the top tier")
        ESCALATION_FAILED = "escalation_failed", _("alerted: the escalation failed")

    dispute = models.ForeignKey(
        "disputes.Dispute", verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="breaches"
    )
    # Set for a body called in on a whistle that did not report in; the lead body's report-in is
    # the dispute's own clock while it waits in "referred".
    referral = models.ForeignKey(
        "disputes.Referral",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="breaches",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Which of the dispute's clocks passed (a referral's report-in is a step clock).
    clock = models.CharField(_("clock"), max_length=10, choices=ClockKind.choices, default=ClockKind.STEP)
    due_at = models.DateTimeField(_("deadline"))
    status = models.CharField(_("state"), max_length=20, choices=Status.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    holder = models.ForeignKey(
        "agencies.Body", verbose_name=_("responsible body"), on_delete=models.PROTECT, related_name="+"
    )
    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("policy"), null=True, blank=True, on_delete=models.SET_NULL
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.ALERTED)
    escalation_event = models.ForeignKey(
        "disputes.DisputeEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detected_at = models.DateTimeField(_("detected"))

    class Meta:
        verbose_name = _("deadline breach")
        verbose_name_plural = _("deadline breaches")
        ordering = ["-detected_at", "-id"]
        constraints = [
            # Once per clock: a second sweep, or two at once, find the row and do nothing.
            models.UniqueConstraint(
                fields=["dispute", "clock", "kind", "due_at"],
                condition=models.Q(referral__isnull=True),
                name="breach_once_per_dispute_clock",
            ),
            models.UniqueConstraint(
                fields=["referral", "kind", "due_at"],
                condition=models.Q(referral__isnull=False),
                name="breach_once_per_referral_clock",
            ),
        ]
        indexes = [models.Index(fields=["holder", "kind", "-detected_at"], name="breach_by_holder")]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"


class ClockPause(models.Model):
    """A stop of a dispute's clock 期限中止 where the law does not count the time (an injury appraisal,
    supplementary evidence). While it lasts the dispute has no deadline; resuming extends it."""

    dispute = models.ForeignKey(
        "disputes.Dispute", verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="clock_pauses"
    )
    status = models.CharField(_("state"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"))
    paused_at = models.DateTimeField(_("paused"))
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The clock as it stood when it stopped.
    due_at = models.DateTimeField(_("deadline when paused"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning point when paused"), null=True, blank=True)
    resumed_at = models.DateTimeField(_("resumed"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # resume_clock, or the transition that moved the dispute on while it was paused.
    ended_by = models.CharField(_("ended by"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        ordering = ["-paused_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispute"], condition=models.Q(resumed_at__isnull=True), name="clock_one_open_pause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.paused_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.resumed_at is None


class DisputeClock(models.Model):
    """One of the clocks 期限 a dispute runs now, one per kind: the step's own (the ladder's working
    days, which escalate) and a statutory limit beside it (labour mediation's 15 days). Written by the
    transition service; rows exist only while the dispute is open, so the sweep's partial indexes hold
    the running clocks and nothing else. `Dispute.due_at` / `warn_at` are those of the earliest."""

    dispute = models.ForeignKey(
        "disputes.Dispute", verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="clocks"
    )
    kind = models.CharField(_("clock"), max_length=10, choices=ClockKind.choices)
    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("policy"), null=True, blank=True, on_delete=models.SET_NULL
    )
    unit = models.CharField(_("unit"), max_length=10, choices=DeadlineUnit.choices, blank=True)
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("deadline"))
    warn_at = models.DateTimeField(_("warning from"))
    # Set while the dispute's clock is paused (ClockPause): the sweep passes it by.
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    # Extensions taken (the policy allows one); each is a transition on the timeline with its approver.
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)

    class Meta:
        verbose_name = _("dispute clock")
        verbose_name_plural = _("dispute clocks")
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["dispute", "kind"], name="clock_one_per_kind")]
        indexes = [
            # The sweep reads the running clocks that are due, or past their warning point.
            models.Index(fields=["due_at"], name="clock_running_due", condition=models.Q(paused_at=None)),
            models.Index(fields=["warn_at"], name="clock_running_warn", condition=models.Q(paused_at=None)),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def may_extend(self) -> bool:
        policy = self.policy
        return policy is not None and bool(policy.extension_amount) and self.extensions == 0
