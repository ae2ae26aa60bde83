import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alerts.choices import (
    LIVE_STATUSES,
    PARAMETERS_OF_KIND,
    ClusterScope,
    RuleKind,
    WarningLevel,
    WarningStatus,
)

__all__ = ["Warning", "WarningRule", "WarningSweepCursor"]

WORD_SEPARATORS = re.compile(r"[\s,，、;；]+")


class WarningRule(models.Model):
    """An early-warning rule 预警规则 with its thresholds; thresholds are data the administrator edits."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    level = models.CharField(_("warning level"), max_length=10, choices=WarningLevel.choices)
    notify_joint_meeting = models.BooleanField(
        _("tell the joint meeting"),
        default=False,
        help_text=_("Also notify the members of the joint meeting (widespread or sudden disputes)."),
    )
    min_open_disputes = models.PositiveSmallIntegerField(
        _("open disputes at least"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_("Same party: warn when one person is a party to this many open disputes."),
    )
    min_disputes_in_window = models.PositiveSmallIntegerField(
        _("disputes in the period at least"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_("Same party: disputes of one person; cluster: disputes of one category in one place."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("period (days)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    scope = models.CharField(_("place"), max_length=10, choices=ClusterScope.choices, blank=True)
    min_parties_on_one_side = models.PositiveSmallIntegerField(
        _("parties on one side at least"), null=True, blank=True, validators=[MinValueValidator(2)]
    )
    min_people_involved = models.PositiveSmallIntegerField(
        _("people involved at least"), null=True, blank=True, validators=[MinValueValidator(2)]
    )
    words = models.TextField(
        _("words"),
        blank=True,
        help_text=_("Words that signal violence, one per line (or separated by commas)."),
    )
    min_failed_sessions = models.PositiveSmallIntegerField(
        _("failed sessions at least"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.code})"

    @property
    def word_list(self) -> list[str]:
        return [word for word in WORD_SEPARATORS.split(self.words or "") if word]

    def clean(self) -> None:
        errors = {}
        required = {
            RuleKind.CLUSTER: ["min_disputes_in_window", "window_days", "scope"],
            RuleKind.VIOLENCE_WORDS: ["words"],
            RuleKind.FAILED_MEDIATION: ["min_failed_sessions"],
        }.get(self.kind, [])
        for name in required:
            if getattr(self, name) in (None, ""):
                errors[name] = _("This kind of rule needs this value.")
        if self.kind == RuleKind.REPEAT_PARTY:
            if self.min_open_disputes is None and self.min_disputes_in_window is None:
                errors["min_open_disputes"] = _("Give at least one of the two thresholds.")
            if self.min_disputes_in_window is not None and self.window_days is None:
                errors["window_days"] = _("This kind of rule needs this value.")
        if self.kind == RuleKind.MASS_DISPUTE and (
            self.min_parties_on_one_side is None and self.min_people_involved is None
        ):
            errors["min_parties_on_one_side"] = _("Give at least one of the two thresholds.")
        if errors:
            raise ValidationError(errors)

    @property
    def parameters(self) -> dict:
        """The thresholds this kind reads, by field name (for the admin list)."""
        return {name: getattr(self, name) for name in PARAMETERS_OF_KIND.get(self.kind, [])}


class Warning(models.Model):  # the domain's word (预警), though it shadows the builtin
    """An early warning 预警 for the centre: a rule found a risk in one dispute or across several."""

    rule = models.ForeignKey(
        WarningRule, verbose_name=_("rule"), null=True, on_delete=models.SET_NULL, related_name="warnings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=WarningLevel.choices)
    status = models.CharField(
        _("status"), max_length=15, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    # The rule and what it is about ("repeat-party:party:3f2a…", "cluster-village:620723101201:neighbour"):
    # at most one open or acknowledged warning per key, so evaluating again never duplicates one.
    dedupe_key = models.CharField(_("key"), max_length=120, db_index=True)
    # The dispute that set it off (none for a cluster found by the sweep) and every dispute it concerns.
    dispute = models.ForeignKey(
        "disputes.Dispute", verbose_name=_("dispute"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    disputes = models.ManyToManyField("disputes.Dispute", verbose_name=_("disputes"), related_name="warnings")
    region = models.ForeignKey(
        "agencies.Region", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    town = models.ForeignKey(
        "agencies.Region", verbose_name=_("town"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "disputes.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    joint_meeting = models.BooleanField(_("joint meeting told"), default=False)
    # What the message is rendered from (alerts/messages.py), in the reader's language.
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The facts found (dispute, session and word ids): a handled warning fires again only on new facts.
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last confirmed"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handling_note = models.TextField(_("how it was handled"), blank=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="warning_status"),
            models.Index(fields=["town", "status"], name="warning_town_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=Q(status__in=LIVE_STATUSES), name="warning_one_live_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.get_kind_display()} · {self.created_at:%Y-%m-%d}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def message(self) -> str:
        from alerts.messages import warning_message

        return warning_message(self)


class WarningSweepCursor(models.Model):
    """How far the warning sweep has read the dispute timeline (events it has evaluated rules for)."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("warning sweep cursor")
        verbose_name_plural = _("warning sweep cursors")

    def __str__(self) -> str:
        return str(self.last_event_id)
