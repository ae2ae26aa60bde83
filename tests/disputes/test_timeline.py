"""The one recorder of the timeline (disputes.timeline.event_record): every kind of event is written by
it and announced once with `dispute_changed` after its cause commits; a rolled-back cause announces
nothing."""

import re
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from disputes import services, signals
from disputes.choices import ReferralStatus, Status
from disputes.models import Dispute, DisputeEvent, Referral
from disputes.timeline import event_record
from linze.exceptions import Conflict
from mediation.services import agreement_create, follow_up_record, session_log
from notifications.models import Notification
from notifications.services import notify_for_event
from tests.factories import dispute_in_state, register_dispute, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


@pytest.fixture
def changed():
    calls = []

    def receiver(sender, **kwargs):
        calls.append({"sender": sender, **kwargs})

    signals.dispute_changed.connect(receiver, weak=False)
    yield calls
    signals.dispute_changed.disconnect(receiver)


# -- the causes: each returns the dispute it changed -------------------------------------------------


def whistle(users) -> Dispute:
    """A dispute referred to the labour department (lead) and the Shahe police station (supporting)."""
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    return transition(dispute, "refer", user=mediator)


def referral_of(dispute, code: str) -> Referral:
    return Referral.objects.get(dispute=dispute, body__code=code)


def register(users):
    return lambda: register_dispute(user=users["grid_dongzhai"])


def assess(users):
    dispute = dispute_in_state("reported", reporter=users["grid_dongzhai"])
    return lambda: transition(dispute, "assess", user=users["grid_dongzhai"])


def log_session(users):
    dispute = dispute_in_state("mediating")

    def cause():
        session_log(
            dispute_id=dispute.pk,
            user=users["admin"],
            data={
                "held_at": timezone.now(),
                "attendees": "双方当事人",
                "minutes": "释法说理",
                "result": "failed",
            },
        )
        return dispute

    return cause


def draft_agreement(users):
    dispute = dispute_in_state("mediating")

    def cause():
        agreement_create(
            dispute_id=dispute.pk,
            user=users["admin"],
            data={"facts": "地界争执", "terms": "赔偿500元", "effective_on": timezone.localdate()},
        )
        return dispute

    return cause


def follow_up(users):
    dispute = dispute_in_state("fulfilling")

    def cause():
        follow_up_record(
            dispute_id=dispute.pk,
            user=users["admin"],
            data={"visited_at": timezone.now(), "performed": True, "note": "已按期履行"},
        )
        return dispute

    return cause


def attach(users):
    dispute = dispute_in_state("mediating")

    def cause():
        upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        services.attachment_add(dispute_id=dispute.pk, user=users["admin"], upload=upload)
        return dispute

    return cause


def report_in(users):
    police = referral_of(whistle(users), "shahe-police")

    def cause():
        services.referral_accept_supporting(referral_id=police.pk, user=users["police_shahe"])
        return police.dispute

    return cause


def return_referral_support(users):
    police = referral_of(whistle(users), "shahe-police")

    def cause():
        services.referral_return(referral_id=police.pk, user=users["police_shahe"], reason="不属本所职责")
        return police.dispute

    return cause


def complete_referral(users):
    police = referral_of(whistle(users), "shahe-police")
    services.referral_accept_supporting(referral_id=police.pk, user=users["police_shahe"])

    def cause():
        services.referral_complete(referral_id=police.pk, user=users["police_shahe"], result="已开展法治教育")
        return police.dispute

    return cause


def lead_returns(users):
    lead = referral_of(whistle(users), "labour-dept")

    def cause():
        services.referral_return(referral_id=lead.pk, user=users["labour_dept"], reason="非劳动争议")
        return lead.dispute

    return cause


def withdraw_while_referred(users):
    dispute = whistle(users)
    return lambda: transition(dispute, "withdraw", user=users["mediator_dongzhai"])


CAUSES = {
    "register": register,
    "assess": assess,
    "log_session": log_session,
    "draft_agreement": draft_agreement,
    "follow_up": follow_up,
    "attach": attach,
    "report_in": report_in,
    "return_referral_support": return_referral_support,
    "complete_referral": complete_referral,
    # The lead's answer is a transition of the dispute: one event, not one for the referral as well.
    "return_referral": lead_returns,
    # Closing the referrals out is part of the withdrawal's one event.
    "withdraw": withdraw_while_referred,
}


@pytest.mark.parametrize("kind", CAUSES)
def test_every_kind_of_event_is_announced_once_after_commit(
    kind, users, changed, django_capture_on_commit_callbacks
):
    cause = CAUSES[kind](users)
    changed.clear()
    latest = DisputeEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with django_capture_on_commit_callbacks(execute=True):
        dispute = cause()
        assert changed == []  # nothing before the commit

    (event,) = DisputeEvent.objects.filter(pk__gt=latest)
    assert (event.dispute_id, event.transition) == (dispute.pk, kind)
    (sent,) = changed
    carried = sent.pop("event")
    assert sent == {
        "sender": Dispute,
        "signal": signals.dispute_changed,
        "dispute_id": dispute.pk,
        "event_id": event.pk,
    }
    assert (carried.pk, carried.dispute_id, carried.transition) == (event.pk, dispute.pk, kind)


class Afterwards(Exception):
    pass


@pytest.mark.parametrize("kind", ["assess", "log_session", "attach", "return_referral_support"])
def test_a_rolled_back_cause_announces_nothing(kind, users, changed, django_capture_on_commit_callbacks):
    cause = CAUSES[kind](users)
    changed.clear()
    latest = DisputeEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Afterwards),
        transaction.atomic(),
    ):
        cause()
        assert DisputeEvent.objects.filter(pk__gt=latest).count() == 1
        raise Afterwards  # whatever fails after the service, in the same transaction

    assert callbacks == []
    assert changed == []
    assert not DisputeEvent.objects.filter(pk__gt=latest).exists()


@pytest.mark.parametrize(
    "kind",
    [
        "log_session",
        "draft_agreement",
        "follow_up",
        "attach",
        "report_in",
        "return_referral_support",
        "complete_referral",
    ],
)
def test_records_that_do_not_move_the_dispute_notify_nobody(kind, users, django_capture_on_commit_callbacks):
    # The holder reads them on the timeline; the receivers hear them, and write nothing.
    cause = CAUSES[kind](users)
    notifications = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        cause()

    event = DisputeEvent.objects.latest("pk")
    assert event.transition == kind
    assert notify_for_event(event_id=event.pk) == []
    assert Notification.objects.count() == notifications


def test_a_refused_referral_answer_records_and_announces_nothing(
    users, changed, django_capture_on_commit_callbacks
):
    police = referral_of(whistle(users), "shahe-police")
    services.referral_return(referral_id=police.pk, user=users["police_shahe"], reason="不属本所职责")
    changed.clear()
    events = DisputeEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict) as refused:
        services.referral_return(referral_id=police.pk, user=users["police_shahe"], reason="再次退回")

    assert refused.value.code == "wrong_state"
    assert changed == []
    assert DisputeEvent.objects.count() == events
    assert referral_of(police.dispute, "shahe-police").status == ReferralStatus.RETURNED
    assert Dispute.objects.get(pk=police.dispute_id).status == Status.REFERRED


def test_the_recorder_refuses_to_run_outside_a_transaction():
    # The test itself runs in a transaction; a thread has its own connection, in autocommit.
    outcome = []

    def record():
        try:
            event_record(dispute=Dispute(), actor=None, actor_body=None, transition="attach")
        except RuntimeError as error:
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=record)
    thread.start()
    thread.join(timeout=10)

    assert len(outcome) == 1 and "transaction" in str(outcome[0])


def test_no_module_but_the_recorder_writes_timeline_rows():
    root = Path(__file__).resolve().parents[2]
    writes = re.compile(
        r"DisputeEvent\.objects\.(create|bulk_create|get_or_create)|(?<!class )DisputeEvent\("
    )
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in ("disputes", "mediation", "alerts", "notifications", "demo")
        for path in sorted((root / app).rglob("*.py"))
        if path.relative_to(root).as_posix() != "disputes/timeline.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writes.search(line)
    ]
    assert offenders == []
