from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mediation.choices import Ruling

__all__ = ["Agreement", "CourtCase", "JudicialConfirmation", "Obligation"]


class DisputeRecordQuerySet(models.QuerySet):
    """Agreements and confirmations: records of one dispute, for whoever may see (or change) it."""

    def restrict(self, user, action: str = "view") -> "DisputeRecordQuerySet":
        """The records of the disputes this user may see (or change), through Dispute.objects.restrict():
        the disputes' one door is theirs, so a record outside the user's scope answers 404 too."""
        from disputes.models import Dispute

        return self.filter(dispute__in=Dispute.objects.restrict(user, action).values("pk"))


class Agreement(models.Model):
    """A mediation agreement 调解协议书, with the contents the People's Mediation Law (art. 29) asks for."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="agreements")
    body = models.ForeignKey(
        "agencies.Body", verbose_name=_("mediating body"), on_delete=models.PROTECT, related_name="+"
    )
    parties = models.ManyToManyField("disputes.Party", verbose_name=_("parties"), related_name="agreements")
    facts = models.TextField(_("facts and disputed issues"))
    terms = models.TextField(_("agreed terms"))
    performance = models.TextField(_("how and when the terms are performed"), blank=True)
    effective_on = models.DateField(_("effective on"))
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_by_parties = models.BooleanField(_("signed by every party"), default=True)
    signed_by_mediator = models.BooleanField(_("signed by the mediator"), default=True)
    originals = models.PositiveSmallIntegerField(_("originals"), default=3)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisputeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} · {self.effective_on:%Y-%m-%d}"


class Obligation(models.Model):
    """One performance obligation 履行义务 of an agreement: who does what by when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    obligor = models.ForeignKey(
        "disputes.Party",
        verbose_name=_("obligor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("obligation"), max_length=300)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    performed_on = models.DateField(_("performed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class JudicialConfirmation(models.Model):
    """A judicial confirmation 司法确认 of an agreement: applied, accepted, decided, with the ruling."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="confirmations")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="confirmations")
    court = models.ForeignKey(
        "agencies.Body", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    ruling = models.CharField(_("ruling"), max_length=10, choices=Ruling.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    # The court's number of the confirmation case (民特), given when it rules: the ruling's heading.
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DisputeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("judicial confirmation")
        verbose_name_plural = _("judicial confirmations")
        ordering = ["applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_number"],
                condition=~models.Q(case_number=""),
                name="confirmation_case_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} · {self.get_ruling_display() or '…'}"


class CourtCase(models.Model):
    """A case the court filed 立案 on a dispute, under the court's case number 案号."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="court_cases")
    court = models.ForeignKey(
        "agencies.Body", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("case number"), max_length=40, unique=True)
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DisputeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("court case")
        verbose_name_plural = _("court cases")
        ordering = ["filed_at", "id"]

    def __str__(self) -> str:
        return self.number
