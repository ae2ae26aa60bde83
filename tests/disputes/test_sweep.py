"""The deadline sweep (disputes/sweep.py): the ladder climbed by the sweep alone, one record per breach,
the signals for notifications, and a cost that follows the due rows, not the table.

Runs against the service with a frozen clock; test_tasks.py runs it as a Celery task, twice at once,
and on a real worker killed in the middle.
"""

import importlib.util
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agencies.models import Body
from disputes.choices import Status, Tier
from disputes.models import DeadlineBreach, Dispute, DisputeClock, DisputeGroupObjectPermission, Referral
from disputes.signals import deadline_breached, deadline_warning
from disputes.sweep import BREACH, WARNING, deadline_sweep_run, due_clocks, due_referrals
from tests.conftest import ROOT
from tests.disputes.test_deadlines import Clock, end_of, local
from tests.factories import dispute_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

Outcome = DeadlineBreach.Outcome


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", new=Clock(local(2026, 3, 2, 10))) as frozen:
        yield frozen


@pytest.fixture
def heard():
    """What the deadline signals told their receivers."""
    messages = []

    def receiver(signal, sender, **kwargs):
        messages.append({"signal": "breached" if signal is deadline_breached else "warning", **kwargs})

    for signal in (deadline_breached, deadline_warning):
        signal.connect(receiver, weak=False, dispatch_uid="test-sweep")
    yield messages
    for signal in (deadline_breached, deadline_warning):
        signal.disconnect(dispatch_uid="test-sweep")


def changers(dispute) -> set[str]:
    return set(
        DisputeGroupObjectPermission.objects.filter(
            content_object=dispute, permission__codename="change_dispute"
        ).values_list("group__body__code", flat=True)
    )


def viewers(dispute) -> set[str]:
    return set(
        DisputeGroupObjectPermission.objects.filter(
            content_object=dispute, permission__codename="view_dispute"
        ).values_list("group__body__code", flat=True)
    )


# -- the ladder, by the sweep alone ---------------------------------------------------------------------


def test_the_sweep_alone_takes_a_village_dispute_to_the_town_and_then_the_county(clock, users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    assert (dispute.tier, dispute.holder.code, dispute.due_at) == (
        Tier.VILLAGE,
        "shahe-dongzhai-committee",
        end_of(2026, 3, 4),  # two working days
    )

    clock.now = local(2026, 3, 4, 12)  # past the warning point, before the deadline
    result = deadline_sweep_run()
    assert (result.warnings, result.breaches, result.escalations) == (1, 0, 0)
    assert Dispute.objects.get(pk=dispute.pk).tier == Tier.VILLAGE

    clock.now = local(2026, 3, 5, 9)  # Thursday: the village's two days are over
    result = deadline_sweep_run()
    assert (result.breaches, result.escalations) == (1, 1)
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert (dispute.status, dispute.tier, dispute.holder.code) == (
        Status.MEDIATING,
        Tier.TOWN,
        "shahe-committee",
    )
    assert dispute.due_at == end_of(2026, 3, 9)  # Friday and Monday
    assert changers(dispute) == {"shahe-committee"}
    assert {"shahe-dongzhai-committee", "shahe-committee"} <= viewers(dispute)
    assert Dispute.objects.restrict(users["mediator_shahe"], "change").filter(pk=dispute.pk).exists()
    assert not Dispute.objects.restrict(mediator, "change").filter(pk=dispute.pk).exists()
    assert Dispute.objects.restrict(mediator, "view").filter(pk=dispute.pk).exists()

    event = dispute.events.latest("pk")
    breach = DeadlineBreach.objects.get(dispute=dispute, kind=BREACH)
    assert (event.transition, event.actor, event.actor_body, event.is_automatic) == (
        "escalate",
        None,
        None,
        True,
    )
    assert event.payload["automatic"] is True
    assert (event.payload["breach"], event.payload["from_holder"], event.payload["to_holder"]) == (
        breach.pk,
        "shahe-dongzhai-committee",
        "shahe-committee",
    )
    assert event.note == "自动升级：村级调解期限已于2026-03-04 23:59届满。"
    assert (breach.outcome, breach.escalation_event, breach.holder.code, breach.tier) == (
        Outcome.ESCALATED,
        event,
        "shahe-dongzhai-committee",
        Tier.VILLAGE,
    )

    clock.now = local(2026, 3, 10, 9)
    assert deadline_sweep_run().escalations == 1
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert (dispute.tier, dispute.holder.code, dispute.due_at) == (
        Tier.COUNTY,
        "county-centre",
        end_of(2026, 3, 12),
    )
    assert changers(dispute) == {"county-centre"}
    assert Dispute.objects.restrict(users["centre"], "change").filter(pk=dispute.pk).exists()
    assert not Dispute.objects.restrict(users["mediator_shahe"], "change").filter(pk=dispute.pk).exists()

    # The top of the ladder: the breach is recorded and people are told; nothing moves.
    clock.now = local(2026, 3, 13, 9)
    result = deadline_sweep_run()
    assert (result.breaches, result.escalations) == (1, 0)
    assert Dispute.objects.get(pk=dispute.pk).tier == Tier.COUNTY
    assert list(
        DeadlineBreach.objects.filter(dispute=dispute, kind=BREACH)
        .order_by("pk")
        .values_list("tier", "outcome")
    ) == [(Tier.VILLAGE, Outcome.ESCALATED), (Tier.TOWN, Outcome.ESCALATED), (Tier.COUNTY, Outcome.TOP_TIER)]
    escalations = dispute.events.filter(transition="escalate")
    assert escalations.count() == 2 and all(e.is_automatic for e in escalations)

    clock.advance(days=30)
    assert deadline_sweep_run().as_dict() == {
        "warnings": 0,
        "breaches": 0,
        "escalations": 0,
        "referral_warnings": 0,
        "referral_breaches": 0,
        "skipped": 0,
        "complete": True,
    }


# -- once per breach ------------------------------------------------------------------------------------


def test_running_the_sweep_twice_records_one_breach_and_escalates_once(clock, users):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"])  # grid: one working day
    clock.now = local(2026, 3, 4, 9)

    first, second = deadline_sweep_run(), deadline_sweep_run()

    assert (first.breaches, first.escalations, second.breaches, second.escalations) == (1, 1, 0, 0)
    assert DeadlineBreach.objects.filter(dispute=dispute, kind=BREACH).count() == 1
    assert dispute.events.filter(transition="escalate").count() == 1
    assert Dispute.objects.get(pk=dispute.pk).tier == Tier.VILLAGE


def test_a_breach_is_recorded_once_even_when_a_second_sweep_judges_by_an_older_list(clock, users):
    dispute = dispute_in_state("assessing", reporter=users["grid_dongzhai"])  # alert only
    clock.now = local(2026, 3, 9, 9)
    assert deadline_sweep_run().breaches == 1

    # A sweep that fetched the id before the first one committed still finds the record under the lock.
    from disputes.sweep import dispute_deadline_handle

    assert dispute_deadline_handle(dispute_id=dispute.pk, kind=BREACH, now=clock.now) is None
    assert DeadlineBreach.objects.filter(dispute=dispute).count() == 1


def test_the_database_refuses_a_second_record_of_the_same_clock(clock, users):
    dispute = dispute_in_state("assessing", reporter=users["grid_dongzhai"])
    clock.now = local(2026, 3, 9, 9)
    deadline_sweep_run()
    breach = DeadlineBreach.objects.get(dispute=dispute)

    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineBreach.objects.create(
            dispute=dispute,
            kind=BREACH,
            due_at=breach.due_at,
            status=breach.status,
            holder=breach.holder,
            detected_at=clock.now,
        )


def test_an_alert_only_policy_records_the_breach_and_moves_nothing(clock, users):
    # Taken in by the village committee (a grid report would go up to it: the next test).
    dispute = dispute_in_state("assessing", reporter=users["mediator_dongzhai"])
    events = dispute.events.count()
    clock.now = local(2026, 3, 9, 9)

    result = deadline_sweep_run()

    assert (result.breaches, result.escalations) == (1, 0)
    breach = DeadlineBreach.objects.get(dispute=dispute)
    assert (breach.outcome, breach.policy.code, breach.holder.code) == (
        Outcome.ALERTED,
        "assessing",
        "shahe-dongzhai-committee",
    )
    assert dispute.events.count() == events
    assert Dispute.objects.get(pk=dispute.pk).status == Status.ASSESSING


def test_a_dispute_found_after_its_deadline_gets_the_breach_not_a_warning_too(clock, users):
    dispute = dispute_in_state("assessing", reporter=users["grid_dongzhai"])
    clock.now = local(2026, 3, 20, 9)

    result = deadline_sweep_run()

    assert (result.warnings, result.breaches) == (0, 1)
    assert list(DeadlineBreach.objects.filter(dispute=dispute).values_list("kind", flat=True)) == [BREACH]


def test_an_escalation_that_cannot_happen_still_records_the_breach(clock, users):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"])
    clock.now = local(2026, 3, 4, 9)

    with mock.patch("disputes.transitions.holder_for", return_value=None):  # no body at the next rung
        result = deadline_sweep_run()

    assert (result.breaches, result.escalations) == (1, 0)
    breach = DeadlineBreach.objects.get(dispute=dispute, kind=BREACH)
    assert (breach.outcome, breach.escalation_event) == (Outcome.ESCALATION_FAILED, None)
    assert Dispute.objects.get(pk=dispute.pk).tier == Tier.GRID


# -- signals for the notifications ----------------------------------------------------------------------


def test_a_warning_is_announced_once_after_commit(clock, users, heard, django_capture_on_commit_callbacks):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"])  # due Tuesday 23:59:59
    clock.now = local(2026, 3, 3, 20)  # past 80 %

    with django_capture_on_commit_callbacks(execute=True):
        assert heard == [] and deadline_sweep_run().warnings == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_sweep_run().warnings == 0

    warning = DeadlineBreach.objects.get(dispute=dispute, kind=WARNING)
    assert warning.due_at == dispute.due_at
    assert heard == [
        {
            "signal": "warning",
            "dispute_id": dispute.pk,
            "referral_id": None,
            "kind": WARNING,
            "breach_id": warning.pk,
        }
    ]


def test_a_whistle_not_answered_is_announced_for_the_dispute_and_for_each_silent_body(
    clock, heard, django_capture_on_commit_callbacks
):
    dispute = dispute_in_state("referred")  # labour department leads, the police station supports
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    support = Referral.objects.get(dispute=dispute, is_lead=False)
    clock.now = local(2026, 3, 4, 9)  # one working day is over

    with django_capture_on_commit_callbacks(execute=True):
        result = deadline_sweep_run()

    assert (result.breaches, result.referral_breaches) == (1, 1)
    of_dispute = DeadlineBreach.objects.get(dispute=dispute, referral__isnull=True)
    of_support = DeadlineBreach.objects.get(referral=support)
    assert (of_dispute.holder.code, of_dispute.status) == (dispute.holder.code, Status.REFERRED)
    assert (of_support.holder, of_support.due_at) == (
        Body.objects.get(code="shahe-police"),
        support.report_by,
    )
    assert sorted(heard, key=lambda m: m["breach_id"]) == [
        {"signal": "breached", "dispute_id": dispute.pk, "referral_id": lead.pk, "kind": BREACH,
         "breach_id": of_dispute.pk},
        {"signal": "breached", "dispute_id": dispute.pk, "referral_id": support.pk, "kind": BREACH,
         "breach_id": of_support.pk},
    ]  # fmt: skip


def test_nothing_is_announced_for_a_rolled_back_sweep(
    clock, users, heard, django_capture_on_commit_callbacks
):
    dispute_in_state("assessing", reporter=users["grid_dongzhai"])
    clock.now = local(2026, 3, 9, 9)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        deadline_sweep_run()
        transaction.set_rollback(True)

    assert heard == [] and callbacks == [] and not DeadlineBreach.objects.exists()


def test_a_failing_receiver_does_not_undo_the_breach(clock, users, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise RuntimeError("SMS gateway down")

    deadline_breached.connect(broken, weak=False, dispatch_uid="test-broken")
    try:
        dispute = dispute_in_state("assessing", reporter=users["grid_dongzhai"])
        clock.now = local(2026, 3, 9, 9)
        with django_capture_on_commit_callbacks(execute=True):
            assert deadline_sweep_run().breaches == 1
    finally:
        deadline_breached.disconnect(dispatch_uid="test-broken")
    assert DeadlineBreach.objects.filter(dispute=dispute).exists()


# -- cost: the due rows, not the table ------------------------------------------------------------------


def _clones(template: Dispute, count: int, *, due_at) -> list[Dispute]:
    """Copies of a dispute with their step clock (the sweep reads the clocks) due at `due_at`."""
    fields = [f.attname for f in Dispute._meta.concrete_fields if f.attname not in ("id", "code")]
    clones = Dispute.objects.bulk_create(
        [
            Dispute(
                code=f"CLONE-{template.pk}-{due_at:%m%d}-{i}",
                **{**{f: getattr(template, f) for f in fields}, "due_at": due_at, "warn_at": due_at},
            )
            for i in range(count)
        ]
    )
    step = DisputeClock.objects.get(dispute=template, kind="step")
    DisputeClock.objects.bulk_create(
        [
            DisputeClock(
                dispute=clone,
                kind="step",
                policy_id=step.policy_id,
                unit=step.unit,
                started_at=step.started_at,
                due_at=due_at,
                warn_at=due_at,
            )
            for clone in clones
        ]
    )
    return clones


def test_an_idle_sweep_makes_the_same_four_queries_however_many_disputes_there_are(clock, users):
    overdue = dispute_in_state("assessing", reporter=users["grid_dongzhai"])
    clock.now = local(2026, 3, 9, 9)
    deadline_sweep_run()  # records it; it stays overdue (alert only)

    with CaptureQueriesContext(connection) as before:
        deadline_sweep_run()
    _clones(overdue, 60, due_at=end_of(2026, 4, 30))  # not due
    with CaptureQueriesContext(connection) as after:
        deadline_sweep_run()

    assert len(before) == len(after) == 4  # one selection per pass, nothing to handle


def test_the_queries_of_a_run_grow_with_the_due_rows_only(clock, users):
    template = dispute_in_state("assessing", reporter=users["grid_dongzhai"])
    _clones(template, 40, due_at=end_of(2026, 4, 30))
    clock.now = local(2026, 3, 9, 9)

    with CaptureQueriesContext(connection) as one_due:  # the template itself
        deadline_sweep_run()
    _clones(template, 3, due_at=end_of(2026, 3, 5))
    with CaptureQueriesContext(connection) as three_due:
        deadline_sweep_run()

    per_row = len(one_due) - 4
    assert per_row > 0
    assert len(three_due) == 4 + 3 * per_row


@pytest.mark.parametrize(
    "select,kind,indexes",
    [
        # The running clocks of open disputes (a closed dispute has none), and the waiting referrals.
        # Either partial index of a kind shows it (on a few rows the planner reads whichever is smaller).
        (due_clocks, BREACH, {"clock_running_due", "clock_running_warn"}),
        (due_clocks, WARNING, {"clock_running_warn", "clock_running_due"}),
        (due_referrals, BREACH, {"referral_pending_due", "referral_pending_warn"}),
        (due_referrals, WARNING, {"referral_pending_warn", "referral_pending_due"}),
    ],
)
def test_the_sweeps_selections_use_the_partial_indexes(select, kind, indexes, clock):
    # A test table is too small for the planner to prefer an index; forbidding sequential scans shows
    # the query matches an index's predicate (a running clock, or "pending"). Plain index scans are
    # forbidden too: on a few rows the planner would walk a whole foreign-key index in place of a
    # sequential scan, which says nothing of the predicate.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("set local enable_indexscan = off")
        plan = select(kind=kind, now=clock.now).explain()

    assert any(index in plan for index in indexes), plan
    assert "Seq Scan" not in plan, plan


def test_the_benchmark_script_seeds_sweeps_and_reports(clock):
    spec = importlib.util.spec_from_file_location("bench_sweep", ROOT / "scripts" / "bench_sweep.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    numbers = bench.main(["--n", "300", "--overdue", "0.02", "--in-place"])

    first, second = numbers["first"], numbers["second"]
    assert (numbers["n"], numbers["overdue"], numbers["warning"]) == (300, 6, 6)
    assert (first["breaches"], first["escalations"], first["warnings"], first["complete"]) == (6, 3, 6, True)
    assert first["queries"] > 4 and first["seconds"] > 0
    assert (second["breaches"], second["warnings"], second["queries"]) == (0, 0, 4)
