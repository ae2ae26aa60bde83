"""The court's clocks in their steps (issue 11, item 8): a judicial confirmation is accepted (or
refused) within 3 days, then decided within 15 days of acceptance, extendable once by 10 with the
president's approval — a recorded extension, an event with its approver, not an edit of the deadline;
and police public-order mediation has at most two sessions, the second within 7 working days.

Time is frozen from Monday 2 March 2026 (tests/disputes/test_deadlines.py `Clock`).
"""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from disputes.choices import Status
from disputes.models import DeadlineBreach, Dispute, DisputeClock
from disputes.sweep import BREACH, deadline_sweep_run
from linze.exceptions import Conflict
from mediation import services as mediation_services
from mediation.models import JudicialConfirmation
from tests.disputes.test_deadlines import Clock, end_of, local
from tests.disputes.test_time_left_everywhere import refer
from tests.factories import case_number, transition
from tests.mediation.fixtures import village_dispute

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", new=Clock(local(2026, 3, 2, 10))) as frozen:
        yield frozen


def step_clock(dispute) -> DisputeClock:
    return DisputeClock.objects.select_related("policy").get(dispute=dispute, kind="step")


def court_act(client, dispute, name: str, **data):
    data.setdefault("version", Dispute.objects.get(pk=dispute.pk).version)
    return client.post(reverse("court:act", args=[dispute.code, name]), data, follow=True)


def test_a_confirmation_is_accepted_in_3_days_decided_in_15_and_extended_by_10_with_approval(
    clock, client_for, users
):
    dispute = village_dispute(users, state="confirming")
    assert (step_clock(dispute).policy.code, dispute.due_at) == ("confirming", end_of(2026, 3, 5))  # 3 days

    # Step one: the court accepts on the second day; the decision's 15 days count from then.
    clock.now = local(2026, 3, 4, 9)
    court = client_for("court_clerk")  # signed in that morning: a session ends after 30 idle minutes
    assert court_act(court, dispute, "accept_confirmation").status_code == 200
    dispute = Dispute.objects.get(pk=dispute.pk)
    confirmation = JudicialConfirmation.objects.get(dispute=dispute)
    assert (dispute.status, confirmation.accepted_at, confirmation.decided_at) == (
        Status.CONFIRMING,
        clock.now,
        None,
    )
    assert (step_clock(dispute).policy.code, dispute.due_at) == ("confirmation-decision", end_of(2026, 3, 19))
    accepted = dispute.events.latest("pk")
    assert (accepted.transition, accepted.actor, accepted.payload["confirmation"]) == (
        "accept_confirmation",
        users["court_clerk"],
        confirmation.pk,
    )
    with pytest.raises(Conflict) as refused:  # accepted once
        transition(dispute, "accept_confirmation", user=users["court_clerk"])
    assert refused.value.code == "wrong_state"

    # Step two, extended: the president approved ten more days. The deadline moves by an event.
    clock.now = local(2026, 3, 18, 15)
    court = client_for("court_clerk")  # signed in again: a session does not last two weeks
    court_act(court, dispute, "extend_clock", approved_by="院长 李明", note="案情复杂，需要进一步核实")
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert dispute.due_at == end_of(2026, 3, 29) == step_clock(dispute).due_at
    extension = dispute.events.latest("pk")
    assert (extension.transition, extension.actor, extension.note) == (
        "extend_clock",
        users["court_clerk"],
        "案情复杂，需要进一步核实",
    )
    assert (
        extension.payload["approved_by"],
        extension.payload["extension"],
        extension.payload["to_due"],
    ) == (
        "院长 李明",
        10,
        end_of(2026, 3, 29).isoformat(),
    )
    page = court.get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    approved = page.split('data-testid="approved-by"', 1)[1].split("</div>", 1)[0]
    assert "院长 李明" in approved and "2026" in approved
    with pytest.raises(Conflict) as refused:  # +10 once, never +20
        transition(dispute, "extend_clock", user=users["court_clerk"], approved_by="院长 李明", note="再延")
    assert refused.value.code == "wrong_state"

    # Nothing is overdue on the old deadline; the decision ends the clock.
    clock.now = local(2026, 3, 21, 9)
    assert deadline_sweep_run().breaches == 0
    court = client_for("court_clerk")
    court_act(court, dispute, "confirm", case_number=case_number("民特"), note="协议合法有效")
    dispute = Dispute.objects.get(pk=dispute.pk)
    confirmation.refresh_from_db()
    assert dispute.status == Status.FULFILLING
    assert (confirmation.accepted_at, confirmation.ruling) == (local(2026, 3, 4, 9), "valid")
    assert step_clock(dispute).policy.code == "fulfilling"


def test_a_confirmation_not_accepted_in_3_days_is_overdue_and_the_court_is_alerted(clock, users):
    dispute = village_dispute(users, state="confirming")

    clock.now = local(2026, 3, 6, 9)
    assert deadline_sweep_run().breaches == 1

    breach = DeadlineBreach.objects.get(dispute=dispute, kind=BREACH)
    assert (breach.policy.code, breach.holder, breach.outcome) == (
        "confirming",
        dispute.holder,
        DeadlineBreach.Outcome.ALERTED,
    )
    assert Dispute.objects.get(pk=dispute.pk).status == Status.CONFIRMING


def test_the_acceptance_cannot_be_extended_only_the_decision(clock, users):
    dispute = village_dispute(users, state="confirming")

    with pytest.raises(Conflict) as refused:
        transition(dispute, "extend_clock", user=users["court_clerk"], approved_by="院长", note="理由")
    assert refused.value.code == "wrong_state"


def _session(dispute, user, held_at):
    return mediation_services.session_log(
        dispute_id=dispute.pk,
        user=user,
        data={
            "held_at": held_at,
            "place": "沙河派出所调解室",
            "attendees": "双方当事人",
            "minutes": "双方就赔偿数额未能达成一致",
            "result": "failed",
        },
    )


def test_police_mediation_has_two_sessions_the_second_within_7_working_days(clock, users):
    police = users["police_shahe"]
    dispute = village_dispute(users, state="mediating")
    refer(dispute, users, body_code="shahe-police", route="police_mediation")
    dispute = transition(dispute, "accept_referral", user=police)
    assert (step_clock(dispute).policy.code, dispute.due_at) == ("police-mediation", end_of(2026, 3, 5))

    # The first session fails on Tuesday; the next morning the officer records that a second will be
    # held, counted from the first.
    clock.now = local(2026, 3, 3, 16)
    _session(dispute, police, local(2026, 3, 3, 15))
    clock.now = local(2026, 3, 4, 9)
    dispute = transition(
        dispute, "extend_clock", user=police, approved_by="沙河派出所所长 王某", note="双方同意再次调解"
    )
    assert dispute.due_at == end_of(2026, 3, 12)  # 7 working days after Tuesday the 3rd
    assert dispute.events.latest("pk").payload["extension_basis"] == "second_session"

    clock.now = local(2026, 3, 10, 16)
    _session(dispute, police, local(2026, 3, 10, 15))
    with translation.override("en"), pytest.raises(Conflict) as refused:  # no third session
        _session(dispute, police, local(2026, 3, 10, 16))
    assert "at most two sessions" in str(refused.value)
    with pytest.raises(Conflict):  # nor a third period
        transition(dispute, "extend_clock", user=police, approved_by="所长", note="第三次")
