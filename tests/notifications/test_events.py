"""Notifications appear for the right users only, for each kind of event."""

import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation

from agencies.choices import Role
from agencies.models import Body
from disputes import services as dispute_services
from disputes.models import DisputeEvent, Referral
from mediation.services import agreement_create, follow_up_record, session_log
from notifications import receivers, services
from notifications.choices import NotificationKind
from notifications.models import DeliveryPreference, Notification, OutboxMessage
from tests.factories import dispute_in_state, register_dispute, staff, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def notified(kind: str | None = None, **filters) -> set[str]:
    queryset = Notification.objects.filter(**filters)
    if kind:
        queryset = queryset.filter(kind=kind)
    return set(queryset.values_list("recipient__username", flat=True))


def notify_last_event(dispute) -> list[Notification]:
    """What the after-commit receiver does for the dispute's latest event."""
    return services.notify_for_event(event_id=dispute.events.order_by("-pk").first().pk)


# -- referrals and the whistle --------------------------------------------------------------------------


def test_a_whistle_notifies_the_staff_of_each_called_in_body_and_no_one_else(users):
    labour_colleague = staff("labour-dept", Role.CLERK)
    labour_leader = staff("labour-dept", Role.LEADER)
    dispute = register_dispute(user=users["centre"])
    transition(dispute, "refer", user=users["centre"])  # labour department leads, the police station helps

    notify_last_event(dispute)

    assert notified(NotificationKind.REFERRAL_WAITING) == {
        "labour_dept",
        labour_colleague.username,
        "police_shahe",
    }
    assert notified() == notified(NotificationKind.REFERRAL_WAITING)  # nobody else, no leader
    assert labour_leader.username not in notified()
    lead = Notification.objects.get(recipient=users["labour_dept"])
    supporting = Notification.objects.get(recipient=users["police_shahe"])
    assert lead.referral == Referral.objects.get(dispute=dispute, body__code="labour-dept")
    assert supporting.referral == Referral.objects.get(dispute=dispute, body__code="shahe-police")
    assert (lead.params["is_lead"], supporting.params["is_lead"]) == (True, False)
    assert lead.target_url == "/agency/"
    with translation.override("zh-hans"):
        assert lead.title == f"待报到：{dispute.code}"
        assert "牵头" in lead.body and "配合" in supporting.body


def test_a_body_added_to_a_running_whistle_is_notified_and_those_already_called_in_are_not(users):
    dispute = register_dispute(user=users["centre"])
    transition(dispute, "refer", user=users["centre"])  # labour department leads, the police station helps
    petitions = Body.objects.get(code="petitions-bureau")
    transition(dispute, "add_support", user=users["centre"], bodies=[petitions.pk])

    notify_last_event(dispute)

    assert notified(NotificationKind.REFERRAL_WAITING) == {"petitions"}
    notice = Notification.objects.get(recipient=users["petitions"])
    assert notice.referral == Referral.objects.get(dispute=dispute, body__code="petitions-bureau")
    assert notice.params["is_lead"] is False


def test_the_person_who_acted_is_not_notified(users):
    # A grid worker who also sits on the village committee escalates to that committee.
    both = staff(["shahe-dongzhai-grid", "shahe-dongzhai-committee"], Role.MEDIATOR)
    dispute = dispute_in_state("mediating")
    transition(dispute, "escalate", user=both)

    notify_last_event(dispute)

    assert notified() == {"mediator_dongzhai"}


# -- a dispute arriving in an inbox -------------------------------------------------------------------------


def test_escalation_notifies_the_new_holders_staff(users):
    dispute = dispute_in_state("mediating")  # at the grid tier, held by 东寨村 grid station
    transition(dispute, "escalate", user=users["grid_dongzhai"])

    notify_last_event(dispute)

    assert notified() == {"mediator_dongzhai"}  # 东寨村 mediation committee; not the grid worker, no leader
    notification = Notification.objects.get()
    assert notification.kind == NotificationKind.INBOX_ARRIVAL and notification.dispute == dispute
    with translation.override("en"):
        assert notification.title == f"New in your inbox: {dispute.code}"
        assert "Dongzhai Village Grid Station" in notification.body and "Escalate" in notification.body


def test_reporting_in_does_not_tell_the_body_that_pulled_the_dispute_in(users):
    dispute = register_dispute(user=users["centre"])
    transition(dispute, "refer", user=users["centre"])
    transition(dispute, "accept_referral", user=users["labour_dept"])

    notify_last_event(dispute)

    assert not Notification.objects.exists()


def test_an_online_submission_notifies_the_centre(users):
    dispute = register_dispute(user=None, channel="online")

    notify_last_event(dispute)

    assert notified(NotificationKind.INBOX_ARRIVAL) == {"centre"}
    with translation.override("en"):
        assert "Online" in Notification.objects.get().body


def test_a_grid_workers_report_notifies_the_village_committee_not_the_reporter(users):
    dispute = register_dispute(user=users["grid_dongzhai"])

    notify_last_event(dispute)

    assert notified(NotificationKind.INBOX_ARRIVAL) == {"mediator_dongzhai"}
    assert notified() == {"mediator_dongzhai"}  # the grid worker is not told of their own report
    notification = Notification.objects.get()
    with translation.override("en"):
        assert "take it over" in notification.body


def test_a_judicial_confirmation_decided_notifies_the_body_that_mediated(users):
    dispute = dispute_in_state("confirming", reporter=users["mediator_dongzhai"])
    transition(dispute, "confirm", user=users["court_clerk"])

    notify_last_event(dispute)

    assert notified(NotificationKind.CONFIRMATION_DECIDED) == {"mediator_dongzhai"}
    assert notified() == {"mediator_dongzhai"}
    with translation.override("zh-hans"):
        assert "有效" in Notification.objects.get().body


def test_a_rejected_confirmation_notifies_the_body_that_mediated(users):
    dispute = dispute_in_state("confirming", reporter=users["mediator_dongzhai"])
    transition(dispute, "reject_confirmation", user=users["court_clerk"])

    notify_last_event(dispute)

    notification = Notification.objects.get(recipient=users["mediator_dongzhai"])
    assert notification.params["ruling"] == "invalid"


# -- timeline entries that move nothing ---------------------------------------------------------------------


def _whistled(users):
    """A dispute referred by 东寨村's committee: 人社局 leads, 沙河派出所 supports; and that support."""
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    dispute = transition(dispute, "refer", user=mediator)
    return dispute, Referral.objects.get(dispute=dispute, body__code="shahe-police")


def _log_session(users):
    dispute = dispute_in_state("mediating")
    session_log(
        dispute_id=dispute.pk,
        user=users["admin"],
        data={"held_at": timezone.now(), "attendees": "双方", "minutes": "释法说理", "result": "failed"},
    )
    return dispute


def _draft_agreement(users):
    dispute = dispute_in_state("mediating")
    agreement_create(
        dispute_id=dispute.pk,
        user=users["admin"],
        data={"facts": "地界争执", "terms": "赔偿500元", "effective_on": timezone.localdate()},
    )
    return dispute


def _follow_up(users):
    dispute = dispute_in_state("fulfilling")
    follow_up_record(
        dispute_id=dispute.pk,
        user=users["admin"],
        data={"visited_at": timezone.now(), "performed": True, "note": "已按期履行"},
    )
    return dispute


def _attach(users):
    dispute = dispute_in_state("mediating")
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    dispute_services.attachment_add(dispute_id=dispute.pk, user=users["admin"], upload=upload)
    return dispute


def _report_in(users):
    dispute, police = _whistled(users)
    dispute_services.referral_accept_supporting(referral_id=police.pk, user=users["police_shahe"])
    return dispute


def _complete_referral(users):
    dispute, police = _whistled(users)
    dispute_services.referral_accept_supporting(referral_id=police.pk, user=users["police_shahe"])
    dispute_services.referral_complete(referral_id=police.pk, user=users["police_shahe"], result="已协助调查")
    return dispute


def _return_referral_support(users):
    dispute, police = _whistled(users)
    dispute_services.referral_return(referral_id=police.pk, user=users["police_shahe"], reason="不属本所职责")
    return dispute


@pytest.mark.parametrize(
    "kind,cause",
    [
        ("log_session", _log_session),
        ("draft_agreement", _draft_agreement),
        ("follow_up", _follow_up),
        ("attach", _attach),
        ("report_in", _report_in),
        ("complete_referral", _complete_referral),
        ("return_referral_support", _return_referral_support),
    ],
)
def test_a_timeline_entry_that_moves_nothing_tells_no_one(kind, cause, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dispute = cause(users)
    assert dispute.events.order_by("-pk").first().transition == kind

    assert notify_last_event(dispute) == []
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


def test_an_event_of_a_kind_this_app_does_not_know_tells_no_one(users):
    dispute = dispute_in_state("mediating")
    event = DisputeEvent.objects.create(
        dispute=dispute,
        actor=users["admin"],
        transition="something_new",
        from_status=dispute.status,
        to_status=dispute.status,
        payload=["not", "a", "mapping"],
    )

    assert services.notify_for_event(event_id=event.pk) == []
    assert services.notify_for_event(event_id=0) == []  # no such event
    assert not Notification.objects.exists()


# -- deadlines (signals of the deadline sweep) ------------------------------------------------------------


def test_a_deadline_breach_notifies_the_holder_and_its_supervisor(users):
    dispute = dispute_in_state("mediating", reporter=users["mediator_dongzhai"])  # 东寨村 committee holds
    town_committee_member = users["mediator_shahe"]  # 沙河镇 committee: the village committee's parent

    services.notify_for_deadline(
        signal_name="deadline_breached", dispute_id=dispute.pk, kind="breach", breach_id=7
    )
    services.notify_for_deadline(
        signal_name="deadline_breached", dispute_id=dispute.pk, kind="breach", breach_id=7
    )

    assert notified(NotificationKind.DEADLINE_BREACHED) == {
        "mediator_dongzhai",
        town_committee_member.username,
    }
    assert Notification.objects.count() == 2  # once, though the signal came twice


def test_a_referrals_deadline_warning_notifies_the_body_called_in(users):
    dispute = register_dispute(user=users["centre"])
    transition(dispute, "refer", user=users["centre"])
    referral = Referral.objects.get(dispute=dispute, body__code="shahe-police")

    services.notify_for_deadline(
        signal_name="deadline_warning", dispute_id=dispute.pk, referral_id=referral.pk, kind="warning"
    )

    # The police station and its supervisor, the county police bureau (nobody works there in the demo).
    assert notified(NotificationKind.DEADLINE_WARNING) == {"police_shahe"}
    assert Notification.objects.get().referral == referral


def test_deadline_signals_are_listened_to_by_name_when_their_module_exists(users):
    fake = types.SimpleNamespace(deadline_warning=Signal(), deadline_breached=Signal())
    assert receivers.connect_deadline_signals(fake) == ["deadline_warning", "deadline_breached"]
    assert receivers.connect_deadline_signals(types.SimpleNamespace()) == []
    dispute = dispute_in_state("mediating", reporter=users["mediator_dongzhai"])

    fake.deadline_breached.send(
        sender=None, dispute_id=dispute.pk, referral_id=None, kind="breach", breach_id=1
    )

    assert "mediator_dongzhai" in notified(NotificationKind.DEADLINE_BREACHED)


def test_the_deadline_sweeps_signals_are_connected():
    from disputes import signals

    assert signals.deadline_warning.has_listeners() and signals.deadline_breached.has_listeners()


def test_a_receiver_never_raises_into_the_request(users, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "notify_for_event", broken)
    receivers.on_dispute_changed(sender=None, dispute_id=1, event_id=1)  # logged, not raised
    monkeypatch.setattr(services, "notify_for_deadline", broken)
    receivers.RECEIVERS["deadline_breached"](sender=None, dispute_id=1)


# -- once, and in the cause's transaction ---------------------------------------------------------------


def test_notifying_an_event_twice_tells_nobody_twice(users):
    dispute = register_dispute(user=users["centre"])
    transition(dispute, "refer", user=users["centre"])

    first = notify_last_event(dispute)
    second = notify_last_event(dispute)

    assert len(first) == 2 and second == []
    assert Notification.objects.count() == 2


def test_an_external_message_is_written_with_its_notification(users):
    users["labour_dept"].email = "hejun@linze.gov.cn"
    users["labour_dept"].save()
    DeliveryPreference.objects.create(user=users["labour_dept"], mobile="13909361234")
    DeliveryPreference.objects.create(user=users["police_shahe"], mobile="13909365678", sms_enabled=False)
    dispute = register_dispute(user=users["centre"])
    transition(dispute, "refer", user=users["centre"])

    notify_last_event(dispute)

    messages = {(m.channel, m.address): m for m in OutboxMessage.objects.all()}
    assert set(messages) == {("sms", "13909361234"), ("email", "hejun@linze.gov.cn")}
    sms = messages["sms", "13909361234"]
    assert sms.status == "pending" and sms.notification.recipient == users["labour_dept"]
    assert sms.body.startswith(f"待报到：{dispute.code}")  # written in the portal's language


def test_a_rolled_back_cause_leaves_no_notification_and_sends_nothing(
    users, django_capture_on_commit_callbacks
):
    users["labour_dept"].email = "hejun@linze.gov.cn"
    users["labour_dept"].save()
    dispute = register_dispute(user=users["centre"])

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        transition(dispute, "refer", user=users["centre"])
        notify_last_event(dispute)  # as the lead may call it inside the transition
        assert OutboxMessage.objects.exists()
        raise RuntimeError("the transition fails after writing")

    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()
    assert callbacks == []  # no delivery queued


def test_the_receiver_runs_on_commit_of_a_transition(users, django_capture_on_commit_callbacks):
    dispute = dispute_in_state("mediating")

    with django_capture_on_commit_callbacks(execute=True):
        transition(dispute, "escalate", user=users["grid_dongzhai"])

    assert notified() == {"mediator_dongzhai"}


def test_the_drain_catches_up_on_events_the_receiver_missed(users):
    from datetime import timedelta

    dispute = dispute_in_state("mediating")
    transition(dispute, "escalate", user=users["grid_dongzhai"])  # no on-commit here: as if it was lost

    assert services.notifications_catch_up(lag=timedelta(0)) >= 1
    assert notified() == {"mediator_dongzhai"}
    assert services.notifications_catch_up(lag=timedelta(0)) == 0
    # The grid report and the escalation, once each.
    assert Notification.objects.count() == 2
