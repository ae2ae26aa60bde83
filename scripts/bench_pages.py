#!/usr/bin/env python
"""Benchmark of the pages and the API under gunicorn. Not a test: its numbers depend on the machine.

Seeds N disputes into a database of its own (`linze_pages_bench`, created and migrated when missing,
with Linze's reference data, the demo accounts and a `bench_<code>` member for every other body) with
COPY into bare tables, indexed once at the end: most closed, the open ones spread over the states, each
with its parties, its timeline, its referrals and the grant rows `dispute_grants_sync` writes, over
every village of Linze and three years. A column the Dispute model gains needs its value function in
DISPUTE_VALUES; the seeder refuses to start without one for a NOT NULL column.

Then starts `gunicorn linze.wsgi -w 2` on it and times the requests of the issue's table one at a time,
in rounds (every request once per round, so that a busy minute on a shared machine falls on all of them
alike), each against the cheapest authenticated request (the floor), with the number of SQL queries the
same request makes in-process; and `assess` transitions through the API, as a rate.

    python scripts/bench_pages.py --n 100000
    python scripts/bench_pages.py --n 1000000 --requests 50 --json artifacts/pages-1m.json

Running it again with the same --n reuses the seeded data (--reseed seeds again). --in-place seeds into
the configured database as it is, without creating or migrating anything, and --client times the
requests in-process through django.test.Client instead of gunicorn (the smoke test uses both).
"""

import argparse
import bisect
import contextlib
import io
import json
import os
import queue
import random
import re
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from operator import attrgetter, itemgetter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import benchlib  # noqa: E402

BATCH = 20_000
CLOSED_SHARE = 0.8
OVERDUE_SHARE = 0.1  # of the open disputes
YEARS = 3
LOCAL = timedelta(hours=8)  # Asia/Shanghai, for the year of a dispute's code
SHAHE, DONGZHAI, XINHUA, COUNTY = "620723101", "620723101201", "620723102", "620723"
SEEDED_TABLES = [
    "disputes_dispute",
    "disputes_party",
    "disputes_disputeevent",
    "agencies_referral",
    "disputes_disputegroupobjectpermission",
]


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="disputes to seed (100000, 1000000)")
    parser.add_argument("--database", default="linze_pages_bench", help="name of the benchmark database")
    parser.add_argument("--reseed", action="store_true", help="seed again even if N disputes are there")
    parser.add_argument("--in-place", action="store_true", help="use the configured database as it is")
    parser.add_argument("--client", action="store_true", help="time in-process (django.test.Client)")
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop")
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--requests", type=int, default=30, help="timed requests of each kind (30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests before them (3)")
    parser.add_argument("--transitions", type=int, default=100, help="assess transitions timed (100)")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated words: time only the requests whose name holds one (the floor always; "
        "'transitions' for the assess rate); the report is then printed, not written",
    )
    parser.add_argument("--json", default=None, help="report path (artifacts/bench_pages-<n>.json)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.json is None:
        args.json = str(ROOT / "artifacts" / f"bench_pages-{args.n}.json")
    return args


# -- what disputes are about --------------------------------------------------------------------------------

TITLES = {
    "labour": [
        "工资拖欠纠纷",
        "拖欠农民工工资纠纷",
        "劳务报酬纠纷",
        "工伤赔偿纠纷",
        "解除劳动合同经济补偿纠纷",
        "加班费纠纷",
    ],
    "housing-homestead": [
        "宅基地界址纠纷",
        "宅基地使用权纠纷",
        "房屋买卖纠纷",
        "建房遮挡采光纠纷",
        "房屋租赁纠纷",
    ],
    "land-contract": ["土地承包经营权纠纷", "土地流转租金纠纷", "承包地界址纠纷", "灌溉用水纠纷"],
    "neighbour": ["邻里噪音纠纷", "相邻排水纠纷", "巷道通行纠纷", "养殖异味纠纷", "宅旁树木遮挡纠纷"],
    "traffic": ["交通事故赔偿纠纷", "电动车碰撞赔偿纠纷", "农用车交通事故赔偿纠纷"],
    "marriage-family": ["婚姻家庭纠纷", "赡养纠纷", "离婚纠纷", "抚养费纠纷", "继承纠纷", "彩礼返还纠纷"],
    "property-management": ["物业费纠纷", "物业服务质量纠纷", "小区停车位纠纷", "电梯维修费用分摊纠纷"],
    "contract": ["民间借贷纠纷", "借款合同纠纷", "买卖合同纠纷", "农资赊销货款纠纷"],
    "damages": ["人身损害赔偿纠纷", "牲畜损害赔偿纠纷", "财产损害赔偿纠纷", "犬只伤人赔偿纠纷"],
    "consumer": ["消费纠纷", "农资质量纠纷", "网购退货纠纷", "预付卡退费纠纷"],
    "medical": ["医疗纠纷", "诊疗费用纠纷"],
    "forest-land": ["林地权属纠纷", "防护林采伐纠纷", "草场界址纠纷"],
    "requisition": ["征地补偿款纠纷", "拆迁安置纠纷"],
    "pollution": ["养殖污染纠纷", "噪声污染纠纷", "粉尘污染纠纷"],
    "village-affairs": ["村务公开纠纷", "集体收益分配纠纷", "低保评定纠纷"],
    "business": ["合伙经营纠纷", "农产品收购货款纠纷", "承揽合同纠纷"],
    "other": ["其他民间纠纷"],
}
STORIES = {
    "labour": "{b}承包的工程完工后，拖欠{a}等{n}名工人工资共计{amount}元，多次讨要未果",
    "housing-homestead": "{a}与邻居{b}因宅基地界址不清发生争执，{b}新建院墙占用{a}家宅基地约{m}平方米",
    "land-contract": "{a}将承包地流转给{b}经营，{b}拖欠两年土地流转租金{amount}元",
    "neighbour": "{a}与{b}两家相邻，{b}家长期深夜施工、养殖，影响{a}一家生活，双方多次争吵",
    "traffic": "{b}驾驶电动三轮车与{a}发生碰撞，{a}受伤住院，双方对医疗费、误工费{amount}元的赔偿争执不下",
    "marriage-family": "{a}与{b}因家庭财产分割和老人赡养问题产生矛盾，{a}请求村调委会调解",
    "property-management": "{b}以服务不到位为由拒交物业费{amount}元，{a}多次催缴未果",
    "contract": "{b}向{a}借款{amount}元，约定一年内归还，到期后{b}以资金困难为由拒不还款",
    "damages": "{b}家饲养的牲畜毁坏{a}家庄稼，造成损失约{amount}元，双方对赔偿数额争执不下",
    "consumer": "{a}从{b}处购买的种子、化肥存在质量问题，导致减产，要求赔偿损失{amount}元",
    "medical": "{a}在{b}处就诊后病情加重，认为诊疗存在过错，要求赔偿{amount}元",
    "forest-land": "{a}与{b}对一片防护林地的权属各执一词，{b}擅自采伐林木{n}棵",
    "requisition": "{a}对征地补偿款{amount}元的分配方案有异议，与{b}多次发生争执",
    "pollution": "{b}经营的养殖场粪污直排，污染{a}家农田和水井，{a}要求停止侵害并赔偿",
    "village-affairs": "{a}认为村集体收益分配不公，要求{b}公开账目并补发{amount}元",
    "business": "{a}与{b}合伙经营农产品收购，散伙时对{amount}元货款的分配发生争议",
    "other": "{a}与{b}因琐事发生口角，矛盾有激化倾向",
}
ORGANISATIONS = {
    "labour": ["临泽县{t}建筑工程有限公司", "张掖市{t}劳务有限公司"],
    "property-management": ["临泽县{t}物业服务有限公司"],
    "consumer": ["{t}农资经营部", "临泽县{t}种业有限公司"],
    "medical": ["{t}卫生院"],
    "business": ["临泽县{t}农产品专业合作社"],
}
CHANNEL_OF_INTAKE = {
    "grid": ["grid_patrol"],
    "village": ["walk_in", "walk_in", "walk_in", "hotline"],
    "town": ["walk_in", "hotline", "court_diversion"],
    "county": ["hotline", "online", "petition", "police_transfer", "walk_in"],
}
RISKS = (["yellow"] * 70) + (["blue"] * 15) + (["orange"] * 12) + (["red"] * 3)

# -- how disputes go: paths through the state machine ------------------------------------------------------
#
# A path is the tier that takes the dispute in (the registration) and the transitions after it, checked
# against Dispute's machine at start-up.
# `start_mediation>t` names the tier; escalate climbs the ladder; refer calls in the agency competent for
# the category (it may view), accept_referral makes it the holder; court steps go to the county court;
# court_conclude=<outcome>. Weights: shares within closed and within open disputes.

CLOSED_PATHS = [
    (
        "fulfilled-village",
        30,
        "village",
        "start_mediation>village record_agreement start_follow_up close_fulfilled",
    ),
    (
        "fulfilled-grid",
        12,
        "grid",
        "assess start_mediation>village record_agreement start_follow_up close_fulfilled",
    ),
    (
        "fulfilled-escalated",
        10,
        "village",
        "start_mediation>village escalate record_agreement start_follow_up close_fulfilled",
    ),
    ("fulfilled-town", 7, "town", "start_mediation>town record_agreement start_follow_up close_fulfilled"),
    (
        "fulfilled-county",
        2,
        "town",
        "start_mediation>town escalate record_agreement start_follow_up close_fulfilled",
    ),
    (
        "confirmed",
        4,
        "village",
        "start_mediation>village record_agreement apply_confirmation confirm close_fulfilled",
    ),
    ("prevented", 12, "grid", "assess prevent close_prevented"),
    ("withdrawn-village", 5, "village", "start_mediation>village withdraw"),
    ("withdrawn-town", 2, "town", "start_mediation>town withdraw"),
    ("declined", 6, "county", "assess decline"),
    ("handled", 8, "county", "assess refer accept_referral close_handled"),
    ("judgment", 3, "village", "start_mediation>village refer_to_court court_file court_conclude=judgment"),
    (
        "court-mediated",
        2,
        "town",
        "start_mediation>town refer_to_court court_accept court_file court_conclude=court_mediated",
    ),
]
OPEN_PATHS = [
    ("reported-village", 3, "village", ""),
    ("reported-grid", 2, "grid", ""),
    ("reported-town", 1, "town", ""),
    ("reported-returned", 1, "county", "refer return_referral"),
    ("assessing", 4, "county", "assess"),
    ("assessing-returned", 1, "village", "assess refer return_referral"),
    ("preventing", 3, "grid", "assess prevent"),
    ("mediating-village", 10, "village", "start_mediation>village"),
    ("mediating-village-grid", 10, "grid", "assess start_mediation>village"),
    ("mediating-town", 3, "village", "start_mediation>village escalate"),
    ("mediating-town-grid", 1, "grid", "assess start_mediation>village escalate"),
    ("mediating-town-intake", 2, "town", "start_mediation>town"),
    ("mediating-town-6", 1, "grid", "assess start_mediation>village refer return_referral escalate"),
    ("mediating-delegated", 1, "village", "start_mediation>village refer_to_court court_delegate"),
    ("mediating-county", 3, "village", "start_mediation>village escalate escalate"),
    ("referred", 4, "county", "assess refer"),
    ("referred-village", 2, "village", "start_mediation>village refer"),
    ("agency-handling", 8, "county", "assess refer accept_referral"),
    ("agreed", 5, "village", "start_mediation>village record_agreement"),
    ("agreed-town", 1, "village", "start_mediation>village escalate record_agreement"),
    ("fulfilling", 6, "village", "start_mediation>village record_agreement start_follow_up"),
    ("fulfilling-town", 1, "town", "start_mediation>town record_agreement start_follow_up"),
    ("confirming", 2, "village", "start_mediation>village record_agreement apply_confirmation"),
    ("court-referred", 2, "village", "start_mediation>village refer_to_court"),
    ("court-mediating", 3, "village", "start_mediation>village refer_to_court court_accept"),
    ("litigating", 1, "town", "start_mediation>town refer_to_court court_file"),
]

# Disputes every run needs, seeded first (and counted in N): (path, region code prefix, category, count).
# They give each demo account's body work of its own even at a tiny N, and the dispute page its case.
ANCHORS = [
    ("mediating-town-6", DONGZHAI, "labour", 3),  # the dispute page: the Shahe committee's, 6 events
    ("mediating-village", DONGZHAI, "labour", 2),
    ("reported-grid", DONGZHAI, "neighbour", 1),
    ("mediating-town", XINHUA, "land-contract", 1),
    ("court-mediating", COUNTY, "contract", 1),
    ("agency-handling", SHAHE, "neighbour", 1),  # the Shahe police station
    ("agency-handling", COUNTY, "requisition", 1),  # the petitions bureau
    ("agency-handling", COUNTY, "labour", 1),  # the labour department
    ("mediating-county", COUNTY, "housing-homestead", 1),
]
POOL_PATH = "reported-town"  # what the assess transitions are timed on: held by the Shahe committee

LADDER_UP = {"grid": "village", "village": "town", "town": "county"}
CLOSING = {
    "close_fulfilled": "fulfilled",
    "close_prevented": "prevented",
    "close_handled": "administrative_decision",
    "withdraw": "withdrawn",
    "decline": "declined",
}
ROUTE_OF_KIND = {
    "police_station": "police_mediation",
    "department": "administrative_mediation",
    "petitions_bureau": "petition",
    "sector_committee": "sector_committee",
    "mass_org": "administrative_mediation",
}
# The agency competent for a category when it is not a department of that sector.
AGENCY_OF_CATEGORY = {
    "neighbour": "police",
    "damages": "police",
    "traffic": "police",
    "contract": "police",
    "other": "police",
    "requisition": "petitions-bureau",
    "village-affairs": "petitions-bureau",
    "pollution": "petitions-bureau",
    "marriage-family": "family-committee",
    "housing-homestead": "natural-resources-dept",
    "business": "commerce-federation",
}


@dataclass(frozen=True)
class Step:
    name: str
    source: str
    target: str
    argument: str = ""


@dataclass(frozen=True)
class DisputePath:
    name: str
    intake: str
    steps: tuple
    is_open: bool


def path_parse(name: str, intake: str, spec: str, *, is_open: bool) -> DisputePath:
    """A path with each step's states, as Dispute's machine defines them; exits naming a step it refuses."""
    from django_fsm import RETURN_VALUE

    from disputes.models import Dispute

    tokens = spec.split()
    status, referred_from, steps = "reported", "", []
    for token in tokens:
        transition, _sep, argument = token.replace("=", ">").partition(">")
        meta = getattr(getattr(Dispute, transition, None), "_django_fsm", None)
        found = meta.get_transition(status) if meta else None
        if found is None:
            raise SystemExit(f"path {name}: {transition} is not a transition from {status}")
        target = found.target or status
        if isinstance(target, RETURN_VALUE):
            target = referred_from
        target = str(target)  # a plain string, not a Status member, for COPY
        if transition in ("refer", "return_referral"):
            referred_from = status if transition == "refer" else ""
        steps.append(Step(transition, status, target, argument))
        status = target
    if (status != "closed") != is_open:
        raise SystemExit(f"path {name} ends in {status}")
    return DisputePath(name, intake, tuple(steps), is_open)


# -- Linze as the seeder sees it ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A village or community with the bodies of its ladder."""

    region: int
    code: str
    town: int
    county: int
    committee: int
    grid: int
    town_committee: int
    police: int
    address: str
    community: bool


class World:
    """Ids of everything a seeded dispute points at, loaded once."""

    def __init__(self):
        from django.contrib.auth.models import Permission

        from agencies.choices import BodyKind
        from agencies.models import Body, Membership, Region
        from demo.disputes.topics import CATEGORY_WEIGHTS
        from disputes.models import Category

        bodies = list(Body.objects.filter(is_active=True))
        self.code_of = {b.pk: b.code for b in bodies}
        self.group_of = {b.pk: b.group_id for b in bodies}
        self.kind_of = {b.pk: b.kind for b in bodies}
        by_code = {b.code: b.pk for b in bodies}
        by_kind_region = {(b.kind, b.region_id): b.pk for b in bodies}
        regions = {r.pk: r for r in Region.objects.all()}
        self.places, weights = [], []
        for body in bodies:
            if body.kind != BodyKind.VILLAGE_COMMITTEE:
                continue
            region = regions[body.region_id]
            town = regions.get(region.parent_id)
            if town is None or town.kind != "town":
                continue
            self.places.append(
                Place(
                    region=region.pk,
                    code=region.code,
                    town=town.pk,
                    county=town.parent_id,
                    committee=body.pk,
                    grid=by_kind_region[(BodyKind.GRID_STATION, region.pk)],
                    town_committee=by_kind_region[(BodyKind.TOWN_COMMITTEE, town.pk)],
                    police=by_kind_region[(BodyKind.POLICE_STATION, town.pk)],
                    address=f"临泽县{town.name}{region.name}",
                    community=region.kind == "community",
                )
            )
            weights.append(region.population or 1000)
        if not self.places:
            raise SystemExit("no village committees: load the reference data (load_linze) first")
        self.place_weights = list(accumulate(weights))
        self.centre, self.court = by_code["county-centre"], by_code["county-court"]
        self.agency = {
            category: by_code[code] for category, code in AGENCY_OF_CATEGORY.items() if code in by_code
        }
        for body in bodies:
            if body.kind == BodyKind.DEPARTMENT and body.sector:
                self.agency.setdefault(body.sector, body.pk)
        self.categories = dict(Category.objects.values_list("code", "pk"))
        codes = [code for code in CATEGORY_WEIGHTS if code in self.categories and code in TITLES]
        self.category_codes = codes
        self.category_weights = list(accumulate(CATEGORY_WEIGHTS[c] for c in codes))
        self.permission = dict(
            Permission.objects.filter(
                content_type__app_label="disputes", codename__in=["view_dispute", "change_dispute"]
            ).values_list("codename", "pk")
        )
        # The member who acts for a body: its demo account if it has one, else its bench member.
        members = Membership.objects.order_by("pk").values_list("body_id", "user_id", "user__username")
        self.actor_of = {}
        for body_id, user_id, _username in sorted(members, key=lambda m: m[2].startswith("bench_")):
            self.actor_of.setdefault(body_id, user_id)

    def place(self, rng, prefix: str = "") -> Place:
        if not prefix:
            return self.places[bisect.bisect(self.place_weights, rng.random() * self.place_weights[-1])]
        return rng.choice([p for p in self.places if p.code.startswith(prefix)])

    def category(self, rng) -> str:
        return self.category_codes[
            bisect.bisect(self.category_weights, rng.random() * self.category_weights[-1])
        ]

    def agency_for(self, category: str, place: Place) -> int:
        agency = self.agency.get(category, "police")
        return place.police if agency == "police" else agency

    def holder_at(self, tier: str, place: Place) -> int:
        """The body holding a dispute of `place` at a rung of the ladder (the county: its centre)."""
        if tier == "grid":
            return place.grid
        if tier == "village":
            return place.committee
        return place.town_committee if tier == "town" else self.centre


def bench_staff_ensure() -> int:
    """A member for every body that has none (`bench_<code>`, no password), so that each timeline entry
    names a person. In bulk: a few queries, not a few per body."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from agencies.models import Body, Membership

    User = get_user_model()
    roles = {"court": "clerk", "tribunal": "judge", "grid_station": "grid_worker", "leadership": "leader"}
    bodies = {
        f"bench_{b.code}"[:150]: b for b in Body.objects.filter(is_active=True, memberships__isnull=True)
    }
    if not bodies:
        return 0
    User.objects.bulk_create(
        [
            User(username=name, last_name="测", first_name="试员", password=make_password(None))
            for name in bodies
        ],
        ignore_conflicts=True,
    )
    users = {u.username: u for u in User.objects.filter(username__in=bodies)}
    Membership.objects.bulk_create(
        [Membership(user=users[n], body=b, role=roles.get(b.kind, "mediator")) for n, b in bodies.items()],
        ignore_conflicts=True,
    )
    # What the Membership signal does one by one: membership of a body is membership of its group.
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=users[n].pk, group_id=b.group_id) for n, b in bodies.items()],
        ignore_conflicts=True,
    )
    return len(bodies)


# -- one seeded dispute -------------------------------------------------------------------------------------


@dataclass
class SeededReferral:
    """The lead referral a `refer` step sends, as the later steps leave it."""

    body: int
    created_at: datetime
    status: str = "pending"
    accepted_at: datetime | None = None
    returned_reason: str = ""


class Seeded:
    """The column values of one dispute, filled by walking its path."""

    __slots__ = (
        "amount",
        "category",
        "channel",
        "closed_at",
        "code",
        "county",
        "description",
        "diverted",
        "due_at",
        "holder",
        "id",
        "mediation_tried",
        "opened_at",
        "outcome",
        "outcome_note",
        "people",
        "personal",
        "prior_holder",
        "prior_tier",
        "referred_from",
        "region",
        "reported_by",
        "reporting_body",
        "risk",
        "search",
        "status",
        "tier",
        "title",
        "town",
        "updated_at",
        "version",
        "viewer_bodies",
        "warn_at",
    )


_WORDS: dict[str, list[str]] = {}


def _cut(text: str) -> list[str]:
    cut = _WORDS.get(text)
    if cut is None:
        from disputes.search import words

        cut = _WORDS[text] = [word.replace("'", "''").replace("\\", "\\\\") for word in words(text)]
    return cut


def search_vector(heavy: list[str], light: list[str]) -> str:
    """A tsvector literal of the texts' words, with positions and weights (A for `heavy`, B for `light`)."""
    parts, position = [], 1
    for weight, texts in (("A", heavy), ("B", light)):
        for text in texts:
            for word in _cut(text):
                parts.append(f"'{word}':{position}{weight}")
                position += 1
    return " ".join(parts)


# The value of every column of disputes_dispute, by column name: a column the model gains must be added here.
DISPUTE_VALUES = {
    "id": attrgetter("id"),
    "code": attrgetter("code"),
    "title": attrgetter("title"),
    "description": attrgetter("description"),
    "category_id": attrgetter("category"),
    "region_id": attrgetter("region"),
    "town_id": attrgetter("town"),
    "county_id": attrgetter("county"),
    "search": attrgetter("search"),
    "viewer_bodies": attrgetter("viewer_bodies"),
    "channel": attrgetter("channel"),
    "amount": attrgetter("amount"),
    "people_involved": attrgetter("people"),
    "personal_status_matter": attrgetter("personal"),
    "status": attrgetter("status"),
    "tier": attrgetter("tier"),
    "holder_id": attrgetter("holder"),
    "due_at": attrgetter("due_at"),
    "warn_at": attrgetter("warn_at"),
    "risk_level": attrgetter("risk"),
    "outcome": attrgetter("outcome"),
    "outcome_note": attrgetter("outcome_note"),
    "referred_from": attrgetter("referred_from"),
    "prior_tier": attrgetter("prior_tier"),
    "prior_holder_id": attrgetter("prior_holder"),
    "mediation_tried": attrgetter("mediation_tried"),
    "diverted_by_court": attrgetter("diverted"),
    "reported_by_id": attrgetter("reported_by"),
    "reporting_body_id": attrgetter("reporting_body"),
    "opened_at": attrgetter("opened_at"),
    "updated_at": attrgetter("updated_at"),
    "closed_at": attrgetter("closed_at"),
    "version": attrgetter("version"),
}


def _columns(*names) -> dict:
    return {name: itemgetter(i) for i, name in enumerate(names)}


def _encrypted(i: int):
    """A personal-data column as Party stores it: a Fernet token (linze/crypto.py)."""
    from linze.crypto import encrypt

    return lambda row: encrypt(row[i])


def _blind_index(i: int):
    from linze.crypto import blind_index

    return lambda row: blind_index(row[i])


PARTY_VALUES = {
    **_columns("dispute_id", "kind", "role", "name", "id_number", "phone", "address", "position"),
    "id_number": _encrypted(4),
    "phone": _encrypted(5),
    "address": _encrypted(6),
    "id_number_index": _blind_index(4),
    "phone_index": _blind_index(5),
}
EVENT_VALUES = _columns(
    "dispute_id",
    "actor_id",
    "actor_body_id",
    "transition",
    "from_status",
    "to_status",
    "note",
    "payload",
    "created_at",
)
GRANT_VALUES = _columns("permission_id", "group_id", "content_object_id")
REFERRAL_VALUES = _columns(
    "dispute_id",
    "body_id",
    "route",
    "is_lead",
    "status",
    "instructions",
    "report_by",
    "warn_at",
    "created_by_id",
    "created_at",
    "accepted_at",
    "returned_reason",
    "completed_at",
    "result",
)


class Tables:
    """The COPY writers of the seeded tables, in the order their foreign keys need."""

    def __init__(self):
        from disputes.models import Dispute as DisputeModel
        from disputes.models import DisputeEvent, DisputeGroupObjectPermission, Party, Referral

        self.disputes = benchlib.CopyTable(DisputeModel, DISPUTE_VALUES)
        self.parties = benchlib.CopyTable(Party, PARTY_VALUES)
        self.events = benchlib.CopyTable(DisputeEvent, EVENT_VALUES)
        self.referrals = benchlib.CopyTable(Referral, REFERRAL_VALUES)
        self.grants = benchlib.CopyTable(DisputeGroupObjectPermission, GRANT_VALUES)
        self.all = [self.disputes, self.parties, self.events, self.referrals, self.grants]


class Writer:
    """Turns planned disputes (id, opened_at, path, place, category) into rows of every table."""

    def __init__(self, world: World, tables: Tables, rng: random.Random, now: datetime):
        from demo.disputes.notes import NOTES
        from demo.disputes.people import FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN, mobile
        from disputes.validators import id_check_char

        self.world, self.tables, self.rng, self.now = world, tables, rng, now
        self.notes, self.mobile, self.id_check_char = NOTES, mobile, id_check_char
        self.family, self.male, self.female = FAMILY_NAMES, MALE_GIVEN, FEMALE_GIVEN

    def person(self, place: Place, year: int) -> tuple:
        rng = self.rng
        male = rng.random() < 0.55
        name = rng.choice(self.family) + rng.choice(self.male if male else self.female)
        id_number = phone = ""
        if rng.random() < 0.25:
            birth = date(year - rng.randint(20, 75), rng.randint(1, 12), rng.randint(1, 28))
            first17 = (
                f"620723{birth:%Y%m%d}{rng.randint(0, 99):02d}{rng.choice('13579' if male else '02468')}"
            )
            id_number = first17 + self.id_check_char(first17)
        if rng.random() < 0.35:
            phone = self.mobile(rng)
        if place.community:
            address = f"{place.address}{rng.randint(1, 18)}号楼{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
        else:
            address = f"{place.address}{rng.randint(1, 9)}社{rng.randint(1, 80)}号"
        return "person", name, id_number, phone, address

    def write(self, dispute_id: int, code: str, opened: datetime, path: DisputePath, place: Place, category):
        """The rows of one dispute: itself, its two parties, its timeline, referrals and grants."""
        rng, world, tables = self.rng, self.world, self.tables
        d = Seeded()
        d.id, d.code, d.opened_at = dispute_id, code, opened
        applicant, respondent = self.person(place, opened.year), self.person(place, opened.year)
        organisations = ORGANISATIONS.get(category)
        if organisations and rng.random() < 0.5:
            town = place.address[3:5]
            respondent = ("organisation", rng.choice(organisations).format(t=town), "", respondent[3], "")
        amount = rng.randint(5, 400) * 100
        d.title = rng.choice(TITLES[category])
        story = STORIES[category].format(
            a=applicant[1], b=respondent[1], n=rng.randint(2, 12), amount=amount, m=rng.randint(3, 40)
        )
        d.description = f"{place.address}{story}，请求调解。"
        d.category, d.region, d.town = world.categories[category], place.region, place.town
        d.county = place.county
        # The search document as disputes/search.py writes it (title and names weigh A, the rest B), from
        # words cut once per distinct text: the story's template, the place, the names.
        d.search = search_vector(
            [d.title, applicant[1], respondent[1]],
            [place.address, re.sub(r"\{\w+\}", " ", STORIES[category]), "请求调解"],
        )
        d.channel = rng.choice(CHANNEL_OF_INTAKE[path.intake])
        d.amount = f"{amount}.00" if category in {"labour", "land-contract", "traffic", "contract"} else None
        d.people = 2
        d.personal = d.title == "离婚纠纷" and not any(s.name == "apply_confirmation" for s in path.steps)
        d.risk = rng.choice(RISKS)
        d.outcome = d.outcome_note = d.referred_from = d.prior_tier = ""
        d.prior_holder = d.closed_at = d.due_at = d.warn_at = None
        d.mediation_tried = d.diverted = False
        d.tier, d.holder = path.intake, world.holder_at(path.intake, place)
        d.reporting_body, d.reported_by = d.holder, world.actor_of.get(d.holder)

        times = self._times(opened, len(path.steps) + 1, path.is_open)
        viewers, referrals = self._walk(d, path, place, category, times)
        d.viewer_bodies = "{" + ",".join(str(body) for body in sorted(viewers)) + "}"  # as the grants say
        d.status = path.steps[-1].target if path.steps else "reported"
        d.version = len(path.steps) + 1
        d.updated_at = times[-1]
        if path.is_open:
            d.due_at, d.warn_at = self._clock(times[-1])
        tables.disputes.add(d)
        tables.parties.add((dispute_id, applicant[0], "applicant", *applicant[1:], 0))
        tables.parties.add((dispute_id, respondent[0], "respondent", *respondent[1:], 1))
        for referral in referrals:
            body, status, created = referral.body, referral.status, referral.created_at
            completed = status == "completed"
            tables.referrals.add((
                dispute_id, body, ROUTE_OF_KIND.get(world.kind_of[body], "administrative_mediation"), True,
                status, "", created + timedelta(days=1), created + timedelta(hours=20),
                d.reported_by, created, referral.accepted_at, referral.returned_reason,
                d.closed_at if completed else None, "依法处理完毕。" if completed else "",
            ))  # fmt: skip
        # As dispute_grants_sync leaves them: view for every body that held it or was called in, change
        # for the holder while it is open.
        view, change = world.permission["view_dispute"], world.permission["change_dispute"]
        for body in viewers:
            tables.grants.add((view, world.group_of[body], dispute_id))
        if path.is_open:
            tables.grants.add((change, world.group_of[d.holder], dispute_id))

    def _walk(self, d: Seeded, path: DisputePath, place: Place, category: str, times) -> tuple[set, list]:
        """Moves `d` along its path, writing its timeline (as dispute_transition records it, with the
        holder change in the payload); returns the bodies that held it or were called in, and its
        referrals."""
        rng, world, events = self.rng, self.world, self.tables.events
        register = {"channel": d.channel, "holder": world.code_of[d.holder]}
        events.add((d.id, d.reported_by, d.holder, "register", "", "reported", "", register, times[0]))
        viewers, referrals, referral = {d.holder}, [], None
        for step, when in zip(path.steps, times[1:], strict=True):
            name, before, actor_body, payload = step.name, d.holder, d.holder, {}
            note = rng.choice(self.notes[name]) if name in self.notes else ""
            if name == "start_mediation":
                d.tier, d.holder, d.mediation_tried = (
                    step.argument,
                    world.holder_at(step.argument, place),
                    True,
                )
            elif name == "escalate":
                d.tier = LADDER_UP[d.tier]
                d.holder = world.holder_at(d.tier, place)
            elif name == "refer":
                referral = SeededReferral(world.agency_for(category, place), when)
                referrals.append(referral)
                viewers.add(referral.body)
                d.referred_from = step.source
                code = world.code_of[referral.body]
                route = ROUTE_OF_KIND.get(world.kind_of[referral.body], "administrative_mediation")
                payload = {"bodies": [code], "lead": code, "route": route, "whistle": False}
            elif name == "accept_referral":
                referral.status, referral.accepted_at = "accepted", when
                actor_body = d.holder = referral.body
                d.tier = "agency"
            elif name == "return_referral":
                referral.status, referral.returned_reason = "returned", note
                actor_body, d.referred_from = referral.body, ""
            elif name == "close_handled":
                referral.status = "completed"
            elif name in ("refer_to_court", "report_default"):
                d.tier, d.holder = "court", world.court
            elif name == "apply_confirmation":
                d.prior_tier, d.prior_holder = d.tier, d.holder
                d.tier, d.holder = "court", world.court
            elif name in ("confirm", "reject_confirmation"):
                d.tier, d.holder, d.prior_tier, d.prior_holder = d.prior_tier, d.prior_holder, "", None
            elif name == "court_delegate":
                d.tier, d.holder = "town", place.town_committee
                d.mediation_tried = d.diverted = True
            if name in CLOSING or name == "court_conclude":
                d.outcome = step.argument if name == "court_conclude" else CLOSING[name]
                d.outcome_note, d.closed_at = note, when
            if d.holder != before:
                moved = {"from_holder": world.code_of[before], "to_holder": world.code_of[d.holder]}
                payload = {**payload, **moved, "tier": d.tier}
            viewers.add(d.holder)
            actor = world.actor_of.get(actor_body)
            events.add((d.id, actor, actor_body, name, step.source, step.target, note, payload, when))
        return viewers, referrals

    def _times(self, opened: datetime, count: int, is_open: bool) -> list[datetime]:
        """When each event happened: the registration at `opened`, the last one before now (open) or
        within a few weeks (closed)."""
        age = (self.now - opened).total_seconds()
        if is_open:
            span = age * self.rng.uniform(0.3, 0.95)
        else:
            span = min(age * 0.9, self.rng.uniform(1, 45) * 86400)
        offsets = sorted(self.rng.uniform(0, span) for _ in range(count - 1))
        if offsets:
            offsets[-1] = span
        return [opened] + [opened + timedelta(seconds=s) for s in offsets]

    def _clock(self, last: datetime) -> tuple[datetime, datetime]:
        """The deadline of the current step: a tenth of open disputes are past it."""
        rng = self.rng
        if rng.random() < OVERDUE_SHARE:
            due = last + (self.now - last) * rng.uniform(0.2, 0.9)
        else:
            due = self.now + timedelta(hours=rng.uniform(2, 24 * 20))
        return due, due - (due - last) * 0.2


# -- seeding ------------------------------------------------------------------------------------------------


def _plans(
    world: World, *, n: int, transitions_needed: int, rng: random.Random, now: datetime
) -> list[tuple]:
    """(opened_at, path, place, category) of N disputes, oldest first: the anchors and the pool of
    `reported` disputes of the Shahe committee first in the draw, then the random ones."""
    closed = [path_parse(name, intake, spec, is_open=False) for name, _w, intake, spec in CLOSED_PATHS]
    opened_paths = [path_parse(name, intake, spec, is_open=True) for name, _w, intake, spec in OPEN_PATHS]
    by_name = {p.name: p for p in closed + opened_paths}
    closed_weights = list(accumulate(row[1] for row in CLOSED_PATHS))
    open_weights = list(accumulate(row[1] for row in OPEN_PATHS))
    plans = []
    fixed = [(name, prefix, category, count) for name, prefix, category, count in ANCHORS]
    fixed.append((POOL_PATH, SHAHE, None, transitions_needed))
    for name, prefix, category, count in fixed:
        for _ in range(count):
            if len(plans) < n:
                plans.append(
                    (
                        _opened(rng, now, True),
                        by_name[name],
                        world.place(rng, prefix),
                        category or world.category(rng),
                    )
                )
    while len(plans) < n:
        if rng.random() < CLOSED_SHARE:
            path = closed[bisect.bisect(closed_weights, rng.random() * closed_weights[-1])]
        else:
            path = opened_paths[bisect.bisect(open_weights, rng.random() * open_weights[-1])]
        plans.append((_opened(rng, now, path.is_open), path, world.place(rng), world.category(rng)))
    plans.sort(key=itemgetter(0))
    return plans


def _opened(rng: random.Random, now: datetime, is_open: bool) -> datetime:
    """Closed disputes spread evenly over three years; open ones are mostly recent."""
    horizon = YEARS * 365 * 86400
    if is_open:
        age = min(rng.expovariate(1 / (30 * 86400)), horizon - 86400) + 3600
    else:
        age = rng.uniform(2 * 86400, horizon)
    return now - timedelta(seconds=age)


def _codes(plans: list[tuple]) -> list[str]:
    """LZ-<year>-<number>, numbered on from the counters of each year (which are moved on)."""
    from django.db import connection

    from disputes.models import DisputeCodeCounter

    last = dict(DisputeCodeCounter.objects.values_list("year", "last"))
    codes = []
    for opened, *_rest in plans:
        year = (opened + LOCAL).year
        last[year] = last.get(year, 0) + 1
        codes.append(f"LZ-{year}-{last[year]:06d}")
    with connection.cursor() as cursor:
        for year, number in last.items():
            cursor.execute(
                "insert into disputes_disputecodecounter (year, last) values (%s, %s) on conflict (year) "
                "do update set last = greatest(disputes_disputecodecounter.last, excluded.last)",
                [year, number],
            )
    return codes


def disputes_write(world: World, plans: list[tuple], *, rng: random.Random, now: datetime) -> dict:
    """Writes the planned disputes and everything that belongs to them with COPY, a batch at a time:
    the rows are made in a thread while the previous batch is copied. Returns seconds and rows per table."""
    from django.db import connection

    tables = Tables()
    writer = Writer(world, tables, rng, now)
    codes = _codes(plans)
    with connection.cursor() as cursor:
        cursor.execute("select coalesce(max(id), 0) from disputes_dispute")
        (first_id,) = cursor.fetchone()
    batches: queue.Queue = queue.Queue(maxsize=2)
    made = {"seconds": 0.0, "error": None, "stop": False}

    def make():
        try:
            for start in range(0, len(plans), BATCH):
                if made["stop"]:
                    break
                started = time.perf_counter()
                for i in range(start, min(start + BATCH, len(plans))):
                    opened, path, place, category = plans[i]
                    writer.write(first_id + 1 + i, codes[i], opened, path, place, category)
                texts = [table.take() for table in tables.all]
                made["seconds"] += time.perf_counter() - started
                batches.put(texts)
        except BaseException as error:  # handed to the main thread
            made["error"] = error
        finally:
            batches.put(None)

    maker = threading.Thread(target=make, name="bench-rows", daemon=True)
    started = time.perf_counter()
    maker.start()
    with connection.cursor() as cursor:
        try:
            while (texts := batches.get()) is not None:
                for table, text in zip(tables.all, texts, strict=True):
                    table.copy(cursor, text)
        finally:
            made["stop"] = True
            while maker.is_alive():  # let it finish its put and see the flag
                with contextlib.suppress(queue.Empty):
                    batches.get(timeout=0.1)
        maker.join()
        if made["error"] is not None:
            raise made["error"]
        for table in SEEDED_TABLES:
            last = f"coalesce((select max(id) from {table}), 1)"
            cursor.execute(f"select setval(pg_get_serial_sequence('{table}', 'id'), {last})")
    return {
        "seconds": time.perf_counter() - started,
        "rows_made_seconds": made["seconds"],
        "tables": {t.table: {"rows": t.rows, "copy_seconds": round(t.seconds, 2)} for t in tables.all},
        "left_to_database": {t.table: t.left_to_database for t in tables.all},
    }


def _meta(cursor, *, write: dict | None = None) -> dict | None:
    cursor.execute("create table if not exists bench_pages_meta (id int primary key, data jsonb not null)")
    if write is not None:
        cursor.execute(
            "insert into bench_pages_meta values (1, %s) on conflict (id) do update set data = excluded.data",
            [json.dumps(write)],
        )
        return write
    cursor.execute("select data from bench_pages_meta where id = 1")
    row = cursor.fetchone()
    if row is None:
        return None
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]  # Django leaves jsonb undecoded


def seed(args, *, now: datetime) -> dict:
    """Seeds N disputes (or finds them seeded), tops up the pool of disputes the transitions are timed
    on, and returns what it did with the seconds per table."""
    from django.core.management import call_command
    from django.db import connection

    report = {"n": args.n, "reused": False}
    pool = args.transitions + args.warmup + 2
    started = time.perf_counter()
    if not args.in_place:
        call_command("seed_demo", "--no-disputes", stdout=io.StringIO())
    report["bench_staff_created"] = bench_staff_ensure()
    report["accounts_seconds"] = round(time.perf_counter() - started, 1)
    world = World()
    rng = random.Random(args.seed)
    with connection.cursor() as cursor:
        meta = None if args.in_place else _meta(cursor)
        if not args.in_place and (restored := benchlib.bulk_load_restore(cursor)):
            print(f"restored the indexes and keys an interrupted run dropped: {restored}")
        if meta and meta.get("n") == args.n and not args.reseed:
            report["reused"] = True
            print(f"reusing the {args.n} disputes seeded on {meta.get('seeded_at')} (--reseed to seed again)")
        else:
            report["seeded"] = _seed_afresh(args, cursor, world, pool=pool, rng=rng, now=now)
            _seeding_print(report["seeded"])
    report["pool_added"] = pool_ensure(world, pool, rng=rng, now=now)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if "seeded" in report and not args.in_place:
            # Freshly copied tables have no visibility map: vacuum them as autovacuum would, or index-only
            # scans read the heap until it comes by (outside a transaction, so never in place).
            cursor.execute(f"vacuum (analyze) {', '.join(SEEDED_TABLES)}")
            report["analyze"] = "vacuum (analyze) of the seeded tables"
        else:
            cursor.execute("analyze")
            report["analyze"] = "analyze"
    report["analyze_seconds"] = round(time.perf_counter() - started, 1)
    print(f"{report['analyze']}: {report['analyze_seconds']} s")
    report["holdings"] = holdings()
    _holdings_print(report["holdings"])
    return report


def _seed_afresh(args, cursor, world: World, *, pool: int, rng, now) -> dict:
    """N disputes into the configured database (in place: beside what is there) or into the emptied
    benchmark database, whose tables are filled bare and indexed once at the end."""
    from disputes.models import Dispute

    plans = _plans(world, n=args.n, transitions_needed=pool, rng=rng, now=now)
    if args.in_place:
        cursor.execute("set constraints all immediate")  # key errors now, not at a commit a test never makes
        return disputes_write(world, plans, rng=rng, now=now)
    _meta(cursor, write={"n": None})  # half a seeding is never reused
    if Dispute.objects.exists():
        started = time.perf_counter()
        cursor.execute("truncate disputes_dispute, disputes_disputecodecounter restart identity cascade")
        print(f"emptied the disputes in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with benchlib.bulk_load(cursor, SEEDED_TABLES) as rebuilt:
        seeded = disputes_write(world, plans, rng=rng, now=now)
    for table, seconds in rebuilt.items():
        seeded["tables"][table]["index_seconds"] = round(seconds, 1)
    seeded["seconds_with_indexes"] = round(time.perf_counter() - started, 1)
    _meta(cursor, write={"n": args.n, "seed": args.seed, "seeded_at": now.isoformat()})
    return seeded


def pool_ensure(world: World, needed: int, *, rng, now) -> int:
    """At least `needed` `reported` disputes held by the Shahe committee (each timed run assesses some)."""
    from agencies.models import Body
    from disputes.models import Dispute

    shahe = Body.objects.get(code="shahe-committee")
    have = Dispute.objects.filter(holder=shahe, status="reported").count()
    if have >= needed:
        return 0
    name, _weight, intake, spec = next(row for row in OPEN_PATHS if row[0] == POOL_PATH)
    path = path_parse(name, intake, spec, is_open=True)
    plans = sorted(
        (_opened(rng, now, True), path, world.place(rng, SHAHE), world.category(rng))
        for _ in range(needed - have)
    )
    disputes_write(world, plans, rng=rng, now=now)
    print(f"pool: {needed - have} more reported disputes for the Shahe town committee")
    return needed - have


def holdings() -> list[dict]:
    """Per demo account: the open disputes its body holds and the grant rows of its group."""
    from agencies.models import Membership
    from demo.accounts import DEMO_ACCOUNTS
    from disputes.choices import OPEN_STATUSES
    from disputes.models import Dispute, DisputeGroupObjectPermission

    rows = []
    for username, _family, _given, code, _role in DEMO_ACCOUNTS:
        membership = Membership.objects.select_related("body").filter(user__username=username).first()
        if membership is None:
            continue
        body = membership.body
        rows.append(
            {
                "user": username,
                "body": code,
                "open_held": Dispute.objects.filter(holder=body, status__in=OPEN_STATUSES).count(),
                "grant_rows": DisputeGroupObjectPermission.objects.filter(group_id=body.group_id).count(),
            }
        )
    return rows


def _seeding_print(seeded: dict) -> None:
    made, total = seeded["rows_made_seconds"], seeded.get("seconds_with_indexes")
    print(
        f"seeded in {seeded['seconds']:.1f} s"
        + (f", {total:.1f} s with the indexes and keys" if total is not None else "")
        + f" (the rows made in {made:.1f} s, in a thread beside COPY):"
    )
    for table, numbers in seeded["tables"].items():
        rebuilt = numbers.get("index_seconds")
        print(
            f"    {table:<40} {numbers['rows']:>10} rows  COPY {numbers['copy_seconds']:>6.1f} s"
            + (f"  indexes and keys {rebuilt:>6.1f} s" if rebuilt is not None else "")
        )
    for table, columns in seeded["left_to_database"].items():
        if [c for c in columns if c != "id"]:
            print(f"    {table}: left to the database (NULL or its default): {', '.join(columns)}")


def _holdings_print(rows: list[dict]) -> None:
    print("the demo accounts' bodies:")
    for row in rows:
        print(
            f"    {row['user']:<18} {row['body']:<26} {row['open_held']:>8} open held "
            f"{row['grant_rows']:>9} grant rows"
        )


# -- measuring ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    name: str
    user: str
    path: str
    api: bool = False
    htmx: bool = False  # asked by htmx from a page already shown (HX-Request: a fragment, no layout)


def requests_planned(detail_code: str) -> list[Request]:
    return [
        Request("floor: notification badge", "mediator_shahe", "/notifications/badge/"),
        Request("town mediator's inbox", "mediator_shahe", "/workbench/"),
        Request("API list, county centre", "centre", "/api/v1/disputes/", api=True),
        Request("API list, leader", "leader", "/api/v1/disputes/", api=True),
        Request("village mediator's inbox", "mediator_dongzhai", "/workbench/"),
        Request("search, 2 characters", "mediator_dongzhai", f"/workbench/?tab=all&q={quote('工资')}"),
        Request("search, 4 characters", "mediator_dongzhai", f"/workbench/?tab=all&q={quote('工资拖欠')}"),
        Request("dispute page (holder, 6 events)", "mediator_shahe", f"/workbench/d/{detail_code}/"),
        Request(
            "its similar cases panel (htmx)",
            "mediator_shahe",
            f"/workbench/d/{detail_code}/similar/",
            htmx=True,
        ),
    ]


def detail_code_pick() -> str:
    """An open dispute of the Shahe committee with six timeline entries, the newest such."""
    from django.db.models import Count

    from disputes.choices import OPEN_STATUSES
    from disputes.models import Dispute

    code = (
        Dispute.objects.filter(holder__code="shahe-committee", status__in=OPEN_STATUSES)
        .annotate(entries=Count("events"))
        .filter(entries=6)
        .order_by("-opened_at")
        .values_list("code", flat=True)
        .first()
    )
    if code is None:
        raise SystemExit("no open dispute of the Shahe committee with 6 events: seed again (--reseed)")
    return code


class Credentials:
    """A session per page user and a token per API user, made directly in the database."""

    def __init__(self, usernames):
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
        from rest_framework.authtoken.models import Token

        store = import_module(settings.SESSION_ENGINE).SessionStore
        self.users = {u.username: u for u in get_user_model().objects.filter(username__in=set(usernames))}
        if missing := set(usernames) - self.users.keys():
            raise SystemExit(f"missing accounts {', '.join(sorted(missing))}: run seed_demo")
        self.cookie, self.token = {}, {}
        for username, user in self.users.items():
            session = store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            self.cookie[username] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
            self.token[username] = Token.objects.get_or_create(user=user)[0].key

    def headers(self, request: Request) -> dict:
        if request.api:
            return {"Authorization": f"Token {self.token[request.user]}", "Accept": "application/json"}
        return {"Cookie": self.cookie[request.user], **({"HX-Request": "true"} if request.htmx else {})}


class HttpSender:
    """Requests to the running server with the standard library."""

    def __init__(self, base: str, credentials: Credentials):
        self.base, self.credentials = base, credentials

    def get(self, request: Request):
        headers = self.credentials.headers(request)
        return lambda: benchlib.http_request(self.base, request.path, headers=headers)[0]

    def post(self, request: Request):
        headers = {**self.credentials.headers(request), "Content-Type": "application/json"}
        return lambda: benchlib.http_request(
            self.base, request.path, headers=headers, method="POST", body=b"{}"
        )[0]


class ClientSender:
    """The same requests in-process, through django.test.Client (no server)."""

    def __init__(self, credentials: Credentials):
        self.credentials, self.clients = credentials, {}

    def client(self, request: Request):
        from django.test import Client

        key = (request.user, request.api)
        if key not in self.clients:
            if request.api:
                token = self.credentials.token[request.user]
                self.clients[key] = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
            else:
                self.clients[key] = Client(HTTP_HOST="127.0.0.1")
                self.clients[key].force_login(self.credentials.users[request.user])
        return self.clients[key]

    def get(self, request: Request):
        client = self.client(request)
        headers = {"HX-Request": "true"} if request.htmx else {}
        return lambda: client.get(request.path, headers=headers).status_code

    def post(self, request: Request):
        client = self.client(request)
        return lambda: client.post(request.path, data={}, content_type="application/json").status_code


def queries_counted(sender: ClientSender, request: Request, *, post: bool = False) -> dict:
    """The SQL queries one request makes, in-process, and the slowest of them; a GET is made once
    untimed first (caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send = sender.post(request) if post else sender.get(request)
    if not post:
        send()
    with CaptureQueriesContext(connection) as captured:
        status = send()
    if status != 200:
        raise SystemExit(f"{request.name}: answered {status} in-process, not 200")
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default={"time": 0, "sql": ""})
    return {
        "queries": len(captured),
        "slowest_query_ms": round(float(slowest["time"]) * 1000, 1),
        "slowest_query": slowest["sql"][:300],
    }


def measure(args, sender, counter: ClientSender, requests: list[Request]) -> list[dict]:
    sends = {f"{r.name} ({r.path} as {r.user})": sender.get(r) for r in requests}
    timed = benchlib.timings(sends, warmup=args.warmup, requests=args.requests)
    results = []
    for request, milliseconds in zip(requests, timed.values(), strict=True):
        median, p95 = benchlib.median_p95(milliseconds)
        results.append(
            {
                "request": request.name,
                "user": request.user,
                "path": request.path,
                "median_ms": round(median, 1),
                "p95_ms": round(p95, 1),
                **queries_counted(counter, request),
            }
        )
    floor = results[0]["median_ms"]
    for row in results:
        row["ratio"] = round(row["median_ms"] / floor, 1) if floor else None
    return results


def transitions_measure(args, sender, counter: ClientSender) -> dict:
    """`assess` through the API on distinct reported disputes of the Shahe committee, one after another."""
    from disputes.models import Dispute

    needed = args.transitions + args.warmup + 1
    codes = list(
        Dispute.objects.filter(holder__code="shahe-committee", status="reported")
        .order_by("id")
        .values_list("code", flat=True)[:needed]
    )
    if len(codes) < needed:
        raise SystemExit(f"only {len(codes)} reported disputes of the Shahe committee, {needed} needed")

    def assess(code):
        return Request("assess", "mediator_shahe", f"/api/v1/disputes/{code}/transitions/assess/", api=True)

    counted = queries_counted(counter, assess(codes[0]), post=True)
    milliseconds = []
    for i, code in enumerate(codes[1:]):
        started = time.perf_counter()
        status = sender.post(assess(code))()
        if status != 200:
            raise SystemExit(f"assess {code}: answered {status}, not 200")
        if i >= args.warmup:
            milliseconds.append((time.perf_counter() - started) * 1000)
    median, p95 = benchlib.median_p95(milliseconds)
    return {
        "transitions": len(milliseconds),
        "per_second": round(len(milliseconds) / (sum(milliseconds) / 1000), 1),
        "median_ms": round(median, 1),
        "p95_ms": round(p95, 1),
        **counted,
    }


def plans_explained() -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of the main query of the town inbox and of the 2-character search,
    sliced as the pages slice them (a page of 25 and one more)."""
    from django.contrib.auth import get_user_model

    from disputes.selectors import dispute_list

    users = get_user_model().objects
    town = dispute_list(user=users.get(username="mediator_shahe"), filters={"tab": "mine"})
    search = dispute_list(user=users.get(username="mediator_dongzhai"), filters={"tab": "all", "q": "工资"})
    return {
        name: queryset[:26].explain(analyze=True, buffers=True)
        for name, queryset in (("town inbox", town), ("search, 2 characters", search))
    }


@dataclass
class CeleryQueue:
    """Tasks the benchmark's requests queue go to a queue of their own, nobody's worker, emptied after:
    a developer's worker on the default queue would otherwise run them against its own database."""

    name: str

    def use(self) -> None:
        from linze.celery import app

        app.conf.task_default_queue = self.name

    def gunicorn_config(self) -> str:
        return (
            "def post_worker_init(worker):\n"
            "    from linze.celery import app\n\n"
            f"    app.conf.task_default_queue = {self.name!r}\n"
        )

    def drop(self) -> None:
        import redis
        from django.conf import settings

        try:
            connection = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
            keys = list(connection.scan_iter(match=f"*{self.name}*"))
            if keys:
                connection.delete(*keys)
        except redis.RedisError as error:
            print(f"could not empty the queue {self.name}: {error}")


def static_collected() -> bool:
    """Whether the static files' manifest exists and is newer than every static file."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if os.path.getmtime(storage.path(path)) > collected:
                return False
    return True


def requests_chosen(requests: list, only: str) -> list:
    """The floor (the first request) and those whose name holds one of the words of `only`."""
    words = [word.strip() for word in only.split(",") if word.strip()]
    if not words:
        return requests
    return requests[:1] + [r for r in requests[1:] if any(word in r.name for word in words)]


def transitions_wanted(args) -> bool:
    return not args.only or "transitions" in args.only


def run_measurements(args, url: str | None) -> dict:
    from django.core.management import call_command

    requests = requests_chosen(requests_planned(detail_code_pick()), args.only)
    credentials = Credentials({r.user for r in requests})
    counter = ClientSender(credentials)
    tasks = CeleryQueue(f"bench-pages-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    tasks.use()
    try:
        if args.client:
            print("timing in-process (django.test.Client)")
            return {
                "server": "django.test.Client",
                "requests": measure(args, counter, counter, requests),
                "transitions": transitions_measure(args, counter, counter)
                if transitions_wanted(args)
                else None,
            }
        if not static_collected():  # DEBUG off: every {% static %} needs the manifest
            started = time.perf_counter()
            call_command("collectstatic", "--no-input", verbosity=0)
            print(f"collectstatic: {time.perf_counter() - started:.1f} s")
        environ = {
            "DJANGO_SETTINGS_MODULE": "linze.settings.local",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
        }
        log = ROOT / "artifacts" / "bench_pages-gunicorn.log"
        with benchlib.gunicorn_running(
            port=args.port, environ=environ, log_path=log, config=tasks.gunicorn_config()
        ) as base:
            sender = HttpSender(base, credentials)
            print(f"timing {args.requests} rounds of the requests after {args.warmup} warm-up rounds")
            return {
                "server": "gunicorn linze.wsgi -w 2",
                "requests": measure(args, sender, counter, requests),
                "transitions": transitions_measure(args, sender, counter)
                if transitions_wanted(args)
                else None,
            }
    finally:
        tasks.drop()


# -- the report ---------------------------------------------------------------------------------------------


def report_print(report: dict) -> None:
    measured = report["measured"]
    print()
    print(
        f"N={report['n']}, {measured['server']}, {report['date']}, {os.cpu_count()} cores, "
        f"load {report['load']} (a shared machine: the numbers are noisy)"
    )
    print(
        f"{'request':<34} {'user':<18} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'max SQL ms':>11} "
        f"{'x floor':>8}"
    )
    for row in measured["requests"]:
        print(
            f"{row['request']:<34} {row['user']:<18} {row['median_ms']:>10.1f} {row['p95_ms']:>9.1f} "
            f"{row['queries']:>8} {row['slowest_query_ms']:>11.1f} {row['ratio']:>7.1f}x"
        )
    t = measured["transitions"]
    if t is None:
        print(f"{'assess via the API (sequential)':<34} not timed (--only)")
    else:
        print(
            f"{'assess via the API (sequential)':<34} {'mediator_shahe':<18} {t['median_ms']:>10.1f} "
            f"{t['p95_ms']:>9.1f} {t['queries']:>8} {t['slowest_query_ms']:>11.1f}   "
            f"{t['per_second']} transitions/s over {t['transitions']}"
        )
    print("(queries and max SQL ms: the same request once in-process, django.test.Client)")
    for name, plan in report.get("plans", {}).items():
        print(f"\nEXPLAIN (ANALYZE, BUFFERS), {name}:\n    " + plan.replace("\n", "\n    "))
    worst = max(measured["requests"], key=itemgetter("ratio"))
    print(f"\nworst: {worst['request']} {worst['ratio']}x floor at N={report['n']}")


def main(argv=None) -> dict:
    args = parse(argv)
    url = benchlib.django_setup(database=args.database, in_place=args.in_place)
    if not args.in_place:
        benchlib.reference_data_ensure()
    from django.utils import timezone

    now = timezone.now()
    report = {"n": args.n, "date": now.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    report["seeding"] = seed(args, now=now)
    if args.seed_only:
        return report
    report["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    report["measured"] = run_measurements(args, url)
    try:
        report["plans"] = plans_explained()
    except Exception as error:  # a bonus: never lose the numbers for it
        report["plans"] = {"error": str(error)}
    worst = max(report["measured"]["requests"], key=itemgetter("ratio"))
    report["worst"] = {"request": worst["request"], "ratio": worst["ratio"]}
    if not args.in_place and not args.only:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        print(f"report written to {args.json}")
    report_print(report)
    return report


if __name__ == "__main__":
    # Ctrl-C (even when started in the background, where SIGINT comes ignored) and kill end the run
    # through the `finally` that stops gunicorn.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted (gunicorn stopped)")
