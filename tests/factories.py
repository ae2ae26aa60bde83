"""Test data: users and their places in bodies, parties, and disputes driven through the services.

The reference data (regions, bodies, categories, the ladder) comes from `load_linze`; factories look
bodies and regions up by code instead of inventing them. A dispute is only ever moved by
`disputes.services` — `dispute_in_state()` walks it there transition by transition, exactly as users
would, so every row beside it (events, grants, referrals, agreements) is what the engine writes.
"""

import itertools
from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from agencies.choices import BodyKind, Role
from agencies.models import Body, Membership, Region
from agencies.permissions import acting_body_ids
from disputes import services
from disputes.models import Category, Dispute

# Region codes of agencies/reference/linze.py used throughout the tests.
DONGZHAI = "620723101201"  # 沙河镇东寨村
XIZHAI = "620723101202"  # 沙河镇西寨村
DAZHAI = "620723102201"  # 新华镇大寨村
LIAOQUAN = "620723103204"  # 蓼泉镇蓼泉村

DEFAULT_CATEGORY = "neighbour"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    last_name = factory.Faker("last_name", locale="zh_CN")
    first_name = factory.Faker("first_name", locale="zh_CN")
    password = factory.django.Password("linze-test")
    is_active = True


class SuperUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n:04d}")
    is_staff = True
    is_superuser = True


class MembershipFactory(DjangoModelFactory):
    """A person's place in a body: `MembershipFactory(body_code="county-centre", role=Role.CLERK)`."""

    class Meta:
        model = Membership

    class Params:
        body_code = "county-centre"

    user = factory.SubFactory(UserFactory)
    body = factory.LazyAttribute(lambda o: Body.objects.get(code=o.body_code))
    role = Role.CLERK
    is_primary = True


def staff(body_code: str, role: str = Role.CLERK, **user_fields):
    """A new user working in the body with this code (and so in its group)."""
    user = UserFactory(**user_fields)
    for code in [body_code] if isinstance(body_code, str) else body_code:
        MembershipFactory(user=user, body_code=code, role=role)
    return user


class PartyDataFactory(factory.DictFactory):
    """One party as `dispute_register(parties=[...])` takes it: valid ID number and mobile."""

    kind = "person"
    role = "applicant"
    name = factory.Faker("name", locale="zh_CN")
    id_number = factory.Faker("ssn", locale="zh_CN")
    phone = factory.Faker("phone_number", locale="zh_CN")
    address = factory.Faker("street_address", locale="zh_CN")


def parties_data(count: int = 2) -> list[dict]:
    """An applicant and respondents."""
    return [PartyDataFactory(role="applicant" if i == 0 else "respondent") for i in range(count)]


def dispute_data(*, region_code: str = DONGZHAI, category_code: str = DEFAULT_CATEGORY, **fields) -> dict:
    data = {
        "title": "宅基地界址纠纷",
        "description": "两户村民因宅基地界址发生争执，多次协商未果。",
        "category": Category.objects.get(code=category_code),
        "region": Region.objects.get(code=region_code),
    }
    data.update(fields)
    return data


def register_dispute(*, user=None, region_code: str = DONGZHAI, parties: list[dict] | None = None, **fields):
    """Registers a dispute through `dispute_register` as `user` (None: an online submission)."""
    return services.dispute_register(
        user=user,
        data=dispute_data(region_code=region_code, **fields),
        parties=parties if parties is not None else parties_data(),
    )


def grid_station_of(region_code: str) -> Body:
    region = Region.objects.get(code=region_code).ancestor_of_kind("village", "community")
    return Body.objects.get(kind=BodyKind.GRID_STATION, region=region)


# -- walking a dispute to a state ------------------------------------------------------------------

# The shortest walk from registration to each state.
ROUTES: dict[str, list[str]] = {
    "reported": [],
    "assessing": ["assess"],
    "preventing": ["assess", "prevent"],
    "mediating": ["start_mediation"],
    "referred": ["refer"],
    "agency_handling": ["refer", "accept_referral"],
    "agreed": ["start_mediation", "record_agreement"],
    "fulfilling": ["start_mediation", "record_agreement", "start_follow_up"],
    "confirming": ["start_mediation", "record_agreement", "apply_confirmation"],
    "court_referred": ["assess", "refer_to_court"],
    "court_mediating": ["assess", "refer_to_court", "court_accept"],
    "litigating": ["assess", "refer_to_court", "court_file"],
    "closed": ["withdraw"],
}

# The step into a state from another one (`via`), where it is not the usual one.
_STEP_INTO = {
    ("court_referred", "fulfilling"): "report_default",
    ("mediating", "court_referred"): "court_delegate",
    ("mediating", "confirming"): "reject_confirmation",
    ("closed", "preventing"): "close_prevented",
    ("closed", "agency_handling"): "close_handled",
    ("closed", "fulfilling"): "close_fulfilled",
    ("closed", "litigating"): "court_conclude",
}
_USUAL_STEP_INTO = {
    "referred": "refer",
    "agreed": "record_agreement",
    "court_referred": "refer_to_court",
    "mediating": "start_mediation",
    "closed": "withdraw",
}


def route_to(state: str, *, via: str | None = None) -> list[str]:
    if via is None:
        return list(ROUTES[state])
    step = _STEP_INTO.get((state, via)) or _USUAL_STEP_INTO[state]
    return [*ROUTES[via], step]


_CASE_SEQUENCE = itertools.count(1)


def case_number(case_type: str = "民初") -> str:
    """A fresh case number 案号 of Linze's court, e.g. （2026）甘0723民初1号 (unique in the test run)."""
    return f"（{timezone.localdate().year}）甘0723{case_type}{next(_CASE_SEQUENCE)}号"


def merge_survivor(*, user=None) -> Dispute:
    """A fresh duplicate to merge into: registered online (held by the county centre) and visible to the
    bodies `user` acts for, as a dispute they held or were called in on would be."""
    survivor = register_dispute()
    if user is not None:
        services.dispute_grants_sync(
            dispute=survivor, also_view=list(Body.objects.filter(pk__in=acting_body_ids(user)))
        )
    return survivor


def transition_data(name: str, *, effective_on: date | None = None, user=None) -> dict:
    """Valid inputs for each transition (the forms of disputes/transition_forms.py)."""
    if name == "refer":
        labour, police = Body.objects.get(code="labour-dept"), Body.objects.get(code="shahe-police")
        return {
            "bodies": [labour.pk, police.pk],
            "lead": labour.pk,
            "route": "administrative_mediation",
            "note": "请人社局牵头，派出所配合",
        }
    if name == "add_support":
        union = Body.objects.get(code="trade-union")
        return {"bodies": [union.pk], "note": "请县总工会配合调解"}
    if name == "record_agreement":
        data = {"facts": "双方因宅基地界址发生争执", "terms": "按原界址砌墙，一方补偿对方500元"}
        if effective_on is not None:
            data["effective_on"] = effective_on.isoformat()
        return data
    if name == "merge":
        return {"into": merge_survivor(user=user).code, "note": "同一当事人就同一宅基地界址重复登记"}
    if name == "court_file":
        return {"case_number": case_number()}
    if name in ("confirm", "reject_confirmation"):
        reasons = {"reject_confirmation": {"note": "协议内容违反法律强制性规定"}}.get(name, {})
        return {"case_number": case_number("民特"), **reasons}
    return {
        "assess": {"risk_level": "orange"},
        "escalate": {"note": "本级调解未果，提请上一级调解"},
        "return_referral": {"note": "不属于本部门职责范围"},
        "close_handled": {"note": "已作出行政处理决定", "handling_result": "administrative_decision"},
        "report_default": {"note": "被申请人未按期履行"},
        "refer_to_court": {"note": "当事人坚持起诉"},
        "court_conclude": {"outcome": "judgment"},
        "withdraw": {"note": "申请人撤回申请"},
        "decline": {"note": "属劳动争议，请向县劳动人事争议仲裁委员会申请仲裁"},
        "reopen": {"note": "纠纷再次发生"},
        "pause_clock": {"note": "等待伤残鉴定意见"},
        "resume_clock": {"note": "伤残鉴定意见已送达"},
        "extend_clock": {"approved_by": "双方当事人", "note": "双方同意延长调解期限"},
    }.get(name, {})


def transition(dispute, name: str, *, user, **data) -> Dispute:
    """One transition through the service, with the default valid inputs unless `data` is given."""
    return services.dispute_transition(
        dispute_id=getattr(dispute, "pk", dispute),
        user=user,
        name=name,
        data=data or transition_data(name, user=user),
    )


_GRID_WORKER = object()


def dispute_in_state(
    state: str,
    *,
    actor=None,
    reporter=_GRID_WORKER,
    region_code: str = DONGZHAI,
    via: str | None = None,
    path: list[str] | None = None,
    parties: list[dict] | None = None,
    effective_on: date | None = None,
    **fields,
) -> Dispute:
    """A fresh dispute registered by `reporter` and walked to `state` by `actor`, through the services.

    `reporter` defaults to a new grid worker of the region's grid station, so the dispute starts on
    the first rung of the ladder; pass None for an online submission (held by the county centre).
    `actor` defaults to a new superuser. `via` names the state the last step comes from
    (`dispute_in_state("referred", via="mediating")`); `path` gives the transitions outright.
    """
    if reporter is _GRID_WORKER:
        reporter = staff(grid_station_of(region_code).code, Role.GRID_WORKER)
    actor = actor or SuperUserFactory()
    dispute = register_dispute(user=reporter, region_code=region_code, parties=parties, **fields)
    for name in path if path is not None else route_to(state, via=via):
        dispute = services.dispute_transition(
            dispute_id=dispute.pk,
            user=actor,
            name=name,
            data=transition_data(name, effective_on=effective_on),
        )
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert dispute.status == state, (
        f"walked {path or route_to(state, via=via)} but landed in {dispute.status}"
    )
    return dispute
