"""The planner: draws the plan of each demo dispute (where, who, what about, through which scenario, and when
each step happens) without writing anything."""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from agencies.choices import RegionKind
from agencies.models import Region
from demo.disputes.path import Path
from demo.disputes.people import address, mobile, person
from demo.disputes.plans import DEMO_MARK, Plan
from demo.disputes.referrals import Referrals
from demo.disputes.scenarios import (
    AGREEMENT_SCENARIOS,
    FIXED,
    OVERDUE_SHARE,
    SCENARIO_WEIGHTS,
    STATE_UNIT_SCENARIOS,
)
from demo.disputes.topics import CATEGORY_WEIGHTS, TOPICS
from disputes.choices import Channel, PartyKind, PartyRole, RiskLevel, Status
from disputes.deadlines import STATE_DEFAULTS
from disputes.models import Category

__all__ = ["Planner"]


class Planner:
    """Draws the plans of demo disputes: where, who, what about, which scenario, and when."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.categories = {c.code: c for c in Category.objects.filter(is_active=True)}
        regions = list(Region.objects.select_related("parent").order_by("code"))
        by_id = {r.pk: r for r in regions}
        for region in regions:  # parents from the same list: ancestor_of_kind() needs no queries
            if region.parent_id:
                region.parent = by_id[region.parent_id]
        self.towns = [r for r in regions if r.kind == RegionKind.TOWN]
        self.areas = {
            town.pk: [
                r
                for r in regions
                if r.parent_id == town.pk and r.kind in (RegionKind.VILLAGE, RegionKind.COMMUNITY)
            ]
            for town in self.towns
        }
        self.state_units = [r for r in regions if r.kind == RegionKind.STATE_UNIT]
        self.dongzhai = next(r for r in regions if r.name == "东寨村")
        self.shahe = self.dongzhai.parent
        self.xinhua = next(t for t in self.towns if t.name == "新华镇")
        self.others = [t for t in self.towns if t.pk not in (self.shahe.pk, self.xinhua.pk)]
        self.communities = [r for r in regions if r.kind == RegionKind.COMMUNITY]
        self.referrals = Referrals(rng)
        self.other_turn = 0

    # -- where ----------------------------------------------------------------------------------------
    def _area_of(self, where: str) -> Region:
        if where == "dongzhai":
            return self.dongzhai
        if where == "shahe":
            return self.rng.choice([a for a in self.areas[self.shahe.pk] if a.pk != self.dongzhai.pk])
        if where == "xinhua":
            return self.rng.choice(self.areas[self.xinhua.pk])
        if where == "state":
            return self.rng.choice(self.state_units)
        town = self.others[self.other_turn % len(self.others)]
        self.other_turn += 1
        return self.rng.choice(self.areas[town.pk])

    def _random_area(self, category: str) -> Region:
        if category == "property-management" and self.communities:
            return self.rng.choice(self.communities)
        if self.rng.random() < 0.02:
            return self.rng.choice(self.state_units)
        town = self.rng.choices(self.towns, weights=[t.population or 1 for t in self.towns])[0]
        return self.rng.choice(self.areas[town.pk])

    def _registrar_for(self, region: Region) -> str:
        roll = self.rng.random()
        if region.pk == self.dongzhai.pk:
            return "grid_dongzhai" if roll < 0.5 else ("mediator_dongzhai" if roll < 0.8 else "centre")
        town = region.ancestor_of_kind(RegionKind.TOWN)
        if town is not None and town.pk == self.shahe.pk and roll < 0.6:
            return "mediator_shahe"
        if town is not None and town.pk == self.xinhua.pk and roll < 0.6:
            return "mediator_xinhua"
        return "centre"

    def _channel_for(self, registrar: str) -> str:
        if registrar == "grid_dongzhai":
            return Channel.GRID_PATROL
        if registrar == "centre":
            options = {
                Channel.WALK_IN: 30, Channel.HOTLINE: 25, Channel.ONLINE: 15, Channel.PETITION: 12,
                Channel.POLICE_TRANSFER: 10, Channel.COURT_DIVERSION: 8,
            }  # fmt: skip
        else:
            options = {
                Channel.WALK_IN: 50, Channel.GRID_PATROL: 25, Channel.HOTLINE: 10,
                Channel.POLICE_TRANSFER: 10, Channel.ONLINE: 5,
            }  # fmt: skip
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    # -- plans ----------------------------------------------------------------------------------------
    def fixed(self, index: int) -> Plan:
        scenario, where, registrar, category, channel, overdue, *lead = FIXED[index]
        area = self._area_of(where)
        return self._plan(scenario, area, registrar, category, channel, overdue, lead=lead[0] if lead else "")

    def random(self) -> Plan:
        category = self.rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        region = self._random_area(category)
        scenarios = [
            s for s in SCENARIO_WEIGHTS if region.kind != RegionKind.STATE_UNIT or s in STATE_UNIT_SCENARIOS
        ]
        scenario = self.rng.choices(scenarios, weights=[SCENARIO_WEIGHTS[s] for s in scenarios])[0]
        registrar = self._registrar_for(region)
        overdue = self.rng.random() < OVERDUE_SHARE
        return self._plan(scenario, region, registrar, category, self._channel_for(registrar), overdue)

    def _plan(self, scenario, region, registrar, category_code, channel, overdue, *, lead="") -> Plan:
        rng = self.rng
        topic = rng.choice(TOPICS[category_code])
        if topic.personal_status and scenario in AGREEMENT_SCENARIOS:
            topic = next((t for t in TOPICS[category_code] if not t.personal_status), topic)
        town = region.ancestor_of_kind(RegionKind.TOWN)
        plan = Plan(
            scenario=scenario,
            region=region,
            town=town,
            category=self.categories[category_code],
            topic=topic,
            registrar=registrar,
            channel=channel,
            risk=topic.risk or rng.choices(list(RiskLevel.values), weights=[3, 10, 62, 25])[0],
            overdue=overdue,
            lead=lead,
        )
        self._describe(plan)
        Path(plan, rng=rng, referrals=self.referrals).build()
        self._schedule(plan)
        return plan

    def _describe(self, plan: Plan) -> None:
        rng, topic = self.rng, plan.topic
        lo, hi = topic.parties
        count = rng.randint(lo, hi)
        organisation = rng.choice(topic.organisations) if topic.organisations and rng.random() < 0.8 else None
        applicants = 1 if count == 1 else max(1, count - 1 - (1 if count == 4 else 0))
        if count == 1:
            roles = [PartyRole.APPLICANT]
        else:
            roles = [PartyRole.APPLICANT] * applicants + [PartyRole.RESPONDENT] * (count - applicants)
            if count == 4 and rng.random() < 0.5:
                roles[-1] = PartyRole.THIRD_PARTY
        parties = []
        for position, role in enumerate(roles):
            first_respondent = role == PartyRole.RESPONDENT and PartyRole.RESPONDENT not in roles[:position]
            if organisation and first_respondent:
                phone = mobile(rng) if rng.random() < 0.5 else ""
                parties.append(
                    {
                        "kind": PartyKind.ORGANISATION,
                        "role": role,
                        "name": organisation,
                        "phone": phone,
                        "address": address(rng, plan.region),
                    }
                )
            else:
                ages = topic.applicant_age if position == 0 else (24, 70)
                parties.append(person(rng, role=role, ages=ages, region=plan.region, year=self.now.year))
        plan.parties = parties
        applicant = parties[0]["name"]
        respondents = [p["name"] for p in parties if p["role"] == PartyRole.RESPONDENT]
        respondent = respondents[0] if respondents else "有关单位"
        amount = None
        if topic.amount:
            amount = Decimal(rng.randrange(topic.amount[0], topic.amount[1] + 1, 100))
        people = rng.randint(*topic.people) if topic.people else len(parties)
        plan.amount, plan.people = amount, max(people, len(parties))
        place = plan.region.name
        if plan.people > len(parties) + 2:
            plan.title = f"{applicant}等{plan.people}人{topic.title}"
        elif respondents:
            plan.title = f"{applicant}与{respondent}{topic.title}"
        else:
            plan.title = f"{applicant}{topic.title}"
        plan.description = (
            topic.description.format(
                a=applicant, b=respondent, place=place, amount=amount or "", n=plan.people
            )
            + DEMO_MARK
        )

    # -- when -----------------------------------------------------------------------------------------
    def _schedule(self, plan: Plan) -> None:
        """Times of the registration and of every step: closed disputes somewhere in the last year, open
        ones so that the clock of their last transition has run out (overdue) or not."""
        rng = self.rng
        offsets, total = [0.0], 0.0
        for op in plan.ops:
            total += op.gap
            offsets.append(total)
        last = max(
            (i + 1 for i, op in enumerate(plan.ops) if op.kind == "t" or op.name == "lead_complete"),
            default=0,
        )
        if plan.final == Status.CLOSED:
            span = max(total + 24, 365 * 24 * rng.random())
            start = self.now - timedelta(hours=span)
        else:
            lag = self._lag_hours(plan)
            tail = offsets[-1] - offsets[last]
            if tail > lag * 0.9:  # the steps after the last transition must fit before now
                scale = lag * 0.9 / tail
                offsets = offsets[: last + 1] + [
                    offsets[last] + (o - offsets[last]) * scale for o in offsets[last + 1 :]
                ]
            start = self.now - timedelta(hours=lag + offsets[last])
        plan.times = [start + timedelta(hours=o) for o in offsets]

    def _lag_hours(self, plan: Plan) -> float:
        """How long ago the last transition of an open dispute was made."""
        rng, state = self.rng, plan.final
        if state == Status.MEDIATING:
            unit, amount = "workdays", 2
        else:
            unit, amount = STATE_DEFAULTS.get(state, (None, None))
        if unit is None:  # no clock runs (litigating)
            return rng.uniform(24, 60 * 24)
        if unit == "workdays":
            return rng.uniform(14, 45) * 24 if plan.overdue else rng.uniform(0.3, 20)
        if plan.overdue:
            return (amount + rng.uniform(2, 25)) * 24
        return rng.uniform(0.05, 0.7) * amount * 24
