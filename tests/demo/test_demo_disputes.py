"""The demo disputes of `seed_demo`: made through the services, covering the whole state machine."""

import random
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from agencies.models import Region
from demo.accounts import DemoDataError
from demo.disputes import DEMO_MARK, demo_disputes_create
from demo.disputes.planner import Planner
from demo.disputes.scenarios import FIXED, LADDER
from disputes.choices import Channel, Outcome, ReferralStatus, Status, Tier
from disputes.models import Dispute, DisputeGroupObjectPermission, Party, Referral
from disputes.validators import validate_mobile, validate_resident_id

pytestmark = pytest.mark.django_db

DEMO_COUNT = 60
# Every outcome a transition can give; `merged` has no transition yet.
REACHABLE_OUTCOMES = set(Outcome.values) - {Outcome.MERGED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeds once for the module, inside a transaction rolled back at its end; each test runs in a
    savepoint of it (pytest-django's own atomic block), so the tests cannot disturb one another."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_linze", verbosity=0)
        call_command("seed_demo", disputes=DEMO_COUNT, verbosity=0)
        yield
        transaction.set_rollback(True)


# These two run first, before the module's demo set exists (module fixtures live until the module ends).


def test_no_disputes_creates_the_accounts_only():
    call_command("load_linze", verbosity=0)

    call_command("seed_demo", no_disputes=True)

    assert get_user_model().objects.filter(username="mediator_dongzhai").exists()
    assert not Dispute.objects.exists()


def test_demo_disputes_need_the_demo_accounts():
    call_command("load_linze", verbosity=0)

    with pytest.raises(DemoDataError, match="seed_demo"):
        demo_disputes_create(count=5)
    assert not Dispute.objects.exists()


def _disputes():
    return list(Dispute.objects.select_related("holder", "town"))


def test_the_set_covers_every_state_tier_outcome_channel_and_town(demo):
    disputes = _disputes()

    assert len(disputes) == DEMO_COUNT
    assert all(d.description.endswith(DEMO_MARK) for d in disputes)
    assert {d.status for d in disputes} == set(Status.values)
    assert {d.tier for d in disputes} == set(Tier.values)
    assert {d.outcome for d in disputes if d.status == Status.CLOSED} == REACHABLE_OUTCOMES
    assert {d.channel for d in disputes} == set(Channel.values)
    assert {d.town.name for d in disputes if d.town.kind == "town"} == set(
        Region.objects.filter(kind="town").values_list("name", flat=True)
    )
    whistles = Dispute.objects.filter(status=Status.REFERRED, referrals__is_lead=False).distinct()
    assert whistles.exists(), "a whistle (several bodies, one lead) is waiting for report-in"


def test_every_timeline_starts_with_registration_and_chains_state_to_state(demo):
    for dispute in _disputes():
        events = list(dispute.events.order_by("created_at", "id"))
        assert events[0].transition == "register", dispute.code
        assert events[0].from_status == "" and events[0].created_at == dispute.opened_at, dispute.code
        for before, after in pairwise(events):
            assert after.from_status == before.to_status, (dispute.code, before, after)
            assert after.created_at >= before.created_at, (dispute.code, before, after)
        assert events[-1].to_status == dispute.status, dispute.code
        assert events[-1].created_at <= timezone.now(), dispute.code


def test_the_holder_may_change_each_open_dispute_and_nobody_a_closed_one(demo):
    change = set(
        DisputeGroupObjectPermission.objects.filter(permission__codename="change_dispute").values_list(
            "content_object_id", "group_id"
        )
    )
    for dispute in _disputes():
        if dispute.is_open:
            assert (dispute.pk, dispute.holder.group_id) in change, dispute.code
        else:
            assert not any(pk == dispute.pk for pk, _group in change), dispute.code


def test_some_open_disputes_are_overdue_and_most_are_not(demo):
    now = timezone.now()
    clocked = [d for d in _disputes() if d.is_open and d.due_at is not None]
    overdue = [d for d in clocked if d.due_at < now]

    assert overdue
    assert len(overdue) < len(clocked) / 3
    # History for the dashboards: opening dates spread over most of a year.
    opened = [d.opened_at for d in _disputes()]
    assert (max(opened) - min(opened)).days > 180


def test_every_demo_login_has_work_in_its_inbox(demo):
    """An open dispute the user's body may change, or a referral waiting for it to report in."""
    # Leaders and grid liaisons only read (the liaisons what they are asked about): no inbox of their own.
    users = (
        get_user_model()
        .objects.exclude(username__in=["admin", "leader"])
        .exclude(memberships__role="liaison")
    )
    for user in users:
        holds = Dispute.objects.restrict(user, "change").open().exists()
        awaited = Referral.objects.restrict(user, "change").filter(status=ReferralStatus.PENDING).exists()
        assert holds or awaited, user.username
    for username in ["police_shahe", "labour_dept", "petitions"]:
        user = get_user_model().objects.get(username=username)
        assert Referral.objects.restrict(user, "change").filter(status=ReferralStatus.PENDING).exists(), (
            username
        )


def test_parties_have_valid_resident_ids_and_mobiles(demo):
    parties = list(Party.objects.all())
    with_id = [p for p in parties if p.id_number]
    assert len(with_id) > len(parties) / 2
    for party in with_id:
        validate_resident_id(party.id_number)
        assert party.id_number.startswith("620723"), party.id_number
    for party in parties:
        if party.phone:
            validate_mobile(party.phone)


def test_seed_demo_twice_adds_no_disputes(demo, capsys):
    before = Dispute.objects.count()

    call_command("seed_demo", disputes=DEMO_COUNT)

    assert Dispute.objects.count() == before
    assert "already there, none added" in capsys.readouterr().out
    assert demo_disputes_create(count=5)["skipped"]


def test_the_default_set_never_asks_a_grid_station_to_apply_for_confirmation():
    """`seed_demo` makes 300 disputes by default; the module's set of 60 never reached the plan that
    once had a grid station apply to the court (refused: only committees apply), so every plan of the
    default set is walked here, rung by rung, without writing it."""
    call_command("load_linze", verbosity=0)
    rng = random.Random(2026)  # demo_disputes_create's seed
    planner = Planner(rng, timezone.now())
    plans = [planner.fixed(i) for i in range(len(FIXED))]
    plans += [planner.random() for _ in range(300 - len(plans))]
    applying_tiers = []
    for plan in plans:
        tier = None
        for op in plan.ops:
            if op.name == "start_mediation":
                tier = op.data["tier"]
            elif op.name == "escalate":
                tier = LADDER[LADDER.index(tier) + 1]
            elif op.name == "apply_confirmation":
                applying_tiers.append(tier)
    assert applying_tiers, "the default set applies for judicial confirmation"
    assert Tier.GRID not in applying_tiers
