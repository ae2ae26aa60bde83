"""Reads of the citizens' side. Each page reads a fixed number of queries, whatever the data.

Citizens read no dispute through `restrict()` (they have no account): the tracking page reads only the
dispute whose code and password they gave, and only its public parts (`tracking_view`).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from agencies.choices import BodyKind, RegionKind
from agencies.models import Body, Region
from disputes.choices import Status
from disputes.models import DeadlinePolicy, Dispute, DisputeEvent
from disputes.models.deadlines import DeadlineUnit
from disputes.models.ladder import LadderStep
from linze.crypto import blind_index
from mediation.models import MediationRoom
from portal import plain
from portal.models import ExplorerAnswer, ExplorerQuestion, GuideWay, OnlineSubmission

# -- the guide --------------------------------------------------------------------------------------------


@dataclass
class TimeLimit:
    name: str
    text: str
    basis: str


def _limit_text(policy: DeadlinePolicy, ladder_days: dict[str, int]) -> str:
    amount = policy.amount if policy.amount is not None else ladder_days.get(policy.tier)
    if amount is None:
        return _("the working days of the mediation ladder")
    return _("%(amount)s %(unit)s") % {"amount": amount, "unit": DeadlineUnit(policy.unit).label}


def guide_ways(*, slug: str | None = None) -> list[GuideWay]:
    """The shown ways (or the one named), each with `time_limits`: its active policies' current limits."""
    ways = GuideWay.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "deadline_policies",
            queryset=DeadlinePolicy.objects.filter(is_active=True).order_by("status", "tier", "pk"),
            to_attr="active_policies",
        )
    )
    if slug is not None:
        ways = ways.filter(slug=slug)
    ways = list(ways)
    ladder_days = dict(LadderStep.objects.filter(town__isnull=True).values_list("tier", "working_days"))
    for way in ways:
        way.time_limits = [
            TimeLimit(policy.name, _limit_text(policy, ladder_days), policy.basis)
            for policy in way.active_policies
        ]
    return ways


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# -- the explorer -----------------------------------------------------------------------------------------


@dataclass
class ExplorerState:
    question: ExplorerQuestion | None  # the question to answer now; None when done
    chosen: list[ExplorerAnswer]
    danger: bool = False
    ways: list[GuideWay] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.question is None

    @property
    def codes(self) -> list[str]:
        return [answer.code for answer in self.chosen]


def explorer_state(*, codes: list[str]) -> ExplorerState:
    """Follows the answers given (codes, in order) from the first question; stops at the first that does
    not belong to the question it answers. Two queries, whatever the number of questions."""
    questions = {
        q.pk: q
        for q in ExplorerQuestion.objects.prefetch_related(
            Prefetch("answers", queryset=ExplorerAnswer.objects.prefetch_related("ways"))
        )
    }
    question = next((q for q in questions.values() if q.is_start), None)
    chosen: list[ExplorerAnswer] = []
    for code in codes:
        if question is None:
            break
        answer = next((a for a in question.answers.all() if a.code == code), None)
        if answer is None:
            break
        chosen.append(answer)
        if answer.is_danger:
            return ExplorerState(question=None, chosen=chosen, danger=True)
        question = questions.get(answer.next_question_id)
    state = ExplorerState(question=question, chosen=chosen)
    if state.done:
        ways = {way.pk: way for answer in chosen for way in answer.ways.all() if way.is_active}
        state.ways = sorted(ways.values(), key=lambda way: (way.position, way.pk))
        state.sectors = [answer.sector for answer in chosen if answer.sector]
    return state


SECTOR_KINDS = (BodyKind.DEPARTMENT, BodyKind.SECTOR_COMMITTEE, BodyKind.MASS_ORGANISATION)
TOWN_KINDS = (BodyKind.TOWN_CENTRE, BodyKind.JUDICIAL_OFFICE, BodyKind.TRIBUNAL)


def nearest_bodies(*, sectors: list[str], place: Region | None) -> list[Body]:
    """The bodies to turn to: of the sectors named, the chosen village's committee and its town's centre,
    judicial office and tribunal, and the county centre. One query."""
    wanted = Q(kind=BodyKind.COUNTY_CENTRE)
    if sectors:
        wanted |= Q(kind__in=SECTOR_KINDS, sector__in=sectors)
    if place is not None:
        wanted |= Q(kind=BodyKind.VILLAGE_COMMITTEE, region=place)
        town = place.ancestor_of_kind(RegionKind.TOWN, RegionKind.STATE_UNIT)
        if town is not None:
            wanted |= Q(kind__in=TOWN_KINDS, region=town)
    rank = {
        kind: index for index, kind in enumerate([BodyKind.VILLAGE_COMMITTEE, *TOWN_KINDS, *SECTOR_KINDS])
    }
    bodies = list(Body.objects.filter(wanted, is_active=True).select_related("region"))
    return sorted(bodies, key=lambda body: (rank.get(body.kind, 99), body.code))


def brand_rooms() -> list[MediationRoom]:
    return list(MediationRoom.objects.filter(is_brand=True).select_related("body").order_by("name")[:20])


# -- the directory ----------------------------------------------------------------------------------------

DIRECTORY_KINDS = (
    BodyKind.COUNTY_CENTRE,
    BodyKind.COURT,
    BodyKind.JUDICIAL_OFFICE,
    BodyKind.SECTOR_COMMITTEE,
    BodyKind.TOWN_CENTRE,
    BodyKind.TOWN_COMMITTEE,
    BodyKind.TRIBUNAL,
    BodyKind.VILLAGE_COMMITTEE,
)
DIRECTORY_PAGE = 25


def directory_towns():
    return Region.objects.filter(kind__in=(RegionKind.TOWN, RegionKind.STATE_UNIT)).order_by("code")


def directory_page(*, town: Region | None, after: tuple[str, str] | None) -> tuple[list[Body], str | None]:
    """A page of the directory, ordered by kind and code, keyset-paginated: (bodies, the next cursor)."""
    bodies = Body.objects.filter(kind__in=DIRECTORY_KINDS, is_active=True).select_related("region")
    if town is not None:
        bodies = bodies.filter(region__code__startswith=town.code)
    if after is not None:
        kind, code = after
        bodies = bodies.filter(Q(kind__gt=kind) | Q(kind=kind, code__gt=code))
    rows = list(bodies.order_by("kind", "code")[: DIRECTORY_PAGE + 1])
    more = len(rows) > DIRECTORY_PAGE
    rows = rows[:DIRECTORY_PAGE]
    return rows, (f"{rows[-1].kind}:{rows[-1].code}" if more else None)


# -- tracking ---------------------------------------------------------------------------------------------


@dataclass
class PublicEntry:
    when: object
    label: str
    body: str = ""
    message: str = ""
    document: str = ""


@dataclass
class TrackingView:
    code: str
    title: str
    category: str
    stage: str
    status_label: str
    holder: str
    next_step: str
    due_at: object
    is_open: bool
    timeline: list[PublicEntry]


def tracking_view(*, dispute_id: int) -> TrackingView:
    """What a party reads about their dispute: only public parts. No party's personal data, no note by
    staff, no warning: the timeline keeps the entries of `plain.PUBLIC_EVENTS`, with the body that acted
    and, for the party's own messages, their text. Two queries."""
    dispute = (
        Dispute.objects.select_related("holder", "category")
        .only("code", "title", "status", "due_at", "holder__name", "holder__name_en", "category__name",
              "category__name_en")
        .get(pk=dispute_id)
    )  # fmt: skip
    events = (
        DisputeEvent.objects.filter(dispute_id=dispute_id, transition__in=list(plain.PUBLIC_EVENTS))
        .select_related("actor_body")
        .only("created_at", "transition", "note", "payload", "actor_body__name", "actor_body__name_en")
        .order_by("created_at", "pk")
    )
    timeline = []
    for event in events:
        entry = PublicEntry(when=event.created_at, label=str(plain.PUBLIC_EVENTS[event.transition]))
        if event.actor_body is not None:
            entry.body = event.actor_body.display_name
        if event.transition == plain.CITIZEN_MESSAGE:
            entry.message = event.note
            entry.document = (event.payload or {}).get("name", "")
        timeline.append(entry)
    is_open = dispute.status != Status.CLOSED
    return TrackingView(
        code=dispute.code,
        title=dispute.title,
        category=dispute.category.display_name,
        stage=str(plain.STAGE[dispute.status]),
        status_label=dispute.get_status_display(),
        holder=dispute.holder.display_name,
        next_step=str(plain.NEXT_STEP[dispute.status]),
        due_at=dispute.due_at if is_open else None,
        is_open=is_open,
        timeline=timeline,
    )


SUBMISSIONS_PER_PHONE_SHOWN = 20


def submissions_of_phone(*, phone: str) -> list[OnlineSubmission]:
    """The disputes submitted online with this (confirmed) phone, newest first, at most a screenful."""
    return list(
        OnlineSubmission.objects.filter(phone_index=blind_index(phone))
        .select_related("dispute")
        .only("dispute_id", "created_at", "dispute__code", "dispute__title", "dispute__status")
        .order_by("-created_at", "-pk")[:SUBMISSIONS_PER_PHONE_SHOWN]
    )
