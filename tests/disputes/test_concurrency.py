"""Two people press a button on the same dispute at the same moment (DESIGN.md §3, rule 1).

Each thread has its own database connection, so the data must be committed (`transaction=True`).
To make the two transitions overlap for certain, the step that runs while the row lock is held
(the deadline computation) is slowed down: without the lock, both would read the old state and
both would succeed.

A body answering its referral while the dispute moves on locks the same two rows as the transition;
both take the dispute's first (disputes.services.locks), so they queue up instead of deadlocking.
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection

from agencies.choices import Role
from disputes import services
from disputes.choices import Outcome, ReferralStatus, Status, Tier
from disputes.deadlines import dispute_deadline
from disputes.models import Dispute, DisputeEvent, Referral
from linze.exceptions import Conflict
from tests.factories import dispute_in_state, register_dispute, staff, transition_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("linze_committed")]


@pytest.fixture
def slow_lock_holder(monkeypatch):
    def slow_deadline(*args, **kwargs):
        time.sleep(0.3)
        return dispute_deadline(*args, **kwargs)

    monkeypatch.setattr("disputes.services.transitions.dispute_deadline", slow_deadline)


def at_once(*calls) -> list:
    """Runs the calls in threads released together; each result is a return value or an exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # whatever it is, the test looks at it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a transition hung"
    return results


def two_grid_workers():
    User = get_user_model()
    first, second = (staff("shahe-dongzhai-grid", Role.GRID_WORKER) for _ in range(2))
    # Fresh instances per thread: each caches its memberships on itself.
    return User.objects.get(pk=first.pk), User.objects.get(pk=second.pk)


def split(results) -> tuple[list, list]:
    successes = [r for r in results if isinstance(r, Dispute)]
    refusals = [r for r in results if not isinstance(r, Dispute)]
    return successes, refusals


def test_the_same_transition_twice_at_once_succeeds_once(slow_lock_holder):
    first, second = two_grid_workers()
    dispute = dispute_in_state("reported", reporter=first)

    results = at_once(
        *[
            lambda user=user: services.dispute_transition(dispute_id=dispute.pk, user=user, name="assess")
            for user in (first, second)
        ]
    )

    successes, refusals = split(results)
    assert len(successes) == 1, results
    assert len(refusals) == 1 and isinstance(refusals[0], Conflict), results
    assert refusals[0].code == "wrong_state"
    assert DisputeEvent.objects.filter(dispute=dispute, transition="assess").count() == 1
    dispute.refresh_from_db()
    assert (dispute.status, dispute.version) == (Status.ASSESSING, 2)


def test_two_escalations_from_the_same_read_move_one_tier(slow_lock_holder):
    first, second = two_grid_workers()
    dispute = dispute_in_state("mediating", reporter=first, actor=first)
    version = dispute.version  # both pages were loaded at this version

    results = at_once(
        *[
            lambda user=user: services.dispute_transition(
                dispute_id=dispute.pk,
                user=user,
                name="escalate",
                data=transition_data("escalate"),
                expected_version=version,
            )
            for user in (first, second)
        ]
    )

    successes, refusals = split(results)
    assert len(successes) == 1, results
    assert len(refusals) == 1 and isinstance(refusals[0], Conflict), results
    assert refusals[0].code == "stale"
    assert DisputeEvent.objects.filter(dispute=dispute, transition="escalate").count() == 1
    dispute.refresh_from_db()
    assert (dispute.tier, dispute.holder.code, dispute.version) == (
        Tier.VILLAGE,
        "shahe-dongzhai-committee",
        version + 1,
    )


def test_escalate_and_withdraw_from_the_same_read_one_wins(slow_lock_holder):
    first, second = two_grid_workers()
    dispute = dispute_in_state("mediating", reporter=first, actor=first)
    version = dispute.version

    results = at_once(
        lambda: services.dispute_transition(
            dispute_id=dispute.pk,
            user=first,
            name="escalate",
            data=transition_data("escalate"),
            expected_version=version,
        ),
        lambda: services.dispute_transition(
            dispute_id=dispute.pk,
            user=second,
            name="withdraw",
            data=transition_data("withdraw"),
            expected_version=version,
        ),
    )

    successes, refusals = split(results)
    assert len(successes) == 1, results
    assert len(refusals) == 1 and isinstance(refusals[0], Conflict), results
    events = list(
        DisputeEvent.objects.filter(dispute=dispute, transition__in=["escalate", "withdraw"]).values_list(
            "transition", flat=True
        )
    )
    assert len(events) == 1
    dispute.refresh_from_db()
    assert dispute.status == {"escalate": Status.MEDIATING, "withdraw": Status.CLOSED}[events[0]]
    assert dispute.version == version + 1


def test_registrations_at_once_get_different_codes():
    first, second = two_grid_workers()

    results = at_once(*[lambda user=user: register_dispute(user=user) for user in (first, second)])

    assert all(isinstance(r, Dispute) for r in results), results
    assert len({r.code for r in results}) == 2


# -- a referral's answer against a transition of its dispute ---------------------------------------------

ANSWERS = {
    "return": lambda referral, user: services.referral_return(
        referral_id=referral.pk, user=user, reason="不属本单位职责"
    ),
    "report_in": lambda referral, user: services.referral_accept_supporting(
        referral_id=referral.pk, user=user
    ),
    "complete": lambda referral, user: services.referral_complete(
        referral_id=referral.pk, user=user, result="已依法处理"
    ),
}


class FirstToLock:
    """Once armed, the first transition to compute a deadline (it holds the dispute's row lock by then)
    says so, and keeps the lock a while: time for a second thread to take whatever lock it takes first."""

    def __init__(self):
        self.armed, self.holding = threading.Event(), threading.Event()

    def slow_deadline(self, *args, **kwargs):
        if self.armed.is_set() and not self.holding.is_set():
            self.holding.set()
            time.sleep(0.5)
        return dispute_deadline(*args, **kwargs)


@pytest.fixture
def first_to_lock(monkeypatch) -> FirstToLock:
    first = FirstToLock()
    monkeypatch.setattr("disputes.services.transitions.dispute_deadline", first.slow_deadline)
    return first


def user(username: str):
    """A fresh instance: each caches its memberships on itself."""
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize(
    "answer,lead",
    [("return", True), ("return", False), ("report_in", False), ("complete", True), ("complete", False)],
)
def test_a_referral_answer_while_the_dispute_is_withdrawn_waits_instead_of_deadlocking(
    answer, lead, first_to_lock
):
    # The answer used to lock its referral (and then the dispute), the withdrawal the dispute (and
    # then its referrals): each waited for the other's second lock until PostgreSQL killed one.
    mediator = user("mediator_dongzhai")
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    services.dispute_transition(
        dispute_id=dispute.pk, user=mediator, name="refer", data=transition_data("refer")
    )
    body, staff_name = ("labour-dept", "labour_dept") if lead else ("shahe-police", "police_shahe")
    referral = Referral.objects.get(dispute=dispute, body__code=body)
    if answer == "complete":
        services.referral_accept_supporting(referral_id=referral.pk, user=user(staff_name))
    # Once the lead has reported in, the dispute is its to withdraw.
    holder = "labour_dept" if answer == "complete" and lead else "mediator_dongzhai"
    statuses = dict(Referral.objects.filter(dispute=dispute).values_list("body__code", "status"))
    before = DisputeEvent.objects.filter(dispute=dispute).count()
    withdrawing, answering = user(holder), user(staff_name)

    def answer_once_the_withdrawal_holds_the_dispute():
        assert first_to_lock.holding.wait(timeout=10)
        return ANSWERS[answer](referral, answering)

    first_to_lock.armed.set()
    withdrawn, answered = at_once(
        lambda: services.dispute_transition(
            dispute_id=dispute.pk, user=withdrawing, name="withdraw", data=transition_data("withdraw")
        ),
        answer_once_the_withdrawal_holds_the_dispute,
    )

    assert not any(isinstance(r, OperationalError) for r in (withdrawn, answered)), (withdrawn, answered)
    assert isinstance(withdrawn, Dispute), withdrawn
    # The answer came second: its referral was closed with the dispute, and the body is told so.
    assert isinstance(answered, Conflict) and answered.code == "wrong_state", answered
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome) == (Status.CLOSED, Outcome.WITHDRAWN)
    closed_as = {
        ReferralStatus.PENDING: ReferralStatus.CANCELLED,
        ReferralStatus.ACCEPTED: ReferralStatus.COMPLETED,
    }
    assert dict(Referral.objects.filter(dispute=dispute).values_list("body__code", "status")) == {
        code: closed_as[status] for code, status in statuses.items()
    }
    assert list(dispute.events.order_by("pk").values_list("transition", flat=True))[before:] == ["withdraw"]
