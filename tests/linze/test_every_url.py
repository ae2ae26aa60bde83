"""Every URL of the project, as every demo role and an anonymous visitor (DESIGN.md §5).

The patterns come from the URL resolver, not from a list kept by hand: a page added tomorrow is walked
tomorrow, or this module fails until it knows how to fill the new page's arguments. For each pattern and
each user the walk builds URLs from real objects — one the user may see, one they may not (for those
who see everything, one that does not exist), for a URL naming two objects a pair that do not belong
together, for a URL naming a transition every step legal from the dispute's state — then GETs and POSTs
(an empty body) each of them and checks:

- no answer is a server error (the client keeps going and the test lists every one, with the URL);
- an object outside the user's scope answers 404 (an anonymous visitor is sent to log in, the API
  answers 403); never 200, never a redirect that names it;
- no answer contains the code of a dispute the user may not see, nor the ID number, mobile number or
  name of one of its parties;
- what a user reads masked (DESIGN.md §5: everyone but the holder's staff and the centre) stays masked:
  the leader's answers contain no party's ID number, mobile number or name at all.

Who may see what comes from the doors themselves (`Dispute.objects.restrict()`, the warnings' scope,
the recipient of a notification), which tests/disputes/test_permissions.py checks against the matrix;
here the question is whether every page goes through them. The data is built once for the module
through the services; each POST runs in a savepoint rolled back after it (an empty POST can make a
transition that needs no input), so every request starts from the same data. PDFs are laid out from
HTML the walk reads instead (see `_HtmlAsPdf`); /healthz does not wait for a Celery worker here.
"""

import copy
import dataclasses
import datetime
import importlib
import logging
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_fsm import can_proceed

from agencies.models import Body
from agencies.permissions import acting_body_ids, is_read_only, sees_personal_data
from alerts import services as alerts_services
from alerts.models import Warning, WarningRule
from alerts.permissions import warning_scope
from dashboards.congress import selectors as congress_selectors
from dashboards.models import CongressActivity, CongressReport, ExportJob
from demo.accounts import DEMO_ACCOUNTS, DEMO_ADMIN
from disputes import services as disputes_services
from disputes.audit import personal_data_may_reveal
from disputes.models import Attachment, Dispute, DisputeEvent, Referral
from disputes.transitions import TRANSITIONS
from mediation.models import Agreement, MediationRoom
from mediation.services import follow_up_record, session_log
from notifications import services as notifications_services
from notifications.choices import NotificationKind
from notifications.models import Notification
from supervision.models import JointMeeting, JointMeetingTask, MajorDecision, Suggestion, SuggestionDocument
from tests.factories import (
    DAZHAI,
    LIAOQUAN,
    PartyDataFactory,
    dispute_in_state,
    register_dispute,
    transition,
)
from tests.mediation.fixtures import linze, village_dispute  # noqa: F401  (the module's reference data)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ANONYMOUS = "anonymous"
ADMIN = DEMO_ADMIN[0]
ROLES = [ADMIN, *(username for username, *_rest in DEMO_ACCOUNTS)]
VISITORS = [*ROLES, ANONYMOUS]

# -- the patterns ------------------------------------------------------------------------------------------

# The admin site is Django's, for staff only: one check below that nobody else gets in.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_VIEW_MODULES = {"django.views.static", "django.contrib.staticfiles.views"}


@dataclass(frozen=True)
class Route:
    name: str | None  # with its namespaces ("mediation:agreement"); None for an unnamed pattern
    route: str
    kwargs: tuple[str, ...]

    def __str__(self) -> str:
        return self.name or self.route


def project_routes(resolver=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern the resolver knows, through every include, with its namespaced name."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes += project_routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            if entry.callback.__module__ in SKIPPED_VIEW_MODULES:
                continue
            kwargs = tuple(entry.pattern.regex.groupindex)
            name = f"{namespace}{entry.name}" if entry.name else None
            routes.append(Route(name=name, route=prefix + str(entry.pattern), kwargs=kwargs))
    return routes


ROUTES = project_routes()

# `code` is always a dispute's code and `name` a transition's; what `pk` is the id of depends on the page.
PK_OF = {
    "disputes:dispute_detail": "dispute",
    "disputes:attachment_download": "attachment",
    "mediation:room": "room",
    "mediation:agreement": "agreement",
    "mediation:agreement_pdf": "agreement",
    "alerts:detail": "warning",
    "alerts:acknowledge": "warning",
    "alerts:handle": "warning",
    "notifications:open": "notification",
    "notifications:read": "notification",
    "referrals:accept": "referral",
    "referrals:return": "referral",
    "referrals:complete": "referral",
    "api-referral-accept": "referral",
    "api-referral-return": "referral",
    "api-referral-complete": "referral",
    "dashboards:export_job": "export",
    "dashboards:export_download": "export",
    "dashboards:congress_report": "congress_report",
    "dashboards:congress_report_file": "congress_report",
    "dashboards:congress_activity": "congress_activity",
    "dashboards:congress_activity_answer": "congress_activity",
    "supervision:suggestion": "suggestion",
    "supervision:suggestion_issue": "suggestion",
    "supervision:suggestion_receive": "suggestion",
    "supervision:suggestion_reply": "suggestion",
    "supervision:suggestion_close": "suggestion",
    "supervision:decision": "decision",
    "supervision:decision_assess": "decision",
    "supervision:decision_approve": "decision",
    "supervision:decision_link": "decision",
    "supervision:meeting": "meeting",
    "supervision:meeting_schedule": "meeting",
    "supervision:meeting_hold": "meeting",
    "supervision:meeting_task_assign": "meeting",
    "supervision:meeting_close": "meeting",
    "supervision:task_complete": "task",
    "supervision:suggestion_document": "suggestion_document",
}
# Arguments of Django's own pages, which name no object of ours.
FIXED_KWARGS = {
    "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "portal:guide_way": {"slug": "labour-mediation-arbitration"},
    "api-not-found": {"path": "no-such-endpoint/"},
}

# Pages for everyone: no login asked of an anonymous visitor.
PUBLIC = {
    "portal:home",
    # The citizens' side (portal/): guide, explorer, directory, online submission and tracking by code.
    "portal:guide",
    "portal:guide_way",
    "portal:explorer",
    "portal:directory",
    "portal:submit",
    "portal:submit_code",
    "portal:submit_details",
    "portal:submit_done",
    "portal:track",
    "portal:track_phone",
    "portal:track_phone_code",
    "portal:track_case",
    "portal:track_leave",
    "healthz",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "api-token",
    "api-schema",
}

# Which disputes a page is about first, so that its in-scope URLs show it at work (by URL-name prefix).
PREFERRED = [
    ("mediation:confirmation", ["agreed", "confirming"]),
    ("mediation:agreement", ["village", "agreed"]),
    ("api-dispute-agreements", ["village", "agreed"]),
    ("mediation:follow_up", ["fulfilling"]),
    ("api-dispute-follow-ups", ["fulfilling"]),
    ("court:", ["court", "confirming"]),
    ("disputes:attachment", ["village"]),
]
# The administrator reads (GET) the dispute page of every dispute of the walk, in every state, with
# every action offered; other pages take one in-scope object each (the first the page prefers, or a
# different one for each user and page).
EVERY_STATE = {"disputes:detail"}
# What reading an object in the user's scope answers: the walk sees the pages at work, not a wall of 404s.
READS = {
    "disputes:detail": 200,
    "disputes:dispute_detail": 302,
    "mediation:records": 200,
    "mediation:agreement": 200,
    "alerts:detail": 200,
    "notifications:open": 302,
    "api-dispute": 200,
    "supervision:suggestion": 200,
    "supervision:decision": 200,
    "supervision:meeting": 200,
}
MISSING_CODE, MISSING_PK = "LZ-1999-999999", 2_147_483_000
UNKNOWN_STEP = "no-such-step"


def unfillable(route: Route) -> list[str]:
    """The arguments of a pattern the walk cannot fill (then this module must learn the page)."""
    if route.name in FIXED_KWARGS:
        return sorted(set(route.kwargs) - set(FIXED_KWARGS[route.name]))
    known = {"code", "name"} if "code" in route.kwargs else set()  # a step is always a dispute's
    known |= {"pk"} if route.name in PK_OF else set()
    return sorted(set(route.kwargs) - known)


# -- the data ---------------------------------------------------------------------------------------------

# Compound family names: no other text of a page contains these, so finding one is finding a party.
FAMILIES = ["司马", "欧阳", "上官", "诸葛", "皇甫", "东方", "慕容", "令狐", "公孙", "长孙", "宇文"]
GIVEN = ["文涛", "春燕", "志明", "秀兰"]
PARTY_NAMES = iter(f"{family}{given}" for family in FAMILIES for given in GIVEN)
# What an answer must not show, found in one pass: dispute codes, ID numbers, mobiles, the parties' names.
TOKENS = re.compile(
    r"LZ-\d{4}-\d{6}|(?<!\d)\d{17}[\dX](?!\d)|(?<!\d)1\d{10}(?!\d)"
    rf"|(?:{'|'.join(FAMILIES)})(?:{'|'.join(GIVEN)})"
)


def parties(count: int = 2, *, first: dict | None = None) -> list[dict]:
    """Parties with valid ID and mobile numbers and names found nowhere else; `first` leads them."""
    rows = [
        PartyDataFactory(role="applicant" if i == 0 else "respondent", name=next(PARTY_NAMES))
        for i in range(count)
    ]
    if first is not None:
        rows[0] = dict(first)
    return rows


@dataclass
class World:
    """The walk's data: disputes by key, and the objects the URLs name."""

    disputes: dict[str, Dispute]
    agreements: list[Agreement]
    attachments: list[Attachment]
    rooms: list[MediationRoom]
    warnings: list[Warning]
    notifications: list[Notification]
    referrals: list[Referral]
    exports: list[ExportJob] = field(default_factory=list)
    congress_reports: list[CongressReport] = field(default_factory=list)
    congress_activities: list[CongressActivity] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    decisions: list[MajorDecision] = field(default_factory=list)
    meetings: list[JointMeeting] = field(default_factory=list)
    tasks: list[JointMeetingTask] = field(default_factory=list)
    suggestion_documents: list[SuggestionDocument] = field(default_factory=list)
    clients: dict[str, Client] = field(default_factory=dict)
    candidates: dict[Route, list] = field(default_factory=dict)  # the URLs of each pattern, built once
    steps: dict[str, list[str]] = field(default_factory=dict)  # transitions legal from each code's state

    def key_of(self, dispute_pk: int) -> str:
        return next(key for key, d in self.disputes.items() if d.pk == dispute_pk)


def _users() -> dict:
    return {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}


def _warning_rules() -> None:
    """The shipped rules (a flushing test elsewhere may have removed the data migration's rows)."""
    defaults = importlib.import_module("alerts.migrations.0002_default_rules_and_cursor")
    for code, kind, level, joint_meeting, thresholds in defaults.DEFAULT_RULES:
        WarningRule.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "level": level, "notify_joint_meeting": joint_meeting, **thresholds},
        )


def _session(dispute, user, *, room=None):
    return session_log(
        dispute_id=dispute.pk,
        user=user,
        data={
            "held_at": timezone.now(),
            "room": room,
            "place": room.name if room else "村委会",
            "attendees": "双方当事人",
            "minutes": "双方陈述各自意见。",
            "result": "continuing",
        },
    )


def build_world() -> World:
    """Disputes held by a village committee, a town committee and the court, referred to the police with
    a whistle, agreed, in confirmation, performed, petitioned and closed; warnings (a violent word, a
    party in disputes of two towns, a cluster the joint meeting was told of); notifications."""
    _warning_rules()
    u = _users()
    repeat = PartyDataFactory(role="applicant", name=next(PARTY_NAMES))  # in two towns' disputes
    village = village_dispute(
        u, "mediating", parties=parties(first=repeat), description="对方扬言要同归于尽，双方多次争吵。"
    )
    xinhua = register_dispute(user=u["mediator_xinhua"], region_code=DAZHAI, parties=parties(first=repeat))
    xinhua = transition(xinhua, "start_mediation", user=u["mediator_xinhua"])
    _session(xinhua, u["mediator_xinhua"], room=MediationRoom.objects.get(body__code="xinhua-committee"))
    cluster = [
        register_dispute(user=u["mediator_xinhua"], region_code=DAZHAI, parties=parties()) for _ in "ab"
    ]
    court = village_dispute(u, "court_referred", parties=parties())
    referred = village_dispute(u, "referred", parties=parties(3))  # the whistle: labour leads, police helps
    agreed = village_dispute(u, "agreed", parties=parties())
    confirming = village_dispute(u, "confirming", parties=parties())
    fulfilling = village_dispute(u, "fulfilling", parties=parties())
    follow_up_record(
        dispute_id=fulfilling.pk,
        user=u["mediator_dongzhai"],
        data={"visited_at": timezone.now(), "performed": True, "note": "已按期履行"},
    )
    petition = register_dispute(user=None, region_code=LIAOQUAN, parties=parties())
    petition = transition(
        petition,
        "refer",
        user=u["centre"],
        bodies=[Body.objects.get(code="petitions-bureau").pk],
        route="petition",
        note="信访事项",
    )
    closed = village_dispute(u, "closed", parties=parties())
    # Reported by 东寨村's grid worker, escalated to the village committee and on to 沙河镇's.
    escalated = dispute_in_state(
        "mediating", reporter=u["grid_dongzhai"], actor=u["grid_dongzhai"], parties=parties()
    )
    escalated = transition(escalated, "escalate", user=u["grid_dongzhai"])
    escalated = transition(escalated, "escalate", user=u["mediator_dongzhai"])
    disputes_services.attachment_add(
        dispute_id=village.pk,
        user=u["mediator_dongzhai"],
        upload=SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
    )
    disputes = {
        "village": village,
        "xinhua": xinhua,
        "xinhua_b": cluster[0],
        "xinhua_c": cluster[1],
        "court": court,
        "referred": referred,
        "agreed": agreed,
        "confirming": confirming,
        "fulfilling": fulfilling,
        "petition": petition,
        "closed": closed,
        "escalated": escalated,
    }
    for dispute in disputes.values():
        alerts_services.warnings_evaluate_dispute(dispute_id=dispute.pk)
    for event_id in DisputeEvent.objects.order_by("pk").values_list("pk", flat=True):
        notifications_services.notify_for_event(event_id=event_id)
    # Everyone has a notification of their own, about a dispute they may open.
    for user in u.values():
        about = Dispute.objects.restrict(user).filter(pk__in=[d.pk for d in disputes.values()]).first()
        notifications_services.notify_users(
            notices={
                user.pk: notifications_services.Notice(
                    NotificationKind.INBOX_ARRIVAL,
                    {"code": about.code, "title": about.title, "action": "register", "channel": "online"},
                    dispute_id=about.pk,
                )
            },
            source_key=f"walk:{user.pk}",
        )
    disputes = {key: Dispute.objects.get(pk=d.pk) for key, d in disputes.items()}
    pks = [d.pk for d in disputes.values()]
    world = World(
        disputes=disputes,
        agreements=list(Agreement.objects.filter(dispute__in=pks).order_by("pk")),
        attachments=list(Attachment.objects.filter(dispute__in=pks).order_by("pk")),
        rooms=list(MediationRoom.objects.filter(body__code__in=["xinhua-committee", "county-centre"])[:2]),
        warnings=list(Warning.objects.order_by("pk")),
        notifications=list(Notification.objects.order_by("pk")),
        referrals=list(Referral.objects.filter(dispute__in=pks).order_by("pk")),
    )
    _congress_and_exports(world, u)
    _suggestions(world, u)
    _check_the_world(world)
    return world


def _congress_and_exports(world: World, u: dict) -> None:
    """An export of the leader's, a report filed with the standing committee and an inspection asking
    something of the Shahe police station (recorded by the administrator: no demo account sits in the
    standing committee)."""
    from dashboards.congress import services as congress_services
    from dashboards.exports import services as export_services
    from dashboards.indicators import scope_default

    scope = scope_default(u["leader"])
    job = export_services.export_start(
        user=u["leader"],
        region=scope.region,
        start=scope.start,
        end=scope.end,
        label=scope.label,
        language="zh-hans",
    )
    Path(export_services.export_write_now(job=job)).unlink()
    world.exports = [job]
    admin = u[ADMIN]
    world.congress_reports = [
        congress_services.report_upload(
            user=admin,
            body=Body.objects.get(code="county-court"),
            title="法院诉源治理工作报告",
            scope=scope,
            upload=SimpleUploadedFile("报告.pdf", b"%PDF-1.4", content_type="application/pdf"),
        )
    ]
    world.congress_activities = [
        congress_services.activity_record(
            user=admin,
            kind="inspection",
            title="诉源治理执法检查",
            held_on=scope.start,
            findings="部分派出所调解台账不全。",
            bodies=[Body.objects.get(code="shahe-police")],
            asked="补齐调解台账",
            due_on=scope.end,
        )
    ]


def _suggestions(world: World, u: dict) -> None:
    """A judicial suggestion issued to the Shahe police station citing the court's dispute, and the
    court's draft of another (which only the court reads)."""
    from supervision import services as supervision_services

    police = Body.objects.get(code="shahe-police")
    sent = supervision_services.suggestion_draft(
        user=u["court_clerk"],
        data={
            "recipient": police,
            "title": "治安调解台账",
            "problem": "台账不全",
            "suggestion": "补齐台账",
            "disputes": [world.disputes["court"]],
        },
    )
    supervision_services.suggestion_issue(suggestion_id=sent.pk, user=u["court_clerk"])
    draft = supervision_services.suggestion_draft(
        user=u["court_clerk"],
        data={"recipient": police, "title": "草稿", "problem": "草稿", "suggestion": "草稿"},
    )
    replied = supervision_services.suggestion_draft(
        user=u["court_clerk"],
        data={"recipient": police, "title": "已答复", "problem": "问题", "suggestion": "建议"},
    )
    supervision_services.suggestion_issue(suggestion_id=replied.pk, user=u["court_clerk"])
    supervision_services.suggestion_reply(
        suggestion_id=replied.pk, user=u["police_shahe"], reply="已整改",
        documents=[SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4", content_type="application/pdf")],
    )  # fmt: skip
    world.suggestions = [Suggestion.objects.get(pk=sent.pk), draft, Suggestion.objects.get(pk=replied.pk)]
    world.suggestion_documents = list(SuggestionDocument.objects.filter(suggestion=replied))
    # A major decision of the labour department assessed high; a joint meeting alert raised by the
    # petitions bureau, held, with a task for the Shahe police station.
    from agencies.models import Region

    decision = supervision_services.decision_register(
        user=u["labour_dept"], department=Body.objects.get(code="labour-dept"),
        region=Region.objects.get(code="620723101"), kind="project", title="工业园项目", description="项目",
    )  # fmt: skip
    supervision_services.decision_assess(
        decision_id=decision.pk, user=u["labour_dept"], consultations="座谈", risks="补偿", level="high"
    )
    world.decisions = [decision]
    meeting = supervision_services.meeting_raise(
        user=u["petitions"], title="集体讨薪", reason="上访", region=Region.objects.get(code="620723101"),
        disputes=[world.disputes["xinhua"].pk],
    )  # fmt: skip
    supervision_services.meeting_schedule(
        meeting_id=meeting.pk, user=u["petitions"], meeting_at=timezone.now(), place="县综治中心"
    )
    supervision_services.meeting_hold(
        meeting_id=meeting.pk, user=u["petitions"], decisions="分工",
        attendee_ids=[Body.objects.get(code="petitions-bureau").pk],
    )  # fmt: skip
    task = supervision_services.meeting_task_assign(
        meeting_id=meeting.pk, user=u["petitions"], body=Body.objects.get(code="shahe-police"),
        description="排查", due_at=timezone.now() + datetime.timedelta(days=3),
    )  # fmt: skip
    world.meetings, world.tasks = [JointMeeting.objects.get(pk=meeting.pk)], [task]


def _check_the_world(world: World) -> None:
    """The walk is only as good as its data: each kind of object is there, held where it should be."""
    holders = {key: d.holder.code for key, d in world.disputes.items()}
    assert holders["village"] == "shahe-dongzhai-committee", holders
    assert holders["xinhua"] == "xinhua-committee", holders
    assert holders["court"] == "county-court", holders
    assert holders["escalated"] == "shahe-committee", holders
    assert {r.body.code for r in world.referrals if r.dispute_id == world.disputes["referred"].pk} == {
        "labour-dept",
        "shahe-police",
    }
    assert world.agreements and world.attachments and world.rooms
    kinds = {w.kind for w in world.warnings}
    assert {"violence_words", "repeat_party", "cluster"} <= kinds, kinds
    recipients = {n.recipient.username for n in world.notifications}
    assert recipients >= set(ROLES), set(ROLES) - recipients


class _HtmlAsPdf:
    """Stands in for WeasyPrint's HTML: the document's HTML, rendered from the page's context by the
    template, is the answer. Laying it out costs a second a page (tests/mediation/test_documents.py
    checks the real PDFs); here the template must render, and its text must be searchable."""

    def __init__(self, *, string: str, base_url: str = ""):
        self.string = string

    def write_pdf(self) -> bytes:
        return self.string.encode()


@pytest.fixture(scope="module", autouse=True)
def _quick(world):
    """Pages that wait on something else than the question asked here: the PDF layout, and /healthz's
    ping of the Celery workers (a second when none answers; tests/linze/test_healthz.py asks it)."""
    import weasyprint

    from linze import health

    with pytest.MonkeyPatch.context() as patch:
        # Thousands of expected 404s and 405s: only server errors are worth a line of the log here.
        patch.setattr(logging.getLogger("django.request"), "level", logging.ERROR)
        patch.setattr(weasyprint, "HTML", _HtmlAsPdf)
        patch.setattr(health, "check_worker", lambda timeout=1.0: (False, "not asked by this walk"))
        yield


@pytest.fixture(scope="module")
def world(linze, django_db_blocker, tmp_path_factory) -> World:  # noqa: F811
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            world = build_world()
            users = _users()
            for username in VISITORS:
                client = Client(raise_request_exception=False, headers={"accept-language": "zh-hans"})
                if username != ANONYMOUS:
                    client.force_login(users[username])
                world.clients[username] = client
        yield world


# -- who may see what (the oracle: the doors themselves) ----------------------------------------------------


@dataclass
class Scope:
    username: str
    user: object
    visible: dict[str, set[int]]  # kind of object → ids the user may read
    hidden: dict[str, str]  # text of disputes outside the scope, never to be shown → what it is
    masked: dict[str, str]  # personal data the user reads masked (DESIGN.md §5) → what it is
    revealable: set[str]  # codes of disputes whose parties the user may unmask on purpose (and logged)
    read_only: bool  # leaders, the People's Congress: they change nothing and read everything masked

    def sees(self, kind: str, pk: int) -> bool:
        return pk in self.visible.get(kind, set())


def _personal(party) -> list[tuple[str, str]]:
    return [(party.id_number, "ID number"), (party.phone, "mobile"), (party.name, "name")]


def _scope(world: World, username: str) -> Scope:
    if username == ANONYMOUS:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    else:
        user = get_user_model().objects.get(username=username)
    all_pks = [d.pk for d in world.disputes.values()]
    disputes = set(Dispute.objects.restrict(user).filter(pk__in=all_pks).values_list("pk", flat=True))
    visible = {
        "dispute": disputes,
        "agreement": {a.pk for a in world.agreements if a.dispute_id in disputes},
        "attachment": {a.pk for a in world.attachments if a.dispute_id in disputes},
        "room": {r.pk for r in world.rooms} if user.is_authenticated else set(),
        "notification": {n.pk for n in world.notifications if n.recipient_id == user.pk},
        "referral": set(),
        "warning": set(),
        "export": {j.pk for j in world.exports if j.user_id == user.pk},
        "congress_report": set(),
        "congress_activity": set(),
        "suggestion": set(),
        "decision": set(),
        "meeting": set(),
        "task": set(),
        "suggestion_document": set(),
    }
    if user.is_authenticated:
        visible["suggestion"] = set(Suggestion.objects.restrict(user).values_list("pk", flat=True))
        visible["decision"] = set(MajorDecision.objects.restrict(user).values_list("pk", flat=True))
        visible["meeting"] = set(JointMeeting.objects.restrict(user).values_list("pk", flat=True))
        visible["task"] = {t.pk for t in world.tasks if t.meeting_id in visible["meeting"]}
        visible["suggestion_document"] = {
            d.pk for d in world.suggestion_documents if d.suggestion_id in visible["suggestion"]
        }
        scope = warning_scope(user)
        warnings = Warning.objects.all() if scope is None else Warning.objects.filter(scope)
        visible["warning"] = set(warnings.values_list("pk", flat=True))
        visible["referral"] = {
            r.pk for r in world.referrals if user.is_superuser or r.body_id in acting_body_ids(user)
        }
        visible["congress_report"] = set(
            congress_selectors.report_list(user=user).values_list("pk", flat=True)
        )
        visible["congress_activity"] = set(
            congress_selectors.activity_list(user=user).values_list("pk", flat=True)
        )
    # One person may be a party to several disputes: what the user reads unmasked somewhere is no leak.
    unmasked, hidden, masked, revealable = set(), {}, {}, set()
    for dispute in world.disputes.values():
        if dispute.pk in disputes and sees_personal_data(user, holder_id=dispute.holder_id):
            unmasked |= {value for party in dispute.parties.all() for value, _what in _personal(party)}
    for key, dispute in world.disputes.items():
        if dispute.pk not in disputes:
            hidden[dispute.code] = f"the code of {key}, a dispute outside the scope"
        elif personal_data_may_reveal(user, holder_id=dispute.holder_id):
            revealable.add(dispute.code)
        into = masked if dispute.pk in disputes else hidden
        for party in dispute.parties.all():
            for value, what in _personal(party):
                if value and value not in unmasked:
                    into[value] = f"the unmasked {what} of a party to {key}"
    read_only = user.is_authenticated and is_read_only(user)
    return Scope(username, user, visible, hidden, masked, revealable, read_only)


# -- the URLs of a pattern for a user ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    kwargs: dict
    objects: tuple[tuple[str, int], ...] = ()  # (kind, id) of every object the URL names
    matched: bool = True  # False: the objects do not belong together (an agreement of another dispute)
    label: str = ""
    methods: tuple[str, ...] = ("get", "post")

    def in_scope(self, scope: Scope) -> bool:
        return self.matched and all(scope.sees(kind, pk) for kind, pk in self.objects)


def _preferred_order(world: World, route: Route) -> list[Dispute]:
    keys = list(world.disputes)
    for prefix, first in PREFERRED:
        if (route.name or "").startswith(prefix):
            keys = first + [k for k in keys if k not in first]
            break
    return [world.disputes[k] for k in keys]


def _legal_steps(dispute) -> list[str]:
    return sorted(name for name in TRANSITIONS if can_proceed(getattr(dispute, name), check_conditions=False))


def _object_cases(world: World, route: Route, kind: str) -> list[Case]:
    """A case per object of this kind (with the code of its dispute when the URL has one)."""
    objects = {
        "dispute": [(d.pk, d.pk) for d in _preferred_order(world, route)],
        "agreement": [(a.pk, a.dispute_id) for a in world.agreements],
        "attachment": [(a.pk, a.dispute_id) for a in world.attachments],
        "room": [(r.pk, None) for r in world.rooms],
        "warning": [(w.pk, None) for w in world.warnings],
        "notification": [(n.pk, None) for n in world.notifications],
        "referral": [(r.pk, r.dispute_id) for r in world.referrals],
        "export": [(j.pk, None) for j in world.exports],
        "congress_report": [(r.pk, None) for r in world.congress_reports],
        "congress_activity": [(a.pk, None) for a in world.congress_activities],
        "suggestion": [(x.pk, None) for x in world.suggestions],
        "decision": [(x.pk, None) for x in world.decisions],
        "meeting": [(x.pk, None) for x in world.meetings],
        "task": [(x.pk, None) for x in world.tasks],
        "suggestion_document": [(x.pk, None) for x in world.suggestion_documents],
    }[kind]
    codes = dict(Dispute.objects.filter(pk__in=[d for _pk, d in objects if d]).values_list("pk", "code"))
    cases = []
    for pk, dispute_pk in objects:
        kwargs, named = {}, []
        if "code" in route.kwargs:
            kwargs["code"] = codes[dispute_pk]
            named.append(("dispute", dispute_pk))
        if "pk" in route.kwargs:
            kwargs["pk"] = pk
        if kind != "dispute" or "code" not in route.kwargs:
            named.append((kind, pk))
        label = world.key_of(pk) if kind == "dispute" else f"{kind} {pk}"
        if dispute_pk and kind != "dispute":
            label += f" of {world.key_of(dispute_pk)}"
        cases.append(Case(kwargs, tuple(named), label=label))
    return cases


def cases_for(world: World, route: Route, scope: Scope) -> list[Case]:
    """The URLs of a pattern for a user: in scope, out of scope, missing, and mismatched pairs."""
    if not route.kwargs:
        return [Case({}, label="")]
    if route.name in FIXED_KWARGS:
        return [Case(dict(FIXED_KWARGS[route.name]), label="fixed")]
    kind = PK_OF.get(route.name, "dispute" if "code" in route.kwargs else None)
    if route not in world.candidates:
        world.candidates[route] = _object_cases(world, route, kind)
    candidates = world.candidates[route]
    if not scope.user.is_authenticated:
        chosen = candidates[:1]
    else:
        inside = [c for c in candidates if c.in_scope(scope)]
        outside = [c for c in candidates if not c.in_scope(scope)]
        if inside and not any((route.name or "").startswith(prefix) for prefix, _keys in PREFERRED):
            turn = (VISITORS.index(scope.username) + ROUTES.index(route)) % len(inside)
            inside = inside[turn:] + inside[:turn]
        chosen = inside[:1]
        if route.name in EVERY_STATE and scope.user.is_superuser:
            chosen += [dataclasses.replace(case, methods=("get",)) for case in inside[1:]]
        chosen += outside[:1]
        if not outside:
            missing = {"code": MISSING_CODE} if "code" in route.kwargs else {}
            if "pk" in route.kwargs:
                missing["pk"] = MISSING_PK
            chosen.append(Case(missing, (("missing", 0),), label="missing"))
        if "code" in route.kwargs and "pk" in route.kwargs:
            chosen += _mismatched(world, route, scope, candidates)
    if "name" in route.kwargs:
        chosen = _with_steps(world, route, chosen, scope)
    return chosen


def _mismatched(world: World, route: Route, scope: Scope, candidates: list[Case]) -> list[Case]:
    """A visible dispute's code with the id of an object of another dispute (invisible, if there is one)."""
    visible_codes = [d for d in world.disputes.values() if scope.sees("dispute", d.pk)]
    if not visible_codes:
        return []
    others = sorted(candidates, key=lambda c: c.in_scope(scope))  # out of scope first
    for case in others:
        dispute_pk = case.objects[0][1]
        host = next((d for d in visible_codes if d.pk != dispute_pk), None)
        if host is not None:
            return [
                Case(
                    {**case.kwargs, "code": host.code},
                    (("dispute", host.pk), *case.objects[1:]),
                    matched=False,
                    label=f"{case.label} under {world.key_of(host.pk)}",
                )
            ]
    return []


def _with_steps(world: World, route: Route, cases: list[Case], scope: Scope) -> list[Case]:
    """For a URL naming a transition: every step legal from the dispute's state, and an unknown one,
    on the first in-scope dispute (the API, whose answers differ only in form, one step); one step on
    the others."""
    expanded, walked = [], False
    for case in cases:
        code = case.kwargs.get("code")
        if code not in world.steps:
            dispute = Dispute.objects.filter(code=code).first()
            world.steps[code] = _legal_steps(dispute) if dispute else ["withdraw"]
        steps = world.steps[code]
        if case.in_scope(scope) and not walked:
            walked = True
            names = [*(steps if route.name.startswith(("disputes:", "court:")) else steps[:1]), UNKNOWN_STEP]
        else:
            names = steps[:1]
        expanded += [dataclasses.replace(case, kwargs={**case.kwargs, "name": name}) for name in names]
    return expanded


# -- asking and judging ------------------------------------------------------------------------------------


def fetch(client: Client, method: str, url: str):
    """One request, a POST in a savepoint rolled back after it (an empty POST may make a transition that
    needs no input: the next request starts from the same data), with the client's cookies put back (a
    logout, a language switch or a message leaves nothing behind). What a GET writes (an audit row, a
    notification marked read) goes with the test's own transaction."""
    cookies = copy.deepcopy(client.cookies)
    try:
        if method == "get":
            return client.get(url)
        with transaction.atomic():
            response = client.post(url)
            transaction.set_rollback(True)
        return response
    finally:
        client.cookies = cookies


def _exception(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    frames = traceback.extract_tb(exc_info[2])
    where = next(
        (f for f in reversed(frames) if "/work/main/" in f.filename and ".venv" not in f.filename), None
    )
    place = f" at {where.filename.split('/work/main/')[-1]}:{where.lineno}" if where else ""
    return f"{exc_info[0].__name__}: {exc_info[1]}{place}"


def _text(response) -> str:
    if response.get("Content-Type", "").startswith(("image/", "application/octet")):
        return ""
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode(errors="replace")


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def judge(route: Route, case: Case, method: str, url: str, response, scope: Scope) -> list[str]:
    problems = []
    status = response.status_code
    where = f"{method.upper()} {url} [{case.label or 'page'}]"
    if status == 500 or getattr(response, "exc_info", None):
        problems.append(f"{where}: {status} {_exception(response)}")
        return problems
    api = url.startswith("/api/")
    if not scope.user.is_authenticated:
        sent_to_log_in = _is_login_redirect(response) or status == 405 or (api and status in (401, 403))
        if route.name not in PUBLIC and not sent_to_log_in:
            problems.append(f"{where}: {status} to an anonymous visitor (expected the login page)")
    elif not case.in_scope(scope) and status not in (404, 405):
        problems.append(f"{where}: {status} for an object outside the scope (expected 404)")
    elif case.in_scope(scope) and method == "get" and status != READS.get(route.name, status):
        problems.append(f"{where}: {status} for an object in the scope (expected {READS[route.name]})")
    shown = set(TOKENS.findall(_text(response) + " " + response.get("Location", "")))
    for text in sorted(shown & scope.hidden.keys()):
        if text not in url:  # what the URL says, the 404 page may say back
            problems.append(f"{where}: {status} shows {scope.hidden[text]}, outside the scope ({text})")
    # Masked stays masked: on what the user reads, and on everything a read-only user (the leader) gets;
    # a POST may make the user's body the holder (reporting in on a referral), and the holder reads all.
    # Unmasking on purpose is the reveal page's job, for those who may.
    revealing = route.name == "disputes:reveal_parties" and case.kwargs.get("code") in scope.revealable
    if (method == "get" or scope.read_only) and not revealing:
        for text in sorted(shown & scope.masked.keys()):
            problems.append(f"{where}: {status} shows {scope.masked[text]}, to be masked ({text})")
    return problems


def _params():
    return [
        pytest.param(username, route, id=f"{username}-{route}") for username in VISITORS for route in ROUTES
    ]


@pytest.fixture(scope="module")
def scopes(world, django_db_blocker) -> dict[str, Scope]:
    with django_db_blocker.unblock():
        return {username: _scope(world, username) for username in VISITORS}


@pytest.mark.parametrize("username,route", _params())
def test_every_url(username, route, world, scopes):
    assert route.name is not None, f"{route.route} has no name: give it one so that it can be reversed"
    assert not unfillable(route), (
        f"{route} takes {unfillable(route)}, which this walk cannot fill: teach it (PK_OF, FIXED_KWARGS)"
    )
    scope, client = scopes[username], world.clients[username]
    problems, asked, refused = [], 0, set()
    for case in cases_for(world, route, scope):
        url = reverse(route.name, kwargs=case.kwargs)
        for method in case.methods:
            if method in refused:  # a method the view does not take: the same 405 for every object
                continue
            response = fetch(client, method, url)
            asked += 1
            problems += judge(route, case, method, url, response, scope)
            if response.status_code == 405:
                refused.add(method)
    assert asked
    assert not problems, f"{len(problems)} problem(s) as {username}:\n" + "\n".join(problems)


def test_the_walk_covers_every_pattern_but_the_admin_and_static_files():
    names = [route.name for route in ROUTES]
    assert len(names) == len(set(names)), "two patterns share a name"
    assert {"disputes:detail", "mediation:agreement", "api-dispute", "alerts:detail"} <= set(names)
    assert not any(name.startswith("admin:") for name in names if name)
    assert [str(r) for r in ROUTES if unfillable(r) or r.name is None] == []


@pytest.mark.parametrize("username", [role for role in VISITORS if role != ADMIN])
def test_the_admin_site_is_for_staff_only(username, world):
    response = fetch(world.clients[username], "get", reverse("admin:index"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login")), response["Location"]
    listing = reverse("admin:disputes_dispute_changelist")
    assert fetch(world.clients[username], "get", listing).status_code in (302, 403)


def test_the_admin_site_opens_for_the_administrator(world):
    assert fetch(world.clients[ADMIN], "get", reverse("admin:index")).status_code == 200


def test_the_walk_would_see_a_leak(world, scopes):
    """The checks are only as good as what they look for: each finds what it is there to find."""
    from django.http import HttpResponse

    detail = next(route for route in ROUTES if route.name == "disputes:detail")
    village = world.disputes["village"]
    case = Case({"code": village.code}, (("dispute", village.pk),))
    leader, xinhua = scopes["leader"], scopes["mediator_xinhua"]
    assert leader.read_only and not leader.hidden and len(leader.masked) >= 3 * len(world.disputes)
    id_number = next(text for text, what in leader.masked.items() if "ID number" in what)
    assert judge(detail, case, "get", "/", HttpResponse(f"<td>{id_number}</td>"), leader)
    assert judge(detail, case, "get", "/", HttpResponse(f"<td>{village.code}</td>"), xinhua)
    assert not judge(detail, case, "get", "/", HttpResponse(status=404), xinhua)
    assert judge(detail, case, "get", "/", HttpResponse(status=200), xinhua)  # outside: must be 404
    broken = HttpResponse(status=500)
    assert judge(detail, case, "get", "/", broken, scopes[ADMIN])
    assert scopes["police_shahe"].masked and scopes["mediator_dongzhai"].masked  # called in; held before
