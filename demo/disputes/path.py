"""The path of a demo dispute: the steps of its scenario, written into its plan in the order the state
machine allows (DESIGN.md §3)."""

import random

from agencies.choices import RegionKind
from demo.disputes.notes import MINUTES, NOTES
from demo.disputes.plans import Op, Plan
from demo.disputes.referrals import Referrals
from demo.disputes.scenarios import GAPS, LADDER, TARGETS
from disputes.choices import RiskLevel, Status, Tier
from mediation.choices import SessionResult

__all__ = ["Path"]


class Path:
    """Writes the steps of one scenario into a plan, following the state machine of DESIGN.md §3."""

    def __init__(self, plan: Plan, *, rng: random.Random, referrals: Referrals) -> None:
        self.plan, self.rng, self.referrals = plan, rng, referrals
        self.state, self.before_referral = Status.REPORTED, Status.REPORTED
        self.state_unit = plan.region.kind == RegionKind.STATE_UNIT
        self.tier = {
            "grid_dongzhai": Tier.GRID,
            "mediator_dongzhai": Tier.VILLAGE,
            "mediator_shahe": Tier.TOWN,
            "mediator_xinhua": Tier.TOWN,
        }.get(plan.registrar, Tier.COUNTY)

    # -- steps ----------------------------------------------------------------------------------------
    def _gap(self, key: str) -> float:
        lo, hi = GAPS[key]
        return self.rng.uniform(lo, hi)

    def t(self, name: str, **data) -> None:
        if name in NOTES and "note" not in data:
            data["note"] = self.rng.choice(NOTES[name])
        self.plan.ops.append(Op("t", name, data, self._gap(name)))
        if name == "refer":
            self.before_referral = self.state
        self.state = self.before_referral if name == "return_referral" else TARGETS[name]

    def op(self, kind: str, **data) -> None:
        self.plan.ops.append(Op(kind, kind, data, self._gap(kind)))
        if kind == "lead_complete":
            self.state = Status.CLOSED

    def session(self, result: str) -> None:
        self.op("session", result=result, minutes=self.rng.choice(MINUTES[result]))

    # -- pieces ---------------------------------------------------------------------------------------
    def maybe_assess(self, chance: float = 0.5) -> None:
        if self.state == Status.REPORTED and self.rng.random() < chance:
            risk = self.rng.choice([None, None, RiskLevel.BLUE, RiskLevel.YELLOW, RiskLevel.ORANGE])
            self.t("assess", **({"risk_level": risk} if risk else {}))

    def mediate(self, to_tier: str | None = None) -> None:
        """Starts mediation and escalates up to `to_tier` (default: where the registering body sits)."""
        if self.state_unit:
            to_tier = Tier.COUNTY
        to_tier = to_tier or (self.tier if self.tier != Tier.COUNTY else self.rng.choice(LADDER))
        top = LADDER.index(to_tier)
        if self.state_unit:
            start = top
        elif self.tier == Tier.COUNTY:  # the centre dispatches to a rung, usually the lowest ones
            start = self.rng.choices(range(top + 1), weights=[4, 3, 2, 1][: top + 1])[0]
        else:
            start = min(LADDER.index(self.tier), top)
            if start > 0 and self.rng.random() < 0.25:
                start -= 1  # the town committee hands it down to the village committee
        self.maybe_assess()
        self.t("start_mediation", tier=LADDER[start])
        for _rung in range(start, top):
            self.session(SessionResult.FAILED if self.rng.random() < 0.7 else SessionResult.CONTINUING)
            self.t("escalate")

    def refer(self, *, whistle: bool | None = None, supporting_accepts: bool = False) -> None:
        bodies, lead, route = self.referrals.choose(self.plan)
        if whistle is False:
            bodies = [lead]
        elif whistle and len(bodies) == 1:
            extra = [self.referrals.bodies[c].pk for c in ("justice-bureau", "petitions-bureau")]
            bodies += [pk for pk in extra if pk != lead][:1]
        self.t("refer", bodies=bodies, lead=lead, route=route)
        if supporting_accepts and len(bodies) > 1:
            self.op("support_accept")

    def reach_referral(self) -> None:
        roll = self.rng.random()
        if roll < 0.5:
            self.maybe_assess(0.8)
        elif roll < 0.8 and not self.state_unit:
            self.mediate()
            self.session(SessionResult.FAILED)

    def agency(self) -> None:
        self.reach_referral()
        self.refer(supporting_accepts=True)
        self.t("accept_referral")
        if self.rng.random() < 0.6:
            self.session(SessionResult.CONTINUING)

    def agreement(self) -> None:
        self.session(SessionResult.AGREED)
        if self.rng.random() < 0.5:
            self.op("agreement")
            self.t("record_agreement")
        else:  # the agreement's contents come with the transition
            self.t("record_agreement", with_terms=True)

    def agreed(self, to_tier: str | None = None) -> None:
        self.mediate(to_tier)
        if self.rng.random() < 0.4:
            self.session(SessionResult.CONTINUING)
        self.agreement()

    def fulfilling(self) -> None:
        self.agreed()
        self.t("start_follow_up")

    def confirming(self) -> None:
        # A grid station records an on-the-spot agreement but never applies to the court for its
        # confirmation (GRID_STATION_TRANSITIONS): the agreement to be confirmed is a committee's.
        tier = self.tier if self.tier != Tier.COUNTY else self.rng.choice(LADDER)
        self.agreed(Tier.VILLAGE if tier == Tier.GRID else tier)
        self.t("apply_confirmation")

    def court_referred(self) -> None:
        roll = self.rng.random()
        if roll < 0.6 and not self.state_unit:
            self.mediate()
            self.session(SessionResult.FAILED)
        elif roll < 0.8:
            self.agency()
        else:
            self.t("assess")
        self.t("refer_to_court")

    def litigating(self) -> None:
        self.court_referred()
        if self.rng.random() < 0.6:
            self.t("court_accept")
            self.session(SessionResult.FAILED)
        self.t("court_file")

    # -- scenarios ------------------------------------------------------------------------------------
    def build(self) -> None:
        name, _sep, tier = self.plan.scenario.partition(":")
        getattr(self, f"s_{name}")(*([tier] if tier else []))
        self.plan.final = self.state

    def s_reported(self) -> None:
        pass

    def s_assessing(self) -> None:
        self.maybe_assess(1)

    def s_preventing(self) -> None:
        self.maybe_assess(1)
        self.t("prevent")

    def s_prevented(self) -> None:
        self.s_preventing()
        self.t("close_prevented")

    def s_declined(self) -> None:
        self.maybe_assess(0.5)
        self.t("decline")

    def s_mediating(self, tier: str) -> None:
        self.mediate(tier)
        self.session(SessionResult.CONTINUING)

    def s_withdrawn(self) -> None:
        self.mediate()
        self.session(SessionResult.CONTINUING)
        self.t("withdraw")

    def s_referred(self) -> None:
        self.reach_referral()
        self.refer(whistle=False)

    def s_whistle(self) -> None:
        self.reach_referral()
        self.refer(whistle=True, supporting_accepts=self.rng.random() < 0.6)

    def s_agency_handling(self) -> None:
        self.agency()

    def s_admin_decision(self, handling_result: str = "administrative_decision") -> None:
        self.agency()
        self.op("support_accept", all=True)  # every supporting body reports in before the case is closed
        self.op("support_complete", note=self.rng.choice(NOTES["support_complete"]))
        if self.rng.random() < 0.5:
            self.op(
                "lead_complete",
                note=self.rng.choice(NOTES["close_handled"]),
                handling_result=handling_result,
            )
        else:
            self.t("close_handled", handling_result=handling_result)

    # The agencies' other ends (issue 11 item 6): the same walk, another result.
    def s_agency_mediated(self) -> None:
        self.s_admin_decision("mediated_agreement")

    def s_arbitration_award(self) -> None:
        self.s_admin_decision("arbitration_award")

    def s_explained(self) -> None:
        self.s_admin_decision("explained")

    def s_agreed(self) -> None:
        self.agreed()

    def s_agency_agreed(self) -> None:
        self.agency()
        self.agreement()

    def s_fulfilling(self) -> None:
        self.fulfilling()
        if self.rng.random() < 0.6:
            self.op("follow_up", performed=True)

    def s_fulfilled(self) -> None:
        self.fulfilling()
        self.op("follow_up", performed=True)
        self.t("close_fulfilled")

    def s_confirming(self) -> None:
        self.confirming()

    def s_confirmed(self) -> None:
        self.confirming()
        self.t("confirm")

    def s_confirmed_fulfilled(self) -> None:
        self.s_confirmed()
        self.op("follow_up", performed=True)
        self.t("close_fulfilled")

    def s_rejected(self) -> None:
        self.confirming()
        self.t("reject_confirmation")
        self.session(SessionResult.CONTINUING)

    def s_court_referred(self) -> None:
        self.court_referred()

    def s_default(self) -> None:
        self.fulfilling()
        self.op("follow_up", performed=False)
        self.t("report_default")

    def s_court_mediating(self) -> None:
        self.court_referred()
        self.t("court_accept")
        self.session(SessionResult.CONTINUING)

    def s_delegated(self) -> None:
        self.court_referred()
        self.t("court_delegate")
        self.session(SessionResult.CONTINUING)

    def s_litigating(self) -> None:
        self.litigating()

    def _concluded(self, outcome: str, note: int) -> None:
        self.litigating()
        self.t("court_conclude", outcome=outcome, note=NOTES["court_conclude"][note])

    def s_judgment(self) -> None:
        self._concluded("judgment", 0)

    def s_court_mediated(self) -> None:
        self._concluded("court_mediated", 1)

    def s_court_withdrawn(self) -> None:
        self._concluded("withdrawn", 2)

    def s_returned(self) -> None:
        self.maybe_assess(1)
        self.refer(whistle=False)
        self.t("return_referral")
        self.mediate()
        self.agreement()
        self.t("start_follow_up")
        self.op("follow_up", performed=True)
        self.t("close_fulfilled")

    def s_reopened(self) -> None:
        self.rng.choice([self.s_declined, self.s_withdrawn, self.s_fulfilled])()
        self.t("reopen")
