"""The dispute state machine (DESIGN.md §3): every state × every transition, the guards, the moves.

The table below is DESIGN.md §3 written out; the engine must agree with it cell by cell.
"""

from datetime import timedelta

import pytest
from django.db import InternalError, connection, transaction
from django.utils import timezone

from agencies.models import Body
from disputes import services
from disputes.choices import OPEN_STATUSES, ReferralStatus, Status, Tier
from disputes.models import Dispute, DisputeEvent, Referral
from disputes.models.events import AppendOnlyError
from disputes.transitions import TRANSITIONS
from disputes.workflow import (
    agreement_within_application_period,
    below_top_tier,
    has_agreement_naming_every_party,
    has_pending_lead_referral,
    not_personal_status_matter,
    on_the_ladder,
)
from linze.exceptions import Conflict
from mediation.services import agreement_create
from tests.factories import DAZHAI, DONGZHAI, ROUTES, dispute_in_state, transition, transition_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

STATES = list(Status.values)
OPEN = list(OPEN_STATUSES)

# transition → {from state: to state}, from DESIGN.md §3 (close_handled: an agency's own decision).
# return_referral goes back where the dispute was referred from: the table's disputes come from "reported".
DESIGN_TABLE: dict[str, dict[str, str]] = {
    "assess": {"reported": "assessing"},
    "prevent": {"assessing": "preventing"},
    "close_prevented": {"preventing": "closed"},
    "start_mediation": dict.fromkeys(["reported", "assessing", "preventing"], "mediating"),
    "escalate": {"mediating": "mediating"},
    # A grid report (the shared disputes are registered by a grid worker and sit at the grid tier).
    "take_over": dict.fromkeys(["reported", "assessing", "mediating"], "mediating"),
    "refer": dict.fromkeys(["reported", "assessing", "mediating"], "referred"),
    # Issue 11 item 2: a running whistle calls in another body in support; the dispute stays where it is.
    "add_support": {"referred": "referred", "agency_handling": "agency_handling"},
    "accept_referral": {"referred": "agency_handling"},
    "return_referral": {"referred": "reported"},
    "close_handled": {"agency_handling": "closed"},
    "record_agreement": dict.fromkeys(["mediating", "agency_handling", "court_mediating"], "agreed"),
    "apply_confirmation": {"agreed": "confirming"},
    "confirm": {"confirming": "fulfilling"},
    "reject_confirmation": {"confirming": "mediating"},
    "start_follow_up": {"agreed": "fulfilling"},
    "close_fulfilled": {"fulfilling": "closed"},
    "report_default": {"fulfilling": "court_referred"},
    "refer_to_court": dict.fromkeys(["assessing", "mediating", "agency_handling"], "court_referred"),
    "court_accept": {"court_referred": "court_mediating"},
    "court_delegate": {"court_referred": "mediating"},
    "court_file": dict.fromkeys(["court_referred", "court_mediating"], "litigating"),
    "court_conclude": {"litigating": "closed"},
    "withdraw": dict.fromkeys(OPEN, "closed"),
    "decline": dict.fromkeys(["reported", "assessing"], "closed"),
    "reopen": {"closed": "assessing"},
    # Issue 11 item 3: a duplicate closes into the dispute that goes on, before any referral or agreement.
    "merge": dict.fromkeys(["reported", "assessing", "preventing", "mediating"], "closed"),
    # Issue 5: the clock stops and runs again; the dispute stays where it is. Not in the hand-overs
    # (referred, court_referred) nor in litigation, where the court keeps its own trial limits.
    "pause_clock": {s: s for s in OPEN if s not in ("referred", "court_referred", "litigating")},
    "resume_clock": {s: s for s in OPEN if s not in ("referred", "court_referred", "litigating")},
    # Issue 11 item 8: the court accepts a confirmation before it decides; a step whose law allows it is
    # extended once (the table's court mediation: +30 days with the parties' consent).
    "accept_confirmation": {"confirming": "confirming"},
    "extend_clock": {"court_mediating": "court_mediating"},
}

# Cells where the dispute stands in a state the transition starts from, but where it stands by law
# refuses it (a `like_state` guard, told as its own reason): the step's law allows no extension
# (administrative mediation), or not yet (a confirmation not accepted).
GUARDED = {("extend_clock", "confirming"), ("extend_clock", "agency_handling")}


@pytest.fixture(scope="module")
def by_state(linze, django_db_blocker) -> dict[str, int]:
    """One dispute in each state (pk by state), registered by a grid worker of 东寨村 and walked
    there by a superuser. Each test changes it inside its own savepoint, so all can share them."""
    with django_db_blocker.unblock():
        return {state: dispute_in_state(state).pk for state in STATES}


def snapshot(pk: int) -> tuple:
    dispute = Dispute.objects.get(pk=pk)
    return dispute.status, dispute.version, dispute.holder_id, dispute.tier, dispute.events.count()


def test_the_table_covers_every_transition_and_state():
    assert set(DESIGN_TABLE) == set(TRANSITIONS)
    assert set(ROUTES) == set(STATES)


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_transition_from_state(state, name, by_state, admin):
    pk = by_state[state]
    target = DESIGN_TABLE[name].get(state)
    if name == "resume_clock" and target is not None:
        transition(pk, "pause_clock", user=admin)  # only a stopped clock runs again
    before = snapshot(pk)
    _status, version, _holder, _tier, events = before

    if target is None:
        with pytest.raises(Conflict) as refused:
            transition(pk, name, user=admin)
        assert refused.value.code == "wrong_state"
        if (name, state) in GUARDED:
            assert snapshot(pk) == before
            return
        assert str(Dispute.objects.get(pk=pk).get_status_display()) in str(refused.value)
        assert snapshot(pk) == before  # status, version, holder, tier, events: all unchanged
        return

    dispute = transition(pk, name, user=admin)
    assert dispute.status == target
    assert Dispute.objects.get(pk=pk).status == target
    assert Dispute.objects.get(pk=pk).version == version + 1
    new_events = list(DisputeEvent.objects.filter(dispute_id=pk).order_by("pk")[events:])
    assert [(e.transition, e.from_status, e.to_status, e.actor_id) for e in new_events] == [
        (name, state, target, admin.pk)
    ]


# -- guards ------------------------------------------------------------------------------------------


def assert_refused_by(guard, call):
    with pytest.raises(Conflict) as refused:
        call()
    assert refused.value.code == "guard"
    assert str(refused.value) == str(guard.message)


def test_escalate_below_the_top_tier_passes_and_at_the_county_tier_is_refused(admin):
    dispute = dispute_in_state("mediating")
    assert dispute.tier == Tier.GRID
    for _rung in ("village", "town", "county"):
        dispute = transition(dispute, "escalate", user=admin)
    assert dispute.tier == Tier.COUNTY
    before = snapshot(dispute.pk)

    assert_refused_by(below_top_tier, lambda: transition(dispute, "escalate", user=admin))
    assert snapshot(dispute.pk) == before


def test_escalate_off_the_ladder_is_refused_with_its_own_reason(admin):
    # An agreement reached at an agency and rejected by the court comes back to mediation with the
    # agency, which is no rung of the ladder.
    path = ["refer", "accept_referral", "record_agreement", "apply_confirmation", "reject_confirmation"]
    dispute = dispute_in_state("mediating", path=path)
    assert dispute.tier == Tier.AGENCY

    assert_refused_by(on_the_ladder, lambda: transition(dispute, "escalate", user=admin))


def test_record_agreement_needs_an_agreement(admin):
    dispute = dispute_in_state("mediating")
    before = snapshot(dispute.pk)

    assert_refused_by(
        has_agreement_naming_every_party,
        lambda: transition(dispute, "record_agreement", user=admin, note="x"),
    )
    assert snapshot(dispute.pk) == before


def test_record_agreement_refuses_an_agreement_that_omits_a_party(admin):
    dispute = dispute_in_state("mediating")
    first, _second = dispute.parties.order_by("position")
    agreement_create(
        dispute_id=dispute.pk,
        user=admin,
        data={
            "facts": "地界争执",
            "terms": "赔偿500元",
            "effective_on": timezone.localdate(),
            "parties": [first],
        },
    )
    before = snapshot(dispute.pk)

    assert_refused_by(
        has_agreement_naming_every_party,
        lambda: transition(dispute, "record_agreement", user=admin, note="x"),
    )
    assert snapshot(dispute.pk) == before


def test_record_agreement_passes_with_an_agreement_naming_every_party(admin):
    dispute = dispute_in_state("mediating")
    agreement_create(
        dispute_id=dispute.pk,
        user=admin,
        data={"facts": "地界争执", "terms": "赔偿500元", "effective_on": timezone.localdate()},
    )

    dispute = transition(dispute, "record_agreement", user=admin, note="双方签字")
    assert dispute.status == Status.AGREED


def test_judicial_confirmation_within_30_days_of_the_agreement(admin):
    dispute = dispute_in_state("agreed", effective_on=timezone.localdate() - timedelta(days=30))

    assert transition(dispute, "apply_confirmation", user=admin).status == Status.CONFIRMING


def test_judicial_confirmation_31_days_after_the_agreement_is_refused(admin):
    dispute = dispute_in_state("agreed", effective_on=timezone.localdate() - timedelta(days=31))
    before = snapshot(dispute.pk)

    assert_refused_by(
        agreement_within_application_period, lambda: transition(dispute, "apply_confirmation", user=admin)
    )
    assert snapshot(dispute.pk) == before
    # The parties can still perform it without confirmation.
    assert transition(dispute, "start_follow_up", user=admin).status == Status.FULFILLING


def test_personal_status_matters_cannot_be_judicially_confirmed(admin):
    dispute = dispute_in_state("agreed", personal_status_matter=True, category_code="marriage-family")
    before = snapshot(dispute.pk)

    assert_refused_by(
        not_personal_status_matter, lambda: transition(dispute, "apply_confirmation", user=admin)
    )
    assert snapshot(dispute.pk) == before


def test_other_matters_can_be_judicially_confirmed(admin):
    dispute = dispute_in_state("agreed", personal_status_matter=False, category_code="marriage-family")

    assert transition(dispute, "apply_confirmation", user=admin).status == Status.CONFIRMING


def test_accept_referral_with_a_pending_lead_referral(admin):
    dispute = dispute_in_state("referred")

    dispute = transition(dispute, "accept_referral", user=admin)
    assert (dispute.status, dispute.holder.code) == (Status.AGENCY_HANDLING, "labour-dept")


@pytest.mark.parametrize("name", ["accept_referral", "return_referral"])
def test_referral_steps_without_a_pending_lead_referral_are_refused_with_the_guard(name, admin):
    dispute = dispute_in_state("referred")
    # The lead's referral was withdrawn (its own state machine): nobody is left to report in.
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    lead.cancel()
    lead.save()
    before = snapshot(dispute.pk)

    assert_refused_by(has_pending_lead_referral, lambda: transition(dispute, name, user=admin))
    assert snapshot(dispute.pk) == before


# -- the status field -----------------------------------------------------------------------------


def test_status_cannot_be_assigned_directly():
    dispute = dispute_in_state("reported")

    with pytest.raises(AttributeError):
        dispute.status = Status.CLOSED
    dispute.save()

    assert Dispute.objects.get(pk=dispute.pk).status == Status.REPORTED


# -- where each move puts the dispute ---------------------------------------------------------------


@pytest.mark.parametrize("origin", ["reported", "assessing", "mediating"])
def test_return_referral_goes_back_to_where_it_was_referred_from(origin, users):
    dispute = dispute_in_state("referred", via=origin)
    holder, tier = dispute.holder_id, dispute.tier

    dispute = transition(dispute, "return_referral", user=users["labour_dept"])

    assert (dispute.status, dispute.holder_id, dispute.tier) == (origin, holder, tier)
    event = dispute.events.latest("pk")
    assert (event.from_status, event.to_status, event.note) == (
        "referred",
        origin,
        transition_data("return_referral")["note"],
    )


def test_confirm_gives_the_dispute_back_to_the_body_that_mediated(users):
    dispute = dispute_in_state("confirming")
    assert dispute.holder.code == "county-court"

    dispute = transition(dispute, "confirm", user=users["court_clerk"])

    assert dispute.status == Status.FULFILLING
    assert (dispute.holder.code, dispute.tier) == ("shahe-dongzhai-grid", Tier.GRID)


def test_reject_confirmation_returns_to_mediation_with_the_prior_holder_and_tier(users, admin):
    dispute = dispute_in_state("mediating")
    dispute = transition(dispute, "escalate", user=admin)  # now the village committee mediates
    dispute = transition(dispute, "record_agreement", user=admin)
    dispute = transition(dispute, "apply_confirmation", user=admin)
    assert (dispute.holder.code, dispute.tier) == ("county-court", Tier.COURT)

    dispute = transition(dispute, "reject_confirmation", user=users["court_clerk"])

    assert dispute.status == Status.MEDIATING
    assert (dispute.holder.code, dispute.tier) == ("shahe-dongzhai-committee", Tier.VILLAGE)
    assert dispute.prior_holder_id is None


def test_court_delegate_sends_it_to_the_town_committee_and_counts_as_diverted(users):
    dispute = dispute_in_state("court_referred")
    assert not dispute.diverted_by_court

    dispute = transition(dispute, "court_delegate", user=users["court_clerk"])

    assert dispute.status == Status.MEDIATING
    assert (dispute.tier, dispute.holder.code) == (Tier.TOWN, "shahe-committee")
    assert dispute.diverted_by_court and dispute.mediation_tried


@pytest.mark.parametrize(
    "region_code,committees",
    [
        (DONGZHAI, ["shahe-dongzhai-grid", "shahe-dongzhai-committee", "shahe-committee", "county-centre"]),
        (DAZHAI, ["xinhua-dazhai-grid", "xinhua-dazhai-committee", "xinhua-committee", "county-centre"]),
    ],
)
def test_escalate_walks_the_ladder_of_the_disputes_region(region_code, committees, admin):
    dispute = dispute_in_state("mediating", region_code=region_code)
    walk = [(dispute.tier, dispute.holder.code)]
    for _rung in range(3):
        dispute = transition(dispute, "escalate", user=admin)
        walk.append((dispute.tier, dispute.holder.code))

    assert walk == list(zip([Tier.GRID, Tier.VILLAGE, Tier.TOWN, Tier.COUNTY], committees, strict=True))
    assert dispute.status == Status.MEDIATING


def test_the_closing_transitions_record_the_outcome(admin):
    outcomes = {
        "withdrawn": dispute_in_state("closed"),
        "declined": dispute_in_state("closed", path=["assess", "decline"]),
        "prevented": dispute_in_state("closed", via="preventing"),
        "fulfilled": dispute_in_state("closed", via="fulfilling"),
        "administrative_decision": dispute_in_state("closed", via="agency_handling"),
        "judgment": dispute_in_state("closed", via="litigating"),
    }
    for outcome, dispute in outcomes.items():
        assert (dispute.outcome, dispute.closed_at is not None, dispute.due_at) == (outcome, True, None)

    reopened = transition(outcomes["withdrawn"], "reopen", user=admin)
    assert (reopened.status, reopened.outcome, reopened.closed_at) == (Status.ASSESSING, "", None)


@pytest.mark.parametrize("via,tried", [("assessing", False), ("mediating", True)])
def test_sending_to_court_records_whether_mediation_was_tried(via, tried, users):
    dispute = dispute_in_state("court_referred", via=via)

    assert dispute.mediation_tried is tried
    assert (dispute.holder.code, dispute.tier) == ("county-court", Tier.COURT)
    assert dispute.events.latest("pk").note == transition_data("refer_to_court")["note"]


# -- the timeline is append-only --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "update disputes_disputeevent set note = 'rewritten' where dispute_id = %s",
        "delete from disputes_disputeevent where dispute_id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_events(sql):
    dispute = dispute_in_state("assessing")
    events = list(dispute.events.values_list("pk", "note"))

    with (
        pytest.raises(InternalError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [dispute.pk])

    assert list(dispute.events.values_list("pk", "note")) == events


def test_the_model_refuses_to_change_or_delete_events():
    dispute = dispute_in_state("assessing")
    event = dispute.events.latest("pk")

    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()

    assert DisputeEvent.objects.get(pk=event.pk).note == ""


def test_referring_to_several_bodies_keeps_the_holder_until_the_lead_reports_in():
    dispute = dispute_in_state("referred", via="mediating")

    assert (dispute.holder.code, dispute.tier) == ("shahe-dongzhai-grid", Tier.GRID)
    assert Body.objects.get(code="labour-dept").referrals.filter(
        dispute=dispute, status=ReferralStatus.PENDING
    )
    assert services.available_transitions(dispute, dispute.reported_by) == [
        {"name": "withdraw", "label": str(TRANSITIONS["withdraw"].label), "blocked_by": None}
    ]
