"""Delivery outside the portal: the drain, retries with backoff, failures recorded, never raised."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications import services
from notifications.choices import OutboxStatus
from notifications.models import Notification, OutboxMessage
from notifications.queueing import publish_quietly
from notifications.tasks import deliver_outbox_message, outbox_drain
from tests.factories import dispute_in_state, transition
from tests.notifications.backends import FailingBackend, FlakyBackend

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def pending_message(**fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind="deadline_breached",
        channel=fields.pop("channel", "sms"),
        address=fields.pop("address", "13909361234"),
        subject="已超期：LZ-2026-000001",
        body="已超期：LZ-2026-000001：请立即督办。",
        **fields,
    )


@pytest.fixture
def failing_gateway(settings):
    FailingBackend.calls = 0
    settings.NOTIFICATION_SMS_BACKEND = "tests.notifications.backends.FailingBackend"
    settings.NOTIFICATION_RETRY_BACKOFF = 30
    settings.NOTIFICATION_MAX_ATTEMPTS = 10


@pytest.fixture
def flaky_gateway(settings):
    FlakyBackend.calls, FlakyBackend.failures, FlakyBackend.delivered = 0, 2, []
    settings.NOTIFICATION_SMS_BACKEND = "tests.notifications.backends.FlakyBackend"


# -- the drain ------------------------------------------------------------------------------------------


def test_the_drain_delivers_each_due_message_once(outbox_file):
    first, second = pending_message(), pending_message(channel="email", address="hejun@linze.gov.cn")
    later = pending_message(next_attempt_at=timezone.now() + timedelta(hours=1))

    counts = services.outbox_drain()
    services.outbox_drain()

    assert (counts["sent"], counts["failed"]) == (2, 0)
    assert sorted(line["to"] for line in outbox_file.lines()) == ["13909361234", "hejun@linze.gov.cn"]
    for message in (first, second):
        message.refresh_from_db()
        assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 1, "")
        assert message.delivered_at is not None
    later.refresh_from_db()
    assert later.status == OutboxStatus.PENDING and later.attempts == 0


def test_a_failing_gateway_is_retried_with_exponential_backoff(failing_gateway):
    message = pending_message()

    delays = []
    for _ in range(4):
        before = timezone.now()
        services.outbox_drain()
        message.refresh_from_db()
        delays.append(round((message.next_attempt_at - before).total_seconds()))
        services.outbox_drain()  # not due yet: not tried again
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())

    message.refresh_from_db()
    assert FailingBackend.calls == 4 and message.attempts == 4
    assert delays == [30, 60, 120, 240]
    assert message.status == OutboxStatus.PENDING
    assert message.last_error == "GatewayDown: SMS gateway answered 503"
    assert message.delivered_at is None


def test_a_message_fails_for_good_after_the_last_attempt(failing_gateway, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    message = pending_message()

    for _ in range(5):
        services.outbox_drain()
        OutboxMessage.objects.filter(pk=message.pk, status="pending").update(next_attempt_at=timezone.now())

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 3)
    assert FailingBackend.calls == 3
    assert services.outbox_retry(message_ids=[message.pk]) == 1  # the admin's "send again"
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING


# -- the fast path: a Celery task per message, retried by Celery ------------------------------------------


def test_the_task_retries_with_backoff_until_the_gateway_answers(flaky_gateway, monkeypatch):
    countdowns = []
    original_retry = deliver_outbox_message.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return original_retry(*args, **kwargs)

    monkeypatch.setattr(deliver_outbox_message, "retry", spy)
    message = pending_message()

    result = deliver_outbox_message.apply(args=[message.pk])  # eager: the retries run at once

    assert result.successful() and result.result == OutboxStatus.SENT
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 3)
    assert len(FlakyBackend.delivered) == 1
    assert len(countdowns) == 2 and all(
        c is not None and 0 <= c <= 30 * 2**i for i, c in enumerate(countdowns)
    )


def test_when_the_task_gives_up_the_error_is_recorded_and_the_drain_keeps_the_message(failing_gateway):
    message = pending_message()

    result = deliver_outbox_message.apply(args=[message.pk])

    assert result.failed()  # inside the worker only: nothing reaches a request
    assert deliver_outbox_message.max_retries == 5 and deliver_outbox_message.retry_backoff == 30
    message.refresh_from_db()
    assert FailingBackend.calls == 6 and message.attempts == 6
    assert message.status == OutboxStatus.PENDING and "503" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(minutes=16)  # backoff, plus the drain's grace


def test_a_sent_message_is_never_sent_again(outbox_file):
    message = pending_message()

    deliver_outbox_message.apply(args=[message.pk])
    deliver_outbox_message.apply(args=[message.pk])
    services.outbox_drain()

    assert len(outbox_file.lines()) == 1


def test_a_failing_gateway_never_fails_the_transition(
    users, settings, failing_gateway, eager_celery, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    users["mediator_dongzhai"].email = "chenguilan@linze.gov.cn"
    users["mediator_dongzhai"].save()
    dispute = dispute_in_state("mediating")

    with django_capture_on_commit_callbacks(execute=True):
        moved = transition(dispute, "escalate", user=users["grid_dongzhai"])

    assert moved.holder.code == "shahe-dongzhai-committee"
    message = OutboxMessage.objects.get(address="chenguilan@linze.gov.cn")
    assert message.attempts == 6 and message.status == OutboxStatus.PENDING and "503" in message.last_error
    assert Notification.objects.filter(recipient=users["mediator_dongzhai"]).exists()


# -- queueing without a broker ----------------------------------------------------------------------------


def test_queueing_with_the_broker_unreachable_fails_fast_and_quietly(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port

    started = time.monotonic()
    queued = publish_quietly(outbox_drain, [()])

    assert queued is False
    assert time.monotonic() - started < 3
