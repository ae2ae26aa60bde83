"""A grid worker's report reaches its village committee (issue 11, item 1): held at the grid tier for its
working day, seen and notified at once above it, taken over by the village committee or handed to it by
the sweep; the grid worker is offered only what a grid worker does."""

from unittest import mock

import pytest
from django.http import Http404
from django.utils import translation

from agencies.choices import Role
from disputes import services
from disputes.choices import Status, Tier
from disputes.models import DeadlineBreach, Dispute
from disputes.sweep import deadline_sweep_run
from linze.exceptions import Conflict, NotPermitted
from tests.disputes.test_deadlines import Clock, local
from tests.factories import register_dispute, staff, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def offered(dispute, user) -> set[str]:
    return {
        action["name"] for action in services.available_transitions(Dispute.objects.get(pk=dispute.pk), user)
    }


def test_the_village_committee_sees_a_grid_report_at_once_and_may_take_it_over(client, users):
    report = register_dispute(user=users["grid_dongzhai"])
    assert (report.tier, report.holder.code) == (Tier.GRID, "shahe-dongzhai-grid")

    client.force_login(users["mediator_dongzhai"])
    page = client.get(f"/workbench/d/{report.code}/")
    assert page.status_code == 200
    assert "take_over" in offered(report, users["mediator_dongzhai"])

    taken = transition(report, "take_over", user=users["mediator_dongzhai"])

    assert (taken.status, taken.tier, taken.holder.code) == (
        Status.MEDIATING,
        Tier.VILLAGE,
        "shahe-dongzhai-committee",
    )
    event = taken.events.latest("pk")
    assert (event.transition, event.actor, event.payload["from_holder"]) == (
        "take_over",
        users["mediator_dongzhai"],
        "shahe-dongzhai-grid",
    )
    client.force_login(users["grid_dongzhai"])
    assert client.get(f"/workbench/d/{report.code}/").status_code == 200  # the reporter keeps reading it
    assert "take_over" not in offered(taken, users["mediator_dongzhai"])  # no longer at the grid


def test_another_villages_committee_does_not_see_the_report(client, users):
    report = register_dispute(user=users["grid_dongzhai"])
    neighbour = staff("shahe-xizhai-committee", role=Role.MEDIATOR)

    client.force_login(neighbour)
    assert client.get(f"/workbench/d/{report.code}/").status_code == 404
    with pytest.raises(Http404):
        transition(report, "take_over", user=users["mediator_shahe"])  # the town is not the next rung


def test_a_grid_worker_is_offered_the_grid_workers_actions_only(users):
    report = register_dispute(user=users["grid_dongzhai"])

    actions = offered(report, users["grid_dongzhai"])

    assert {"assess", "start_mediation", "withdraw"} <= actions
    assert not actions & {"refer", "refer_to_court", "decline", "take_over"}
    with pytest.raises(NotPermitted) as refused:
        transition(report, "decline", user=users["grid_dongzhai"], guidance="请到法院起诉")
    assert str(refused.value)
    assessed = transition(report, "assess", user=users["grid_dongzhai"])
    assert "prevent" in offered(assessed, users["grid_dongzhai"])


def test_the_sweep_hands_a_report_to_the_village_when_its_day_at_the_grid_runs_out(users):
    with mock.patch("django.utils.timezone.now", new=Clock(local(2026, 3, 2, 10))) as clock:
        report = register_dispute(user=users["grid_dongzhai"])
        clock.now = local(2026, 3, 3, 20)  # within its working day: it stays
        assert deadline_sweep_run().breaches == 0
        assert Dispute.objects.get(pk=report.pk).tier == Tier.GRID

        clock.now = local(2026, 3, 4, 9)
        result = deadline_sweep_run()

    assert (result.breaches, result.escalations) == (1, 1)
    moved = Dispute.objects.get(pk=report.pk)
    assert (moved.status, moved.tier, moved.holder.code) == (
        Status.MEDIATING,
        Tier.VILLAGE,
        "shahe-dongzhai-committee",
    )
    breach = DeadlineBreach.objects.get(dispute=report, kind=DeadlineBreach.Kind.BREACH)
    assert breach.outcome == DeadlineBreach.Outcome.ESCALATED
    event = moved.events.latest("pk")
    assert (event.transition, event.actor, event.payload["automatic"]) == ("take_over", None, True)


def test_take_over_is_refused_once_the_report_left_the_grid(users):
    report = register_dispute(user=users["grid_dongzhai"])
    mediating = transition(report, "start_mediation", user=users["grid_dongzhai"], tier="village")
    assert mediating.tier == Tier.VILLAGE

    assert "take_over" not in offered(mediating, users["mediator_dongzhai"])
    with pytest.raises(NotPermitted):
        services.dispute_transition(dispute_id=report.pk, user=users["mediator_dongzhai"], name="take_over")
    with translation.override("zh-hans"), pytest.raises(Conflict) as refused:  # whoever may act is told why
        services.dispute_transition(dispute_id=report.pk, user=users["admin"], name="take_over")
    assert refused.value.code == "wrong_state"
    assert "只有仍在网格一级的上报" in str(refused.value)
