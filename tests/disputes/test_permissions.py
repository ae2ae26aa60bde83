"""Who sees and does what (DESIGN.md §5): each demo role × disputes inside and outside its scope."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404
from django_fsm import can_proceed

from agencies.choices import Role
from agencies.permissions import sees_personal_data
from disputes import services
from disputes.choices import Status
from disputes.models import Dispute
from disputes.transitions import TRANSITIONS
from linze.exceptions import Conflict, NotPermitted
from tests.disputes.conftest import ADMIN, DEMO_ROLES
from tests.factories import (
    DAZHAI,
    DONGZHAI,
    LIAOQUAN,
    UserFactory,
    dispute_in_state,
    register_dispute,
    staff,
    transition,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

ROLES = list(DEMO_ROLES)
DISPUTES = ["dongzhai_village", "xinhua", "escalated", "referred", "in_court", "petition"]

# What each role may read …
VISIBLE = {
    "grid_dongzhai": {"escalated"},  # its grid station held it before
    "mediator_dongzhai": {"dongzhai_village", "escalated", "referred", "in_court"},
    "mediator_shahe": {"escalated"},
    "mediator_xinhua": {"xinhua"},
    "court_clerk": {"in_court"},
    "police_shahe": {"referred"},  # called in on the whistle
    "petitions": {"petition"},
    "labour_dept": {"referred"},
    "leader": set(DISPUTES),  # region-read over the county
    "centre": set(DISPUTES),
}
# … and change (only the holder; never read-only roles).
CHANGEABLE = {
    "grid_dongzhai": set(),
    "mediator_dongzhai": {"dongzhai_village", "referred"},
    "mediator_shahe": {"escalated"},
    "mediator_xinhua": {"xinhua"},
    "court_clerk": {"in_court"},
    "police_shahe": set(),
    "petitions": set(),
    "labour_dept": set(),
    "leader": set(),
    "centre": {"petition"},
}


def _users():
    return {u.username: u for u in get_user_model().objects.filter(username__in=[*DEMO_ROLES, ADMIN])}


@pytest.fixture(scope="module")
def scenario(linze, django_db_blocker) -> dict[str, int]:
    """Six disputes held by different bodies, each brought where it is by the people who hold it."""
    with django_db_blocker.unblock():
        u = _users()
        dongzhai_village = register_dispute(user=u["mediator_dongzhai"], region_code=DONGZHAI)
        xinhua = register_dispute(user=u["mediator_xinhua"], region_code=DAZHAI)

        escalated = dispute_in_state("mediating", reporter=u["grid_dongzhai"], actor=u["grid_dongzhai"])
        escalated = transition(escalated, "escalate", user=u["grid_dongzhai"])
        escalated = transition(escalated, "escalate", user=u["mediator_dongzhai"])

        referred = dispute_in_state("referred", reporter=u["mediator_dongzhai"], actor=u["mediator_dongzhai"])
        in_court = dispute_in_state(
            "court_referred", reporter=u["mediator_dongzhai"], actor=u["mediator_dongzhai"]
        )
        petition = register_dispute(user=None, region_code=LIAOQUAN)
        petitions_bureau = u["petitions"].memberships.get().body
        petition = transition(
            petition,
            "refer",
            user=u["centre"],
            bodies=[petitions_bureau.pk],
            route="petition",
            note="信访事项",
        )
        disputes = {
            "dongzhai_village": dongzhai_village,
            "xinhua": xinhua,
            "escalated": escalated,
            "referred": referred,
            "in_court": in_court,
            "petition": petition,
        }
        assert {key: d.holder.code for key, d in disputes.items()} == {
            "dongzhai_village": "shahe-dongzhai-committee",
            "xinhua": "xinhua-committee",
            "escalated": "shahe-committee",
            "referred": "shahe-dongzhai-committee",
            "in_court": "county-court",
            "petition": "county-centre",
        }
        return {key: d.pk for key, d in disputes.items()}


@pytest.fixture(scope="module")
def by_state(linze, django_db_blocker) -> dict[str, int]:
    with django_db_blocker.unblock():
        return {state: dispute_in_state(state).pk for state in Status.values}


def restricted(user, scenario, action="view") -> set[str]:
    pks = set(
        Dispute.objects.restrict(user, action).filter(pk__in=scenario.values()).values_list("pk", flat=True)
    )
    return {key for key, pk in scenario.items() if pk in pks}


class _Rollback(Exception):
    pass


def attempt(pk: int, user, name: str) -> str:
    """Makes the transition with valid inputs and undoes it: "ok", or the refusal's code."""
    try:
        with transaction.atomic():
            transition(pk, name, user=user)
            raise _Rollback
    except _Rollback:
        return "ok"
    except (NotPermitted, Conflict) as refused:
        return refused.code


# -- restrict() ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_restrict_shows_each_role_exactly_its_disputes(role, users, scenario):
    assert restricted(users[role], scenario) == VISIBLE[role]


@pytest.mark.parametrize("role", ROLES)
def test_restrict_for_change_is_the_holders_only(role, users, scenario):
    assert restricted(users[role], scenario, "change") == CHANGEABLE[role]


def test_anonymous_and_body_less_users_see_nothing(scenario):
    assert restricted(AnonymousUser(), scenario) == set()
    assert restricted(UserFactory(), scenario) == set()


def test_a_town_centre_reads_every_dispute_of_its_town_and_no_other(scenario):
    shahe_centre = staff("shahe-centre", Role.CLERK)

    assert restricted(shahe_centre, scenario) == {"dongzhai_village", "escalated", "referred", "in_court"}
    assert restricted(shahe_centre, scenario, "change") == set()


def test_a_dispute_of_dongzhai_held_by_the_village_committee(users, scenario):
    pk = scenario["dongzhai_village"]
    sees = {role for role in ROLES if Dispute.objects.restrict(users[role]).filter(pk=pk).exists()}
    assert {"mediator_dongzhai", "centre", "leader"} <= sees
    assert not sees & {"mediator_xinhua", "police_shahe"}


# -- outside the scope: 404, whatever the action ------------------------------------------------------------


@pytest.mark.parametrize(
    "role,key", [(role, key) for role in ROLES for key in DISPUTES if key not in VISIBLE[role]]
)
def test_any_transition_outside_the_scope_is_404(role, key, users, scenario):
    pk = scenario[key]
    before = Dispute.objects.get(pk=pk).version
    for name in TRANSITIONS:
        with pytest.raises(Http404):
            transition(pk, name, user=users[role])
    assert Dispute.objects.get(pk=pk).version == before


def test_anonymous_users_get_404(scenario):
    for pk in scenario.values():
        with pytest.raises(Http404):
            transition(pk, "withdraw", user=AnonymousUser())


# -- inside the scope but not the actor: 403 ---------------------------------------------------------


@pytest.mark.parametrize(
    "role,key,name",
    [
        ("grid_dongzhai", "escalated", "escalate"),  # held it before, reads it now
        ("grid_dongzhai", "escalated", "withdraw"),
        ("mediator_dongzhai", "escalated", "escalate"),
        ("mediator_dongzhai", "in_court", "court_accept"),
        ("mediator_dongzhai", "in_court", "withdraw"),
        ("mediator_dongzhai", "referred", "accept_referral"),
        ("police_shahe", "referred", "accept_referral"),  # called in, but not the lead
        ("police_shahe", "referred", "return_referral"),
        ("police_shahe", "referred", "withdraw"),
        ("labour_dept", "referred", "withdraw"),  # the lead, before reporting in
        ("centre", "dongzhai_village", "assess"),  # supervises, does not assess
        ("centre", "dongzhai_village", "decline"),
        ("centre", "in_court", "court_file"),
        ("petitions", "petition", "withdraw"),
        ("leader", "dongzhai_village", "assess"),
    ],
)
def test_inside_the_scope_but_not_the_actor_is_not_permitted(role, key, name, users, scenario):
    assert attempt(scenario[key], users[role], name) == "not_permitted"


@pytest.mark.parametrize(
    "role,key,name",
    [
        ("mediator_dongzhai", "dongzhai_village", "assess"),
        ("mediator_xinhua", "xinhua", "start_mediation"),
        ("mediator_shahe", "escalated", "escalate"),
        ("centre", "escalated", "escalate"),  # the centre's supervision
        ("centre", "dongzhai_village", "refer"),
        ("court_clerk", "in_court", "court_accept"),
        ("labour_dept", "referred", "accept_referral"),
        ("labour_dept", "referred", "return_referral"),
        ("petitions", "petition", "accept_referral"),
        ("mediator_dongzhai", "referred", "withdraw"),
    ],
)
def test_the_actor_may(role, key, name, users, scenario):
    assert attempt(scenario[key], users[role], name) == "ok"


def test_only_the_centre_reopens_a_closed_dispute(users, by_state):
    closed = by_state["closed"]  # withdrawn by 东寨村's grid station, which still reads it

    assert attempt(closed, users["grid_dongzhai"], "reopen") == "not_permitted"
    assert attempt(closed, users["centre"], "reopen") == "ok"


@pytest.mark.parametrize("state", Status.values)
def test_the_leader_reads_every_state_but_may_make_no_transition(state, users, by_state):
    leader, pk = users["leader"], by_state[state]
    dispute = Dispute.objects.get(pk=pk)
    legal = [name for name in TRANSITIONS if can_proceed(getattr(dispute, name), check_conditions=False)]
    assert legal

    assert Dispute.objects.restrict(leader).filter(pk=pk).exists()
    assert {name: attempt(pk, leader, name) for name in legal} == dict.fromkeys(legal, "not_permitted")
    assert services.available_transitions(dispute, leader) == []


# -- personal data -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,key,sees",
    [
        ("mediator_dongzhai", "dongzhai_village", True),  # holder staff
        ("centre", "dongzhai_village", True),
        ("centre", "xinhua", True),
        ("leader", "dongzhai_village", False),
        ("leader", "in_court", False),
        ("mediator_dongzhai", "escalated", False),  # held it before
        ("mediator_shahe", "escalated", True),
        ("police_shahe", "referred", False),
        ("labour_dept", "referred", False),  # not until it reports in
        ("court_clerk", "in_court", True),
        ("admin", "xinhua", True),
    ],
)
def test_who_sees_personal_data_unmasked(role, key, sees, users, scenario):
    dispute = Dispute.objects.get(pk=scenario[key])
    assert sees_personal_data(users[role], holder_id=dispute.holder_id) is sees


# -- available_transitions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,key,names",
    [
        (
            "mediator_dongzhai",
            "dongzhai_village",
            {"assess", "start_mediation", "refer", "withdraw", "decline", "pause_clock", "merge"},
        ),
        ("centre", "dongzhai_village", {"refer", "pause_clock", "merge"}),
        ("leader", "dongzhai_village", set()),
        ("mediator_xinhua", "dongzhai_village", set()),
        ("court_clerk", "in_court", {"court_accept", "court_delegate", "court_file", "withdraw"}),
        ("mediator_dongzhai", "in_court", set()),
        ("labour_dept", "referred", {"accept_referral", "return_referral"}),
        ("police_shahe", "referred", set()),
        ("mediator_dongzhai", "referred", {"withdraw", "add_support"}),
        (
            "mediator_shahe",
            "escalated",
            {"escalate", "refer", "record_agreement", "refer_to_court", "withdraw", "pause_clock", "merge"},
        ),
        ("centre", "escalated", {"escalate", "refer", "pause_clock", "merge"}),
        ("grid_dongzhai", "escalated", set()),
    ],
)
def test_available_transitions_lists_the_users_buttons(role, key, names, users, scenario):
    dispute = Dispute.objects.get(pk=scenario[key])
    available = services.available_transitions(dispute, users[role])
    assert {t["name"] for t in available} == names
    blocked = {t["name"]: t["blocked_by"] for t in available if t["blocked_by"]}
    if "record_agreement" in names:  # no agreement yet: the button says why it is not ready
        assert set(blocked) == {"record_agreement"}
    else:
        assert blocked == {}


@pytest.mark.parametrize("role", [*ROLES, "admin"])
def test_available_transitions_are_exactly_those_the_service_lets_the_user_make(role, users, scenario):
    user = users[role]
    visible = set(DISPUTES) if role == ADMIN else VISIBLE[role]
    for key in DISPUTES:
        pk = scenario[key]
        dispute = Dispute.objects.get(pk=pk)
        available = {t["name"]: t["blocked_by"] for t in services.available_transitions(dispute, user)}
        if key not in visible:
            assert available == {}, key
            continue
        for name in TRANSITIONS:
            outcome = attempt(pk, user, name)
            if name in available:
                # A guard may still stand in the way (the button says which); the inputs of
                # record_agreement can satisfy its guard by bringing the agreement along.
                assert outcome == "ok" or (outcome == "guard" and available[name]), (key, name, outcome)
            else:
                assert outcome in {"not_permitted", "wrong_state"}, (key, name, outcome)


def test_no_buttons_for_anonymous_users(scenario):
    dispute = Dispute.objects.get(pk=scenario["dongzhai_village"])
    assert services.available_transitions(dispute, AnonymousUser()) == []
    assert services.available_transitions(dispute, None) == []


def test_a_bodys_staff_read_their_disputes_through_one_condition_on_viewer_bodies(users):
    """The view scope of a mediator is one overlap on the GIN-indexed viewer_bodies, not that OR the
    holder's open disputes (a subset of it, which would only make the planner combine two indexes);
    the holder condition belongs to "change"."""
    mediator = users["mediator_dongzhai"]

    view_sql = str(Dispute.objects.restrict(mediator, "view").query).split(" WHERE ")[1]
    change_sql = str(Dispute.objects.restrict(mediator, "change").query).split(" WHERE ")[1]

    assert "viewer_bodies" in view_sql and '"holder_id" IN' not in view_sql
    assert '"holder_id" IN' in change_sql and "viewer_bodies" not in change_sql
