"""The writer: carries out the plans of demo disputes through the real services, at the moments the plans
give (a Clock stands in for django.utils.timezone.now)."""

import itertools
import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from agencies.choices import BodyKind
from agencies.models import Body, Region
from demo.accounts import DEMO_ACCOUNTS, DEMO_ADMIN, DemoDataError
from demo.disputes.notes import FOLLOW_UP_NOTES
from demo.disputes.plans import DEMO_MARK, Op, Plan
from demo.disputes.scenarios import CENTRE_TRANSITIONS
from disputes.choices import PartyRole, ReferralStatus
from disputes.models import Dispute, Referral
from disputes.services import (
    dispute_register,
    dispute_transition,
    referral_accept_supporting,
    referral_complete,
)
from mediation.case_numbers import court_code
from mediation.models import CourtCase, JudicialConfirmation
from mediation.services import agreement_create, follow_up_record, session_log

__all__ = ["Clock", "Writer"]

# The case type 类型代字 of the court's steps that record a case number 案号.
CASE_TYPES = {"court_file": "民初", "confirm": "民特", "reject_confirmation": "民特"}


class Clock:
    """Stands in for django.utils.timezone.now while the demo is written."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now


class Writer:
    """Carries out plans through the services, acting as the demo account of the body concerned."""

    def __init__(self, clock: Clock, rng: random.Random) -> None:
        self.clock, self.rng = clock, rng
        User = get_user_model()
        usernames = [DEMO_ADMIN[0]] + [username for username, *_rest in DEMO_ACCOUNTS]
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        if missing := sorted(set(usernames) - self.users.keys()):
            raise DemoDataError(
                f"The demo accounts {', '.join(missing)} do not exist: run `seed_demo` first."
            )
        bodies = Body.objects.in_bulk([code for *_rest, code, _role in DEMO_ACCOUNTS], field_name="code")
        self.user_of_body = {
            bodies[code].pk: self.users[username]
            for username, _family, _given, code, role in DEMO_ACCOUNTS
            if role != "leader"
        }
        self.admin, self.centre = self.users[DEMO_ADMIN[0]], self.users["centre"]
        # Case numbers go on from those an earlier run wrote, so that each stays unique.
        numbered = CourtCase.objects.count() + JudicialConfirmation.objects.exclude(case_number="").count()
        self.case_sequence = itertools.count(numbered + 1)

    def _user_for(self, body_id: int, transition: str = "") -> object:
        user = self.user_of_body.get(body_id)
        if user is not None:
            return user
        return self.centre if transition in CENTRE_TRANSITIONS else self.admin

    def write(self, plan: Plan) -> Dispute:
        self.clock.now = plan.times[0]
        dispute = dispute_register(
            user=self.users[plan.registrar],
            data={
                "title": plan.title,
                "description": plan.description,
                "category": plan.category,
                "region": plan.region,
                "channel": plan.channel,
                "amount": plan.amount,
                "people_involved": plan.people,
                "personal_status_matter": plan.topic.personal_status,
                "risk_level": plan.risk,
            },
            parties=plan.parties,
        )
        for op, when in zip(plan.ops, plan.times[1:], strict=True):
            self.clock.now = when
            try:
                self._step(dispute.pk, plan, op)
            except Exception as error:
                raise DemoDataError(
                    f"Demo dispute {dispute.code} ({plan.scenario}): step {op.name} failed: {error!r}"
                ) from error
        return dispute

    def _step(self, dispute_id: int, plan: Plan, op: Op) -> None:
        dispute = Dispute.objects.select_related("holder").get(pk=dispute_id)
        now = self.clock.now
        if op.kind == "t":
            data = dict(op.data)
            if data.pop("with_terms", False):
                data.update(self._agreement_fields(plan, dispute, now))
                # RecordAgreementForm has no obligations field: they would be dropped silently.
                data.pop("obligations")
            if op.name in CASE_TYPES:
                court, case_type = court_code(dispute.holder), CASE_TYPES[op.name]
                data["case_number"] = f"（{now.year}）{court}{case_type}{next(self.case_sequence)}号"
            body_id = dispute.holder_id
            if op.name in ("accept_referral", "return_referral"):
                body_id = dispute.pending_lead_referral.body_id
            user = self.centre if op.name == "reopen" else self._user_for(body_id, op.name)
            dispute_transition(dispute_id=dispute_id, user=user, name=op.name, data=data)
        elif op.kind == "session":
            holder = dispute.holder
            user = self._user_for(holder.pk)
            names = "、".join(p["name"] for p in plan.parties)
            session_log(
                dispute_id=dispute_id,
                user=user,
                data={
                    "held_at": now - timedelta(minutes=self.rng.randint(20, 90)),
                    "place": _place(holder, plan.region),
                    "attendees": f"当事人：{names}；调解员：{user.last_name}{user.first_name}",
                    "minutes": op.data["minutes"],
                    "result": op.data["result"],
                },
            )
        elif op.kind == "agreement":
            agreement_create(
                dispute_id=dispute_id,
                user=self._user_for(dispute.holder_id),
                data=self._agreement_fields(plan, dispute, now),
            )
        elif op.kind == "follow_up":
            performed = op.data["performed"]
            follow_up_record(
                dispute_id=dispute_id,
                user=self._user_for(dispute.holder_id),
                data={
                    "visited_at": now,
                    "performed": performed,
                    "note": self.rng.choice(FOLLOW_UP_NOTES[performed]),
                },
            )
        elif op.kind == "support_accept":
            for referral in Referral.objects.filter(
                dispute_id=dispute_id, is_lead=False, status=ReferralStatus.PENDING
            ):
                if op.data.get("all") or self.rng.random() < 0.75:
                    referral_accept_supporting(referral_id=referral.pk, user=self._user_for(referral.body_id))
        elif op.kind == "support_complete":
            for referral in Referral.objects.filter(
                dispute_id=dispute_id, is_lead=False, status=ReferralStatus.ACCEPTED
            ):
                referral_complete(
                    referral_id=referral.pk, user=self._user_for(referral.body_id), result=op.data["note"]
                )
        elif op.kind == "lead_complete":
            lead = Referral.objects.get(dispute_id=dispute_id, is_lead=True, status=ReferralStatus.ACCEPTED)
            referral_complete(
                referral_id=lead.pk,
                user=self._user_for(lead.body_id),
                result=op.data["note"],
                handling_result=op.data.get("handling_result", "administrative_decision"),
            )
        else:
            raise ValueError(op.kind)

    def _agreement_fields(self, plan: Plan, dispute: Dispute, now: datetime) -> dict:
        """Facts, terms and performance of an agreement; obligations name the first respondent."""
        topic, rng = plan.topic, self.rng
        today = timezone.localdate(now)
        due = today + timedelta(days=rng.choice([7, 15, 30, 45, 60]))
        parties = list(dispute.parties.all())
        applicant = parties[0]
        respondent = next((p for p in parties if p.role == PartyRole.RESPONDENT), applicant)
        agreed_amount = None
        if plan.amount:
            agreed_amount = (plan.amount * Decimal(rng.choice([6, 7, 8, 9, 10])) / 10).quantize(
                Decimal("100")
            )
        terms = topic.terms.format(
            a=applicant.name,
            b=respondent.name,
            amount=agreed_amount or "",
            monthly=(agreed_amount or Decimal(1200)) // 12 // 10 * 10,
            due=f"{due.year}年{due.month}月{due.day}日",
        )
        obligations = [
            {"obligor": respondent, "description": terms[:300], "amount": agreed_amount, "due_on": due}
        ]
        return {
            "facts": plan.description.removesuffix(DEMO_MARK),
            "terms": terms,
            "performance": f"于{due.year}年{due.month}月{due.day}日前履行完毕，由调解组织回访督促。",
            "effective_on": today,
            "obligations": obligations,
        }


def _place(holder: Body, region: Region) -> str:
    kind = holder.kind
    if kind == BodyKind.GRID_STATION:
        return f"{region.name}当事人家中"
    if kind == BodyKind.VILLAGE_COMMITTEE:
        return f"{region.name}村（居）委会调解室"
    if kind == BodyKind.COUNTY_CENTRE:
        return "临泽县综治中心安贵调解室"
    if kind in (BodyKind.COURT, BodyKind.TRIBUNAL):
        return "临泽县人民法院诉调对接中心"
    return f"{holder.name}调解室"
