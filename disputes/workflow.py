"""The dispute state machine (DESIGN.md §3): transitions and their guards, nothing else.

Transitions only change the instance's fields. They never save, write events or send anything: the
service layer (disputes/services/) locks the row, checks permission and guards, calls the
transition, saves and records. Guards may read related rows; each carries the message shown when it
refuses.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition

from disputes.choices import OPEN_STATUSES, OUTCOME_OF_HANDLING_RESULT, HandlingResult, Outcome, Status, Tier
from disputes.permissions import may

CONFIRMATION_APPLICATION_DAYS = 30


# States in which the clock may be paused: every open state but the hand-overs (waiting for a body or
# the court to take the dispute in, which no appraisal stops) and litigation (the court keeps its own
# trial limits and their deductions).
PAUSABLE_STATUSES = [
    s for s in OPEN_STATUSES if s not in (Status.REFERRED, Status.COURT_REFERRED, Status.LITIGATING)
]


def guard(message, *, like_state: bool = False):
    """Marks a condition with the reason a user is told when it fails.

    A `like_state` condition is part of where the dispute stands (is its clock paused?) rather than
    something the user can go and do: when it fails the action is not offered at all, and refused as
    a wrong state."""

    def decorate(condition):
        condition.message = message
        condition.like_state = like_state
        return condition

    return decorate


@guard(
    _(
        "This dispute is not mediated on a tier of the mediation ladder (it is with an agency or the "
        "court), so it cannot be escalated; refer it or send it to court."
    )
)
def on_the_ladder(dispute) -> bool:
    from disputes.ladder import current_ladder_step

    return current_ladder_step(dispute) is not None


@guard(
    _("Only a report still at the grid tier can be taken over by its village committee."),
    like_state=True,
)
def at_grid_tier(dispute) -> bool:
    return dispute.tier == Tier.GRID


@guard(_("This dispute is already at the top tier of the mediation ladder; refer it or send it to court."))
def below_top_tier(dispute) -> bool:
    from disputes.ladder import current_ladder_step, next_ladder_step

    # Off the ladder the guard above speaks; this one is about the top rung only.
    return current_ladder_step(dispute) is None or next_ladder_step(dispute) is not None


@guard(_("Record an agreement that names every party before marking the dispute as agreed."))
def has_agreement_naming_every_party(dispute) -> bool:
    agreement = dispute.latest_agreement
    if agreement is None:
        return False
    party_ids = set(dispute.parties.values_list("pk", flat=True))
    return bool(party_ids) and party_ids <= set(agreement.parties.values_list("pk", flat=True))


@guard(_("The parties must apply for judicial confirmation within 30 days of the agreement taking effect."))
def agreement_within_application_period(dispute) -> bool:
    agreement = dispute.latest_agreement
    if agreement is None or agreement.effective_on is None:
        return False
    return timezone.localdate() <= agreement.effective_on + timedelta(days=CONFIRMATION_APPLICATION_DAYS)


@guard(_("Identity, adoption and marriage-relation matters cannot be judicially confirmed."))
def not_personal_status_matter(dispute) -> bool:
    return not dispute.personal_status_matter


@guard(_("No clock is running for this dispute."), like_state=True)
def clock_running(dispute) -> bool:
    return dispute.due_at is not None


@guard(_("The clock of this dispute is not paused."), like_state=True)
def clock_paused(dispute) -> bool:
    from disputes.models import ClockPause

    return ClockPause.objects.filter(dispute_id=dispute.pk, resumed_at__isnull=True).exists()


@guard(_("The court has already accepted this application."), like_state=True)
def confirmation_not_accepted(dispute) -> bool:
    return dispute.confirmation_accepted_at is None


@guard(
    _(
        "The time limit of this step cannot be extended: the law allows no extension here, or it has "
        "been extended once already."
    ),
    like_state=True,  # where the step stands by law: no button where none may be taken
)
def clock_extendable(dispute) -> bool:
    from disputes.models import ClockKind

    clock = dispute.clocks.filter(kind=ClockKind.STEP).select_related("policy").first()
    return clock is not None and clock.may_extend and clock.paused_at is None


# States whose time limit the law lets a body extend once: the court's decision on a confirmation
# (+10 days, the president approving), its pre-litigation mediation (+30, the parties consenting), an
# agency's handling (a petition +60 → +30 with reasons; police mediation's second session).
EXTENDABLE_STATUSES = [Status.CONFIRMING, Status.COURT_MEDIATING, Status.AGENCY_HANDLING]


@guard(_("There is no referral waiting for its lead body to report in."))
def has_pending_lead_referral(dispute) -> bool:
    return dispute.pending_lead_referral is not None


# A duplicate may be merged while it is still being taken in, assessed, prevented or mediated on the
# ladder: the repeat-party warning finds it at intake, and until then nothing stands on its own record.
# Not once it is referred (an agency has been called in under its own time limit: it returns the
# referral first), nor once an agreement exists (the agreement, its confirmation and performance belong
# to that dispute's parties), nor at the court, whose case has its own number and end.
MERGEABLE_STATUSES = [Status.REPORTED, Status.ASSESSING, Status.PREVENTING, Status.MEDIATING]


class DisputeWorkflow:
    """Mixed into Dispute: every @transition of the lifecycle."""

    # -- prevention -------------------------------------------------------------------------------
    @transition(field="status", source=Status.REPORTED, target=Status.ASSESSING, permission=may("assess"))
    def assess(self, *, risk_level: str | None = None) -> None:
        if risk_level:
            self.risk_level = risk_level

    @transition(field="status", source=Status.ASSESSING, target=Status.PREVENTING, permission=may("prevent"))
    def prevent(self) -> None:
        pass

    @transition(
        field="status", source=Status.PREVENTING, target=Status.CLOSED, permission=may("close_prevented")
    )
    def close_prevented(self, *, note: str = "") -> None:
        self._close(Outcome.PREVENTED, note)

    # -- non-litigation ---------------------------------------------------------------------------
    @transition(
        field="status",
        source=[Status.REPORTED, Status.ASSESSING, Status.PREVENTING],
        target=Status.MEDIATING,
        permission=may("start_mediation"),
    )
    def start_mediation(self, *, tier: str, holder) -> None:
        self._move_to(tier, holder)
        self.mediation_tried = True

    @transition(
        field="status",
        source=Status.MEDIATING,
        target=Status.MEDIATING,
        permission=may("escalate"),
        conditions=[on_the_ladder, below_top_tier],
    )
    def escalate(self, *, tier: str, holder) -> None:
        self._move_to(tier, holder)

    @transition(
        field="status",
        source=[Status.REPORTED, Status.ASSESSING, Status.MEDIATING],
        target=Status.MEDIATING,
        permission=may("take_over"),
        conditions=[at_grid_tier],
    )
    def take_over(self, *, tier: str, holder) -> None:
        # A grid report goes up one rung, to the village committee that has seen it since it came in:
        # taken by them, or by the sweep once its working day at the grid ran out.
        self._move_to(tier, holder)
        self.mediation_tried = True

    @transition(
        field="status",
        source=[Status.REPORTED, Status.ASSESSING, Status.MEDIATING],
        target=Status.REFERRED,
        permission=may("refer"),
    )
    def refer(self) -> None:
        # The referring body keeps the dispute until the lead body reports in.
        self.referred_from = self.status

    @transition(
        field="status",
        source=[Status.REFERRED, Status.AGENCY_HANDLING],
        target=None,
        permission=may("add_support"),
    )
    def add_support(self) -> None:
        # A running whistle calls in further bodies in support of its lead (which stays the lead): the
        # dispute stays where it is, with its own clock; each new referral runs its route's report-in clock.
        pass

    @transition(
        field="status",
        source=Status.REFERRED,
        target=Status.AGENCY_HANDLING,
        permission=may("accept_referral"),
        conditions=[has_pending_lead_referral],
    )
    def accept_referral(self, *, holder) -> None:
        self._move_to(Tier.AGENCY, holder)

    @transition(
        field="status",
        source=Status.REFERRED,
        target=RETURN_VALUE(Status.REPORTED, Status.ASSESSING, Status.MEDIATING),
        permission=may("return_referral"),
        conditions=[has_pending_lead_referral],
    )
    def return_referral(self) -> str:
        previous, self.referred_from = self.referred_from or Status.ASSESSING, ""
        return previous

    @transition(
        field="status", source=Status.AGENCY_HANDLING, target=Status.CLOSED, permission=may("close_handled")
    )
    def close_handled(self, *, handling_result: str, note: str) -> None:
        # The agency says what its handling ended in; the outcome follows (a police mediation that
        # ended in an agreement is a mediation, not an administrative decision).
        if handling_result == HandlingResult.MEDIATED_AGREEMENT:
            self.mediation_tried = True
        self._close(OUTCOME_OF_HANDLING_RESULT[handling_result], note)

    @transition(
        field="status",
        source=[Status.MEDIATING, Status.AGENCY_HANDLING, Status.COURT_MEDIATING],
        target=Status.AGREED,
        permission=may("record_agreement"),
        conditions=[has_agreement_naming_every_party],
    )
    def record_agreement(self) -> None:
        pass

    @transition(
        field="status",
        source=Status.AGREED,
        target=Status.CONFIRMING,
        permission=may("apply_confirmation"),
        conditions=[not_personal_status_matter, agreement_within_application_period],
    )
    def apply_confirmation(self, *, court) -> None:
        self.prior_tier, self.prior_holder = self.tier, self.holder
        self._move_to(Tier.COURT, court)

    @transition(
        field="status",
        source=Status.CONFIRMING,
        target=None,
        permission=may("accept_confirmation"),
        conditions=[confirmation_not_accepted],
    )
    def accept_confirmation(self) -> None:
        # The court's first step (受理, within 3 days); mediation's step records it on the confirmation,
        # and the decision's own clock (15 days) starts.
        pass

    @transition(field="status", source=Status.CONFIRMING, target=Status.FULFILLING, permission=may("confirm"))
    def confirm(self) -> None:
        self._move_back()

    @transition(
        field="status",
        source=Status.CONFIRMING,
        target=Status.MEDIATING,
        permission=may("reject_confirmation"),
    )
    def reject_confirmation(self) -> None:
        self._move_back()

    @transition(
        field="status", source=Status.AGREED, target=Status.FULFILLING, permission=may("start_follow_up")
    )
    def start_follow_up(self) -> None:
        pass

    @transition(
        field="status", source=Status.FULFILLING, target=Status.CLOSED, permission=may("close_fulfilled")
    )
    def close_fulfilled(self, *, note: str = "") -> None:
        self._close(Outcome.FULFILLED, note)

    # -- court ------------------------------------------------------------------------------------
    @transition(
        field="status",
        source=Status.FULFILLING,
        target=Status.COURT_REFERRED,
        permission=may("report_default"),
    )
    def report_default(self, *, court) -> None:
        self._move_to(Tier.COURT, court)

    @transition(
        field="status",
        source=[Status.ASSESSING, Status.MEDIATING, Status.AGENCY_HANDLING],
        target=Status.COURT_REFERRED,
        permission=may("refer_to_court"),
    )
    def refer_to_court(self, *, court) -> None:
        # Parties keep their right to sue: never blocked, but the record says whether mediation was tried.
        self._move_to(Tier.COURT, court)

    @transition(
        field="status",
        source=Status.COURT_REFERRED,
        target=Status.COURT_MEDIATING,
        permission=may("court_accept"),
    )
    def court_accept(self) -> None:
        pass

    @transition(
        field="status",
        source=Status.COURT_REFERRED,
        target=Status.MEDIATING,
        permission=may("court_delegate"),
    )
    def court_delegate(self, *, holder, tier: str = Tier.TOWN) -> None:
        # The court chooses the mediation body (mediation's step); the tier is the level it serves.
        self._move_to(tier, holder)
        self.diverted_by_court = True
        self.mediation_tried = True

    @transition(
        field="status",
        source=[Status.COURT_REFERRED, Status.COURT_MEDIATING],
        target=Status.LITIGATING,
        permission=may("court_file"),
    )
    def court_file(self) -> None:
        pass

    @transition(
        field="status", source=Status.LITIGATING, target=Status.CLOSED, permission=may("court_conclude")
    )
    def court_conclude(self, *, outcome: str, note: str = "") -> None:
        self._close(outcome, note)

    # -- end --------------------------------------------------------------------------------------
    @transition(field="status", source=OPEN_STATUSES, target=Status.CLOSED, permission=may("withdraw"))
    def withdraw(self, *, note: str) -> None:
        self._close(Outcome.WITHDRAWN, note)

    @transition(
        field="status",
        source=[Status.REPORTED, Status.ASSESSING],
        target=Status.CLOSED,
        permission=may("decline"),
    )
    def decline(self, *, guidance: str) -> None:
        self._close(Outcome.DECLINED, guidance)

    @transition(field="status", source=MERGEABLE_STATUSES, target=Status.CLOSED, permission=may("merge"))
    def merge(self, *, into, note: str = "") -> None:
        # The surviving dispute was checked by the service (visible, open, not merged, not this one).
        self.merged_into = into
        self._close(Outcome.MERGED, note)

    @transition(field="status", source=Status.CLOSED, target=Status.ASSESSING, permission=may("reopen"))
    def reopen(self, *, holder) -> None:
        # A recurring dispute goes back to the centre's triage, whoever closed it (a court, a village).
        self.outcome, self.outcome_note, self.closed_at = "", "", None
        self._move_to(Tier.COUNTY, holder)

    # -- the clock ----------------------------------------------------------------------------------
    # The dispute stays where it is; the service records the pause (ClockPause) and its reason.
    @transition(
        field="status",
        source=PAUSABLE_STATUSES,
        target=None,
        permission=may("pause_clock"),
        conditions=[clock_running],
    )
    def pause_clock(self) -> None:
        # While stopped nothing falls due: the sweep sees no deadline. The clock as it stood is kept
        # for the service to record, and resume_clock moves it on by the time it was stopped.
        self.stopped_clock = (self.due_at, self.warn_at)
        self.due_at = self.warn_at = None

    @transition(
        field="status",
        source=EXTENDABLE_STATUSES,
        target=None,
        permission=may("extend_clock"),
        conditions=[clock_running, clock_extendable],
    )
    def extend_clock(self) -> None:
        # The service moves the step's clock on by its policy's extension and records who approved it.
        pass

    @transition(
        field="status",
        source=PAUSABLE_STATUSES,
        target=None,
        permission=may("resume_clock"),
        conditions=[clock_paused],
    )
    def resume_clock(self, *, due_at, warn_at) -> None:
        self.due_at, self.warn_at = due_at, warn_at

    # -- helpers ----------------------------------------------------------------------------------
    def _move_to(self, tier: str, holder) -> None:
        self.tier, self.holder = tier, holder

    def _move_back(self) -> None:
        if self.prior_holder_id:
            self.tier, self.holder = self.prior_tier, self.prior_holder
        self.prior_tier, self.prior_holder = "", None

    def _close(self, outcome: str, note: str) -> None:
        self.outcome, self.outcome_note, self.closed_at = outcome, note, timezone.now()
