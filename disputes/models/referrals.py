from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from agencies.permissions import acting_body_ids
from disputes.choices import ReferralRoute, ReferralStatus
from disputes.models.disputes import Dispute
from linze.models import ChoiceLabels

__all__ = ["Referral", "ReferralRoute", "ReferralStatus"]


class ReferralQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> "ReferralQuerySet":
        """Referrals addressed to the user's bodies, and (for viewing) those of disputes they may see."""
        if user.is_superuser:
            return self
        own = models.Q(body_id__in=acting_body_ids(user))
        if action != "view":
            return self.filter(own)
        return self.filter(own | models.Q(dispute__in=Dispute.objects.restrict(user, "view").values("pk")))


class Referral(ChoiceLabels, FSMModelMixin, models.Model):
    """A hand-over 移送 of a dispute to a body that must report in (报到); the whistle 吹哨 sends several."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="referrals")
    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="referrals"
    )
    route = models.CharField(_("route"), max_length=30, choices=ReferralRoute.choices)
    is_lead = models.BooleanField(_("lead body"), default=False)
    status = FSMField(
        _("status"),
        max_length=12,
        choices=ReferralStatus.choices,
        default=ReferralStatus.PENDING,
        protected=True,
    )
    instructions = models.TextField(_("instructions"), blank=True)
    report_by = models.DateTimeField(_("report in by"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning from"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("reported in"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for return"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    result = models.TextField(_("handling result"), blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        # The table keeps the name it had when referrals lived in agencies: no data moved.
        db_table = "agencies_referral"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["body", "status", "-created_at"], name="referral_inbox"),
            # The deadline sweep reads only referrals still waiting for their body to report in.
            models.Index(
                fields=["report_by"], name="referral_pending_due", condition=models.Q(status="pending")
            ),
            models.Index(
                fields=["warn_at"], name="referral_pending_warn", condition=models.Q(status="pending")
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dispute"],
                condition=models.Q(is_lead=True, status__in=["pending", "accepted"]),
                name="referral_one_open_lead",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} → {self.body_id} ({self.status})"

    @transition(field=status, source=ReferralStatus.PENDING, target=ReferralStatus.ACCEPTED)
    def accept(self, *, when) -> None:
        self.accepted_at = when

    @transition(field=status, source=ReferralStatus.PENDING, target=ReferralStatus.RETURNED)
    def return_(self, *, reason: str) -> None:
        self.returned_reason = reason

    @transition(field=status, source=ReferralStatus.ACCEPTED, target=ReferralStatus.COMPLETED)
    def complete(self, *, when, result: str) -> None:
        self.completed_at = when
        self.result = result

    @transition(
        field=status,
        source=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED],
        target=ReferralStatus.CANCELLED,
    )
    def cancel(self) -> None:
        pass
