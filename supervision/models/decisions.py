from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from supervision.choices import DecisionKind, DecisionStatus, StabilityRisk
from supervision.models.events import AppendOnlyEvent
from supervision.querysets import DecisionQuerySet

__all__ = ["DecisionEvent", "MajorDecision", "RiskAssessment"]


def _guard(message):
    def decorate(condition):
        condition.message = message
        return condition

    return decorate


@_guard(
    _(
        "A decision assessed high or medium risk cannot be approved until it is re-assessed lower: "
        "record the mitigation and a new assessment first."
    )
)
def assessed_low(decision) -> bool:
    return decision.risk_level == StabilityRisk.LOW


class MajorDecision(FSMModelMixin, models.Model):
    """A major decision 重大决策 (land requisition, project, policy) and its social-stability risk
    assessment 社会稳定风险评估, reviewed by the county centre before it may go ahead."""

    department = models.ForeignKey(
        "agencies.Body", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "agencies.Region", verbose_name=_("where it applies"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    status = FSMField(
        _("status"),
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.REGISTERED,
        protected=True,
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=StabilityRisk.choices, blank=True)
    disputes = models.ManyToManyField(
        "disputes.Dispute", verbose_name=_("disputes arising from it"), blank=True, related_name="decisions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("major decision")
        verbose_name_plural = _("major decisions")
        ordering = ["-id"]
        indexes = [models.Index(fields=["department", "-id"], name="decision_department")]

    def __str__(self) -> str:
        return self.title

    @transition(
        field="status",
        source=[DecisionStatus.REGISTERED, DecisionStatus.ASSESSED],
        target=DecisionStatus.ASSESSED,
    )
    def assess(self, *, level: str):
        self.risk_level = level

    @transition(
        field="status",
        source=DecisionStatus.ASSESSED,
        target=DecisionStatus.APPROVED,
        conditions=[assessed_low],
    )
    def approve(self, *, now):
        self.approved_at = now


class RiskAssessment(models.Model):
    """One assessment of a major decision: consultations, risks, level and mitigation (kept, never edited)."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.PROTECT, related_name="assessments")
    consultations = models.TextField(_("consultations held"))
    risks = models.TextField(_("risks found"))
    level = models.CharField(_("risk level"), max_length=10, choices=StabilityRisk.choices)
    mitigation = models.TextField(_("mitigation measures"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assessed"), auto_now_add=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision_id} · {self.get_level_display()}"


class DecisionEvent(AppendOnlyEvent):
    """One entry of a major decision's timeline. Append-only."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.PROTECT, related_name="events")

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("decision event")
        verbose_name_plural = _("decision events")
