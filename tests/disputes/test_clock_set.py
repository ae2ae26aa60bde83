"""A dispute's clocks are a set (issue 11, items 7 and 8): the ladder's working-day clock and a
statutory limit beside it, each with its own deadline, warning and breach; and the one extension the
law allows a step, recorded with who approved it.

Time is frozen (tests/disputes/test_deadlines.py `Clock`): 2026-03-02 is a Monday.
"""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agencies.models import Body
from disputes.choices import Status, Tier
from disputes.clocks import dispute_clocks
from disputes.deadlines import dispute_time_left, with_clock_state, with_clock_units
from disputes.models import DeadlineBreach, Dispute, DisputeClock, LadderStep
from disputes.signals import deadline_breached, deadline_warning
from disputes.sweep import BREACH, WARNING, deadline_sweep_run
from linze.exceptions import Conflict
from linze.workdays import calendar_days_deadline
from tests.disputes.test_deadlines import Clock, end_of, local
from tests.factories import dispute_in_state, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

Outcome = DeadlineBreach.Outcome


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", new=Clock(local(2026, 3, 2, 10))) as frozen:
        yield frozen


@pytest.fixture
def heard():
    messages = []

    def receiver(signal, sender, **kwargs):
        messages.append({"signal": "breached" if signal is deadline_breached else "warning", **kwargs})

    for signal in (deadline_breached, deadline_warning):
        signal.connect(receiver, weak=False, dispatch_uid="test-clock-set")
    yield messages
    for signal in (deadline_breached, deadline_warning):
        signal.disconnect(dispatch_uid="test-clock-set")


def clocks_of(dispute) -> dict[str, DisputeClock]:
    return {c.kind: c for c in DisputeClock.objects.filter(dispute=dispute).select_related("policy")}


def limit_records(dispute) -> list[tuple[str, str]]:
    return list(
        DeadlineBreach.objects.filter(dispute=dispute, clock="limit")
        .order_by("pk")
        .values_list("kind", "outcome")
    )


# -- two clocks where the law has two ---------------------------------------------------------------------


def test_a_labour_dispute_climbs_the_ladder_and_is_warned_of_its_fifteen_days_by_the_sweep_alone(
    clock, heard, django_capture_on_commit_callbacks
):
    dispute = dispute_in_state("mediating", category_code="labour")  # a grid worker's report, Monday
    clocks = clocks_of(dispute)
    assert (clocks["step"].policy.code, clocks["step"].due_at) == ("ladder-grid", end_of(2026, 3, 3))
    assert (clocks["limit"].policy.code, clocks["limit"].due_at) == ("labour-mediation", end_of(2026, 3, 17))
    assert dispute.due_at == end_of(2026, 3, 3)  # the earliest, for the lists

    # Working day 2: the grid's one working day is over, the ladder escalates (四级七天 is kept).
    clock.now = local(2026, 3, 4, 9)
    assert deadline_sweep_run().escalations == 1
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert (dispute.status, dispute.tier, dispute.holder.code) == (
        Status.MEDIATING,
        Tier.VILLAGE,
        "shahe-dongzhai-committee",
    )
    clocks = clocks_of(dispute)
    assert clocks["step"].due_at == end_of(2026, 3, 6)  # the village's two working days
    assert clocks["limit"].due_at == end_of(2026, 3, 17)  # the escalation does not restart the 15 days

    clock.now = local(2026, 3, 9, 9)
    assert deadline_sweep_run().escalations == 1  # to the town
    clock.now = local(2026, 3, 12, 9)
    assert deadline_sweep_run().escalations == 1  # to the county centre
    assert Dispute.objects.get(pk=dispute.pk).tier == Tier.COUNTY
    assert limit_records(dispute) == []

    # Past 80 % of the fifteen days: the holder is warned of the limit, which moves nothing.
    clock.now = local(2026, 3, 15, 9)
    with django_capture_on_commit_callbacks(execute=True):
        result = deadline_sweep_run()
    assert (result.warnings, result.escalations) == (1, 0)
    assert limit_records(dispute) == [(WARNING, Outcome.ALERTED)]

    # The top of the ladder runs out, then the fifteen days: both recorded, each once, once per clock.
    clock.now = local(2026, 3, 17, 9)
    assert (deadline_sweep_run().breaches, deadline_sweep_run().breaches) == (1, 0)
    clock.now = local(2026, 3, 18, 9)
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_sweep_run().breaches == 1
        assert deadline_sweep_run().breaches == 0
    assert limit_records(dispute) == [(WARNING, Outcome.ALERTED), (BREACH, Outcome.ALERTED)]
    limit_breach = DeadlineBreach.objects.get(dispute=dispute, clock="limit", kind=BREACH)
    assert (limit_breach.holder.code, limit_breach.due_at, limit_breach.policy.code) == (
        "county-centre",
        end_of(2026, 3, 17),
        "labour-mediation",
    )
    assert heard == [
        {"signal": "breached", "dispute_id": dispute.pk, "referral_id": None, "kind": BREACH,
         "breach_id": limit_breach.pk}
    ]  # fmt: skip
    steps = DeadlineBreach.objects.filter(dispute=dispute, clock="step", kind=BREACH).order_by("pk")
    assert [b.outcome for b in steps] == [Outcome.ESCALATED] * 3 + [Outcome.TOP_TIER]

    # The dispute page says what the parties may now do.
    with translation.override("en"):
        readings = {reading.kind: reading for reading in dispute_clocks(Dispute.objects.get(pk=dispute.pk))}
    assert readings["limit"].passed and "申请劳动争议仲裁" in readings["limit"].consequence


def test_a_traffic_dispute_runs_its_ten_days_beside_the_ladder(clock, users):
    dispute = dispute_in_state("mediating", category_code="traffic", reporter=users["mediator_dongzhai"])

    clocks = clocks_of(dispute)
    assert (clocks["step"].policy.code, clocks["step"].due_at) == ("ladder-village", end_of(2026, 3, 4))
    assert (clocks["limit"].policy.code, clocks["limit"].due_at) == ("traffic-mediation", end_of(2026, 3, 12))
    assert (dispute.due_at, dispute.warn_at) == (clocks["step"].due_at, clocks["step"].warn_at)


def test_the_limit_stops_when_the_dispute_leaves_mediation_and_a_closed_dispute_has_no_clocks(clock, users):
    dispute = dispute_in_state("mediating", category_code="labour")
    assert set(clocks_of(dispute)) == {"step", "limit"}

    dispute = transition(dispute, "refer_to_court", user=users["admin"])
    assert set(clocks_of(dispute)) == {"step"}  # the court's intake clock only
    assert dispute.due_at == clocks_of(dispute)["step"].due_at

    dispute = transition(dispute, "withdraw", user=users["admin"])
    assert not DisputeClock.objects.filter(dispute=dispute).exists() and dispute.due_at is None


def test_pausing_stops_every_clock_and_resuming_moves_each_on(clock, users):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("mediating", category_code="labour", reporter=grid, actor=grid)
    before = {kind: (c.due_at, c.warn_at) for kind, c in clocks_of(dispute).items()}

    dispute = transition(dispute, "pause_clock", user=grid, note="等待工伤认定")
    assert all(c.paused_at is not None for c in clocks_of(dispute).values())
    clock.advance(days=20)
    assert deadline_sweep_run().as_dict()["breaches"] == 0  # a stopped clock is not swept

    dispute = transition(dispute, "resume_clock", user=grid, note="工伤认定已作出")
    stopped = clock.now - local(2026, 3, 2, 10)
    after = {kind: (c.due_at, c.warn_at) for kind, c in clocks_of(dispute).items()}
    assert after == {kind: (due + stopped, warn + stopped) for kind, (due, warn) in before.items()}
    assert dispute.due_at == after["step"][0]


# -- extensions: once, by the policy, with who approved it --------------------------------------------


def test_court_pre_litigation_mediation_is_extended_once_by_thirty_days_with_the_parties_consent(
    clock, admin
):
    dispute = dispute_in_state("court_mediating", actor=admin)
    assert dispute.due_at == end_of(2026, 4, 1)  # 30 days

    clock.now = local(2026, 3, 30, 10)
    dispute = transition(
        dispute,
        "extend_clock",
        user=admin,
        approved_by="双方当事人（申请人、被申请人）",
        note="双方同意继续调解",
    )

    assert dispute.due_at == end_of(2026, 5, 1) == clocks_of(dispute)["step"].due_at
    assert dispute.status == Status.COURT_MEDIATING
    event = dispute.events.latest("pk")
    assert (event.transition, event.actor, event.note) == ("extend_clock", admin, "双方同意继续调解")
    assert event.payload == {
        "clock": "step",
        "policy": "court-mediating",
        "extension": 30,
        "unit": "days",
        "extension_basis": "consent",
        "approved_by": "双方当事人（申请人、被申请人）",
        "from_due": end_of(2026, 4, 1).isoformat(),
        "to_due": end_of(2026, 5, 1).isoformat(),
    }

    with translation.override("en"), pytest.raises(Conflict) as refused:  # the law allows one extension
        transition(dispute, "extend_clock", user=admin, approved_by="双方当事人", note="再次延长")
    assert refused.value.code == "wrong_state"
    assert "extended once already" in str(refused.value)  # the refusal says why


def test_an_extension_needs_who_approved_it_and_why(clock, admin):
    dispute = dispute_in_state("court_mediating", actor=admin)

    with pytest.raises(ValidationError) as refused:
        transition(dispute, "extend_clock", user=admin, approved_by="  ", note="")
    assert {"approved_by", "note"} <= set(refused.value.message_dict)
    assert Dispute.objects.get(pk=dispute.pk).due_at == dispute.due_at


def test_a_petition_is_handled_in_sixty_days_extended_by_thirty_with_reasons(clock, users):
    admin, petitions = users["admin"], Body.objects.get(code="petitions-bureau")
    dispute = dispute_in_state("assessing")
    dispute = transition(
        dispute, "refer", user=admin, bodies=[petitions.pk], lead=petitions.pk, route="petition", note="信访"
    )
    dispute = transition(dispute, "accept_referral", user=users["petitions"])
    assert dispute.due_at == calendar_days_deadline(clock.now, 60) == end_of(2026, 5, 1)

    dispute = transition(
        dispute,
        "extend_clock",
        user=users["petitions"],
        approved_by="县信访局局长 马某",
        note="涉及多个部门，情况复杂，已告知信访人延期理由",
    )

    assert dispute.due_at == end_of(2026, 5, 31)
    event = dispute.events.latest("pk")
    assert (event.actor, event.payload["approved_by"], event.payload["extension_basis"]) == (
        users["petitions"],
        "县信访局局长 马某",
        "reasons",
    )
    # The sweep judges the new deadline: nothing is due on the old one.
    clock.now = local(2026, 5, 5, 9)
    assert deadline_sweep_run().breaches == 0


def test_a_step_the_law_does_not_let_extend_offers_no_extension(clock, users):
    dispute = dispute_in_state("agency_handling")  # administrative mediation: 60 days, no extension
    admin = users["admin"]

    with pytest.raises(Conflict) as refused:
        transition(dispute, "extend_clock", user=admin, approved_by="某某", note="理由")
    assert refused.value.code == "wrong_state"


def test_when_the_limit_is_the_earliest_clock_the_dispute_reads_in_its_days(clock, users):
    # A town whose village rung gives twenty working days: labour mediation's fifteen days come first.
    LadderStep.objects.filter(town__isnull=True, tier=Tier.VILLAGE).update(working_days=20)
    dispute = dispute_in_state("mediating", category_code="labour", reporter=users["mediator_dongzhai"])
    clocks = clocks_of(dispute)
    assert dispute.due_at == clocks["limit"].due_at == end_of(2026, 3, 17) < clocks["step"].due_at

    with translation.override("en"):
        alone = dispute_time_left(Dispute.objects.get(pk=dispute.pk))
        (row,) = with_clock_units(with_clock_state(Dispute.objects.filter(pk=dispute.pk)))
        listed = dispute_time_left(row)
        readings = dispute_clocks(dispute)
    assert alone == listed == readings[0].time_left
    assert (alone.unit, alone.label) == ("days", "15 days left")
    assert [(r.kind, r.time_left.unit) for r in readings] == [("limit", "days"), ("step", "workdays")]
