"""Reads of the mediation app. Disputes come only through Dispute.objects.restrict(): what a user may
not see answers 404, and lists show only what the user may see."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from agencies.choices import Role
from agencies.models import Membership
from agencies.permissions import court_body_ids
from disputes.choices import Status
from disputes.deadlines import with_clock_state
from disputes.models import Dispute, Party
from mediation.models import (
    Agreement,
    CourtCase,
    FollowUp,
    JudicialConfirmation,
    MediationRoom,
    MediationSession,
    Obligation,
    TrainingRecord,
)

# The court's queue: what a court or people's tribunal holds and acts on.
COURT_QUEUE_STATES = (Status.COURT_REFERRED, Status.COURT_MEDIATING, Status.LITIGATING, Status.CONFIRMING)


def dispute_get(*, user, code: str) -> Dispute:
    """The dispute with this code if the user may see it; Http404 otherwise."""
    return get_object_or_404(Dispute.objects.restrict(user, "view").with_detail_related(), code=code)


def _agreement_details():
    return (
        Prefetch("parties", queryset=Party.objects.order_by("position", "pk")),
        Prefetch("obligations", queryset=Obligation.objects.select_related("obligor")),
    )


def _agreements():
    return Agreement.objects.select_related("dispute", "body", "mediator").prefetch_related(
        *_agreement_details()
    )


def dispute_records(*, dispute: Dispute) -> dict:
    """Sessions, agreements (with parties and obligations), confirmations and follow-ups of a dispute.

    A fixed number of queries whatever the number of records."""
    return {
        "sessions": list(
            MediationSession.objects.filter(dispute=dispute).select_related("room", "mediator", "body")
        ),
        # Through the dispute's own relation, which sets each agreement's dispute to it (a join would
        # read its row again).
        "agreements": list(
            dispute.agreements.select_related("body", "mediator").prefetch_related(*_agreement_details())
        ),
        "confirmations": list(
            JudicialConfirmation.objects.filter(dispute=dispute).select_related("court", "agreement")
        ),
        "follow_ups": list(FollowUp.objects.filter(dispute=dispute).select_related("visited_by")),
        "court_cases": court_cases_of(dispute=dispute),
    }


def agreement_get(*, dispute: Dispute, pk: int, user) -> Agreement:
    """An agreement of `dispute`, through Agreement.objects.restrict(): Http404 for any other, and for
    one outside the user's scope even when the caller has the dispute from elsewhere."""
    return get_object_or_404(_agreements().restrict(user, "view"), dispute=dispute, pk=pk)


def agreement_index(agreement: Agreement) -> int:
    """1 for a dispute's first agreement, 2 for its second …: the suffix of the agreement's number."""
    return (
        Agreement.objects.filter(dispute_id=agreement.dispute_id)
        .filter(
            Q(created_at__lt=agreement.created_at) | Q(created_at=agreement.created_at, pk__lt=agreement.pk)
        )
        .count()
        + 1
    )


def _confirmations(dispute: Dispute, user):
    return JudicialConfirmation.objects.filter(dispute=dispute).restrict(user, "view")


def confirmation_pending(*, dispute: Dispute, user) -> JudicialConfirmation | None:
    """The confirmation application the court has not decided yet, if any."""
    return (
        _confirmations(dispute, user)
        .filter(decided_at__isnull=True)
        .select_related("court")
        .order_by("-applied_at", "-pk")
        .first()
    )


def confirmation_latest(*, dispute: Dispute, user) -> JudicialConfirmation | None:
    """The latest confirmation application of the dispute, if any."""
    return (
        _confirmations(dispute, user)
        .select_related("court", "agreement")
        .order_by("-applied_at", "-pk")
        .first()
    )


def confirmation_ruled(*, dispute: Dispute, user) -> JudicialConfirmation | None:
    """The latest confirmation the court has ruled on (its ruling 民事裁定书 can be printed), if any."""
    return (
        _confirmations(dispute, user)
        .exclude(ruling="")
        .select_related("court", "agreement__body", "decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def court_cases_of(*, dispute: Dispute) -> list:
    """The cases the court filed on the dispute, with their case numbers, oldest first."""
    return list(CourtCase.objects.filter(dispute=dispute).select_related("court"))


def rooms_of(*, body_id: int):
    return MediationRoom.objects.filter(body_id=body_id).order_by("-is_brand", "name")


# -- the court ---------------------------------------------------------------------------------------


def court_queue(*, user, status: str | None = None):
    """Disputes held by the user's courts and tribunals in the court's states, oldest deadline first."""
    queryset = (
        Dispute.objects.restrict(user, "view")
        .with_list_related()
        .filter(status__in=[status] if status in COURT_QUEUE_STATES else COURT_QUEUE_STATES)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("position", "pk")),
            Prefetch("court_cases", queryset=CourtCase.objects.order_by("filed_at", "pk")),
        )
    )
    if not user.is_superuser:
        queryset = queryset.filter(holder_id__in=court_body_ids(user))
    return with_clock_state(queryset).order_by("due_at", "pk")


def court_queue_counts(*, user) -> list[dict]:
    """How many disputes the user's courts hold in each of the court's states, with the states' labels."""
    queryset = Dispute.objects.restrict(user, "view").filter(status__in=COURT_QUEUE_STATES)
    if not user.is_superuser:
        queryset = queryset.filter(holder_id__in=court_body_ids(user))
    counts = dict(queryset.values_list("status").annotate(n=Count("pk")).order_by())
    return [
        {"status": state, "label": Status(state).label, "count": counts.get(state, 0)}
        for state in COURT_QUEUE_STATES
    ]


# -- the directory -----------------------------------------------------------------------------------


def mediator_directory(*, filters=None):
    """Mediators (members with the mediator role) with their committee, profile, specialties and training.

    One row per membership; a fixed number of queries per page."""
    filters = filters or {}
    queryset = (
        Membership.objects.filter(role=Role.MEDIATOR, user__is_active=True)
        .select_related("user", "user__mediator_profile", "body", "body__region")
        .prefetch_related(
            "user__mediator_profile__specialties",
            Prefetch("user__training_records", queryset=TrainingRecord.objects.order_by("-held_on", "-pk")),
        )
    )
    if value := filters.get("category"):
        queryset = queryset.filter(user__mediator_profile__specialties__code=value)
    if value := (filters.get("q") or "").strip():
        queryset = queryset.filter(
            Q(user__last_name__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(body__name__icontains=value)
            | Q(user__mediator_profile__title__icontains=value)
        )
    return queryset.order_by("body__kind", "body__code", "user__last_name", "user__first_name", "pk")


def room_directory(*, brand_only: bool = False):
    """Mediation rooms with the body they belong to and how many disputes were mediated in each."""
    queryset = MediationRoom.objects.select_related("body", "body__region").annotate(
        dispute_count=Count("sessions__dispute", distinct=True)
    )
    if brand_only:
        queryset = queryset.filter(is_brand=True)
    return queryset.order_by("-is_brand", "body__kind", "body__code", "name")


def room_get(*, pk: int) -> MediationRoom:
    return get_object_or_404(MediationRoom.objects.select_related("body"), pk=pk)


def room_disputes(*, room: MediationRoom, user):
    """The disputes mediated in a room that this user may see, most recent first."""
    return (
        Dispute.objects.restrict(user, "view")
        .with_list_related()
        .filter(pk__in=MediationSession.objects.filter(room=room).values("dispute_id"))
        .order_by("-opened_at", "-pk")
    )


def agreement_terms_of(dispute_ids: list[int]) -> dict[int, dict]:
    """The terms of each dispute's latest agreement, for similar past cases (disputes/similar.py); the
    callers read the disputes through restrict(user, "precedent") and mask the parties' names."""
    latest: dict[int, dict] = {}
    rows = Agreement.objects.filter(dispute_id__in=dispute_ids).order_by("dispute_id", "-created_at", "-pk")
    for dispute_id, terms in rows.values_list("dispute_id", "terms"):
        latest.setdefault(dispute_id, {"terms": terms})
    return latest
