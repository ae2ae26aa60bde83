"""Redis is down when a transition commits: the transition succeeds, its message waits in the outbox, and
when Redis is back a real worker delivers it exactly once.

The test runs its own throwaway redis-server (never the shared one) and its own worker pointed at it and
at the test database; it stops and restarts only that server.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from disputes import services as dispute_services
from linze.celery import app
from linze.models import WorkerHeartbeat
from linze.tasks import record_heartbeat
from notifications.choices import OutboxStatus
from notifications.models import Notification, OutboxMessage
from notifications.tasks import outbox_drain
from tests.conftest import ROOT, _database_url
from tests.factories import dispute_in_state

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of this test alone, on a free port, that the test may stop and start again."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder)]  # fmt: skip
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "the throwaway redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None


@pytest.fixture
def throwaway_redis(tmp_path):
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.stop()


class Worker:
    """A `celery worker` on the throwaway broker and the test database, consuming one queue of its own."""

    def __init__(self, *, broker_url: str, outbox_path: Path, log_path: Path):
        self.broker_url = broker_url
        self.queue = f"linze-redis-down-{uuid.uuid4().hex[:8]}"
        self.name = f"{self.queue}@{socket.gethostname()}"
        self.log_path = log_path
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "linze.settings.test",
            "DATABASE_URL": _database_url(django_settings.DATABASES["default"]),
            "REDIS_URL": broker_url,
            "NOTIFICATION_SMS_BACKEND": "notifications.backends.FileBackend",
            "NOTIFICATION_EMAIL_BACKEND": "notifications.backends.FileBackend",
            "NOTIFICATION_FILE_PATH": str(outbox_path),
        }
        command = [sys.executable, "-m", "celery", "-A", "linze", "worker", "--pool=solo", "--without-gossip",
                   "--without-mingle", "--loglevel=warning", "-n", self.name, "-Q", self.queue]  # fmt: skip
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def log_tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-40:])

    def wait_ready(self) -> None:
        """A heartbeat task answered proves the worker consumes its queue (a control ping would go through
        the app's producer pool, which may be bound to the shared Redis)."""
        self.send(record_heartbeat)
        wait_for(
            lambda: WorkerHeartbeat.objects.exists() or self.process.poll() is not None,
            seconds=30,
            message=lambda: f"the worker did not answer:\n{self.log_tail()}",
        )
        assert self.process.poll() is None, f"the worker exited:\n{self.log_tail()}"

    def send(self, task, *args) -> None:
        with app.connection_for_write(url=self.broker_url) as connection:
            task.apply_async(args=args, queue=self.queue, producer=app.amqp.Producer(connection))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def wait_for(condition, *, seconds: float, message) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.2)


def test_a_transition_with_redis_down_succeeds_and_is_delivered_once_when_redis_returns(
    linze_committed, throwaway_redis, settings, tmp_path
):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = throwaway_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": throwaway_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    outbox_path = tmp_path / "outbox.jsonl"
    settings.NOTIFICATION_EMAIL_BACKEND = "notifications.backends.FileBackend"
    settings.NOTIFICATION_FILE_PATH = str(outbox_path)
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["grid_dongzhai", "mediator_dongzhai"])
    }
    dispute = dispute_in_state("mediating")  # at the grid tier, held by 东寨村 grid station
    # Told of the grid report already (in the app: no address yet); the escalation is what is counted.
    told_before = Notification.objects.filter(recipient=users["mediator_dongzhai"], dispute=dispute).count()
    users["mediator_dongzhai"].email = "chenguilan@linze.gov.cn"
    users["mediator_dongzhai"].save()

    throwaway_redis.stop()
    started = time.monotonic()
    moved = dispute_services.dispute_transition(
        dispute_id=dispute.pk, user=users["grid_dongzhai"], name="escalate", data={"note": "本级调解未果"}
    )
    elapsed = time.monotonic() - started

    # The transition succeeded, at once, and its notification and message are committed.
    assert moved.holder.code == "shahe-dongzhai-committee"
    assert elapsed < 5, f"the transition waited {elapsed:.1f} s for Redis"
    told = Notification.objects.filter(recipient=users["mediator_dongzhai"], dispute=dispute).count()
    assert told == told_before + 1
    message = OutboxMessage.objects.get(address="chenguilan@linze.gov.cn")
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert not outbox_path.exists()

    throwaway_redis.start()
    worker = Worker(broker_url=throwaway_redis.url, outbox_path=outbox_path, log_path=tmp_path / "worker.log")
    try:
        worker.wait_ready()
        worker.send(outbox_drain)  # what beat sends every minute
        wait_for(
            lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT,
            seconds=30,
            message=lambda: f"not delivered in 30 s; worker log:\n{worker.log_tail()}",
        )
        # Once more, then a heartbeat: the solo worker runs them in order, so when the heartbeat is
        # recorded the second drain is done.
        worker.send(outbox_drain)
        worker.send(record_heartbeat)
        wait_for(
            lambda: WorkerHeartbeat.objects.filter(runs__gte=2).exists(),
            seconds=30,
            message=lambda: f"the worker did not finish; log:\n{worker.log_tail()}",
        )
    finally:
        worker.stop()

    lines = outbox_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1, lines
    assert "chenguilan@linze.gov.cn" in lines[0] and dispute.code in lines[0]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    assert message.delivered_at is not None
