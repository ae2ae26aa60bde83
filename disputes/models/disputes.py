from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from disputes.choices import OPEN_STATUSES, STAGE_OF_STATUS, Channel, Outcome, RiskLevel, Status, Tier
from disputes.querysets import DisputeQuerySet
from disputes.workflow import DisputeWorkflow
from linze.models import ChoiceLabels

__all__ = ["Dispute", "DisputeCodeCounter", "DisputeGroupObjectPermission", "DisputeUserObjectPermission"]


class Dispute(ChoiceLabels, DisputeWorkflow, FSMModelMixin, models.Model):
    """A dispute 纠纷 followed from intake to its end by one citizen-facing code (一案一码)."""

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    category = models.ForeignKey("disputes.Category", verbose_name=_("category"), on_delete=models.PROTECT)
    region = models.ForeignKey(
        "agencies.Region", verbose_name=_("where it arose"), on_delete=models.PROTECT, related_name="disputes"
    )
    # The town and the county are derivable from the region, but scopes, dashboards and filters read
    # them on every page: each is one indexed equality (restrict()).
    town = models.ForeignKey(
        "agencies.Region", verbose_name=_("town"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    county = models.ForeignKey(
        "agencies.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    amount = models.DecimalField(
        _("amount in dispute (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    people_involved = models.PositiveIntegerField(_("people involved"), default=2)
    personal_status_matter = models.BooleanField(
        _("identity, adoption or marriage-relation matter"),
        default=False,
        help_text=_("Such matters cannot be judicially confirmed."),
    )

    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED, protected=True
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    holder = models.ForeignKey(
        "agencies.Body", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="held_disputes"
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning from"), null=True, blank=True)
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.YELLOW
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)

    # Where to go back to: the state before a referral, the holder before the court took it.
    referred_from = models.CharField(max_length=20, choices=Status.choices, blank=True, editable=False)
    prior_tier = models.CharField(max_length=10, choices=Tier.choices, blank=True, editable=False)
    prior_holder = models.ForeignKey(
        "agencies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    mediation_tried = models.BooleanField(_("mediation was tried"), default=False, editable=False)
    diverted_by_court = models.BooleanField(_("diverted by the court"), default=False, editable=False)
    # A duplicate registration closed into the dispute that goes on (outcome merged): the link both
    # pages show, and the way from the surviving dispute to the records of the merged ones.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_disputes",
        editable=False,
    )

    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporting_body = models.ForeignKey(
        "agencies.Body",
        verbose_name=_("reporting body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Bumped by every transition: a form carries it, so a second person acting on a stale page is told.
    version = models.PositiveIntegerField(default=1, editable=False)
    # jieba's words of the title, description, parties and sessions (disputes/search.py).
    search = SearchVectorField(null=True, editable=False)
    # The bodies that may view it: every body that held it or was called in, as the grants to their
    # groups say (dispute_grants_sync writes both). GIN-indexed, so that restrict() and a search are
    # one bitmap AND instead of a walk through a body's history.
    viewer_bodies = ArrayField(models.IntegerField(), default=list, editable=False)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_at", "-id"]
        default_permissions = ("view", "change")
        indexes = [
            models.Index(fields=["holder", "status", "-opened_at"], name="dispute_holder_status"),
            models.Index(fields=["-opened_at", "-id"], name="dispute_opened"),
            # Title search (icontains: UPPER(title) LIKE …) has a trigram index on that expression,
            # created in migration 0007 with SQL (Django's OpClass renders it unparsable for GIN).
            models.Index(fields=["town", "status"], name="dispute_town_status"),
            # One GIN index of both: a body's search ANDs the two inside the index (723 entries for a
            # common word at 1M, where a bitmap AND of two indexes built 80,000), and either alone is
            # read as well as from an index of its own (restrict() without words, similar cases).
            GinIndex(fields=["viewer_bodies", "search"], name="dispute_viewers_search"),
            models.Index(fields=["county", "-opened_at"], name="dispute_county_opened"),
            models.Index(fields=["town", "-opened_at"], name="dispute_town_opened"),
            # Closed disputes of a county, newest first: the pool of similar past cases (disputes/similar.py).
            models.Index(
                fields=["county", "-closed_at"],
                name="dispute_closed_by_county",
                condition=models.Q(status="closed"),
            ),
            # A body's open disputes, newest first: the workbench's tabs read a page of it in order.
            models.Index(
                fields=["holder", "-opened_at", "-id"],
                name="dispute_holder_open_opened",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            # The tab counts of a body's open disputes that are overdue or due soon.
            models.Index(
                fields=["holder", "due_at"],
                name="dispute_holder_open_due",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(fields=["region", "category", "opened_at"], name="dispute_region_category"),
            # The deadline sweep reads only open disputes whose clock is running.
            models.Index(
                fields=["due_at"], name="dispute_open_due", condition=models.Q(status__in=OPEN_STATUSES)
            ),
            models.Index(
                fields=["warn_at"], name="dispute_open_warn", condition=models.Q(status__in=OPEN_STATUSES)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def stage(self) -> str:
        return STAGE_OF_STATUS[self.status]

    @cached_property
    def pending_lead_referral(self):
        return self.referrals.filter(is_lead=True, status="pending").select_related("body").first()

    @cached_property
    def latest_agreement(self):
        return self.agreements.order_by("-created_at", "-pk").first()

    @cached_property
    def confirmation_accepted_at(self):
        """When the court accepted the judicial confirmation it has not yet decided, or None: the
        confirmation's second step (the decision) has its own clock. Annotated on lists by
        with_clock_state() as `clock_accepted_at`."""
        if self.status != Status.CONFIRMING:
            return None
        return (
            self.confirmations.filter(decided_at__isnull=True)
            .order_by("-applied_at", "-pk")
            .values_list("accepted_at", flat=True)
            .first()
        )


class DisputeCodeCounter(models.Model):
    """The last number handed out for a year's dispute codes (LZ-2026-000123)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DisputeUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign-key table: a user's permission on one dispute."""

    content_object = models.ForeignKey(Dispute, on_delete=models.CASCADE)


class DisputeGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian's direct foreign-key table: a body's group permission on one dispute."""

    # The (group, permission, dispute) unique constraint from guardian doubles as restrict()'s index.
    content_object = models.ForeignKey(Dispute, on_delete=models.CASCADE)
