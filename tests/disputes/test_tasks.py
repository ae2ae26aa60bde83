"""The deadline sweep as the beat runs it: a Celery task, two sweeps at once, and a real worker killed
in the middle of a run (the next run picks up what was not done, and nothing is done twice).

Every test here commits for real (threads and a worker process see only committed rows).
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from disputes import sweep as sweep_module
from disputes.choices import Tier
from disputes.models import DeadlineBreach, Dispute, DisputeEvent
from disputes.sweep import BREACH, deadline_sweep_run
from disputes.tasks import deadline_sweep
from tests.conftest import ROOT, TEST_QUEUE, _database_url
from tests.disputes.test_deadlines import Clock
from tests.factories import dispute_in_state

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("linze_committed")]


def overdue_grid_disputes(count: int) -> list[int]:
    """Disputes mediated at the grid tier, registered two weeks ago: their one working day is long over."""
    with mock.patch("django.utils.timezone.now", new=Clock(timezone.now() - timedelta(days=14))):
        return [dispute_in_state("mediating").pk for _ in range(count)]


def handled(pks) -> dict[int, tuple[int, int, str]]:
    """Per dispute: (breach records, automatic escalations, tier)."""
    return {
        pk: (
            DeadlineBreach.objects.filter(dispute_id=pk, kind=BREACH).count(),
            DisputeEvent.objects.filter(dispute_id=pk, transition="escalate", actor__isnull=True).count(),
            Dispute.objects.get(pk=pk).tier,
        )
        for pk in pks
    }


# -- the task -------------------------------------------------------------------------------------------


def test_the_beat_sends_the_sweep_every_five_minutes_and_the_task_is_acknowledged_late():
    entry = settings.CELERY_BEAT_SCHEDULE["deadline-sweep"]

    assert (entry["task"], entry["schedule"]) == (deadline_sweep.name, 300.0)
    assert deadline_sweep.name == "disputes.tasks.deadline_sweep"
    assert deadline_sweep.acks_late and deadline_sweep.reject_on_worker_lost


def test_the_task_runs_the_sweep_service():
    pks = overdue_grid_disputes(2)

    result = deadline_sweep.apply().get()

    assert (result["breaches"], result["escalations"], result["complete"]) == (2, 2, True)
    assert handled(pks) == dict.fromkeys(pks, (1, 1, Tier.VILLAGE))


def test_a_pass_stopped_by_its_time_budget_leaves_the_rest_to_the_next_run():
    pks = overdue_grid_disputes(3)

    first = deadline_sweep_run(time_budget=0)
    second = deadline_sweep_run()

    assert (first.breaches, first.complete) == (0, False)
    assert (second.breaches, second.escalations) == (3, 3)
    assert handled(pks) == dict.fromkeys(pks, (1, 1, Tier.VILLAGE))


# -- two sweeps at once ---------------------------------------------------------------------------------


def test_two_sweeps_at_once_record_each_breach_once_and_escalate_once(monkeypatch):
    pks = overdue_grid_disputes(3)
    policy_for = sweep_module.policy_for

    def slow_policy_for(*args, **kwargs):  # runs while the row is locked: the sweeps overlap for sure
        time.sleep(0.2)
        return policy_for(*args, **kwargs)

    monkeypatch.setattr(sweep_module, "policy_for", slow_policy_for)
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = deadline_sweep_run()
        except Exception as error:  # the assertions below show it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(t.is_alive() for t in threads)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(r.breaches for r in results) == 3
    assert sum(r.escalations for r in results) == 3
    assert handled(pks) == dict.fromkeys(pks, (1, 1, Tier.VILLAGE))


# -- a worker killed mid-run ----------------------------------------------------------------------------


class Worker:
    """A `celery worker` process on a queue of this module's own, which tests may kill and start again
    (the session's `celery_worker` fixture cannot be restarted, and would take the queue's tasks)."""

    def __init__(self, log_dir) -> None:
        self.queue = f"{TEST_QUEUE}-sweep-{uuid.uuid4().hex[:6]}"
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        from linze.celery import app

        self.starts += 1
        self.name = f"linze-sweep-{os.getpid()}-{self.starts}@{socket.gethostname()}"
        self.log_path = self.log_dir / f"worker-{self.starts}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "linze.settings.test",
            "DATABASE_URL": _database_url(settings.DATABASES["default"]),
            "REDIS_URL": settings.REDIS_URL,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "linze", "worker",
            "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=warning",
            "-n", self.name, "-Q", self.queue,
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not app.control.ping(destination=[self.name], timeout=0.5):
            assert self.process.poll() is None, f"the worker exited:\n{self.log_tail()}"
            assert time.monotonic() < deadline, f"the worker did not answer within 30 s:\n{self.log_tail()}"

    def send(self, task, **kwargs):
        return task.apply_async(kwargs=kwargs, queue=self.queue)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no worker log)"


@pytest.fixture
def worker(tmp_path):
    worker = Worker(tmp_path)
    yield worker
    worker.stop()  # before the database is flushed


def wait_for(condition, *, timeout: float, message):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.1)


@pytest.mark.worker
def test_a_worker_killed_mid_sweep_loses_nothing_and_the_next_run_does_each_row_once(worker):
    pks = overdue_grid_disputes(6)
    breaches = DeadlineBreach.objects.filter(dispute_id__in=pks, kind=BREACH)
    worker.start()

    # Each row's transaction stays open a second before it commits: the kill lands while the worker
    # holds a row (locked, its breach and escalation written but not committed).
    worker.send(deadline_sweep, row_delay=1.0)
    wait_for(lambda: breaches.count() >= 2, timeout=40, message=lambda: f"no progress:\n{worker.log_tail()}")
    worker.kill()

    done = breaches.count()
    assert 2 <= done < len(pks), "the kill must land in the middle of the run"
    # Each row the killed run committed is whole (breach, escalation, holder, grants); the row in hand
    # was rolled back with the rest, untouched.
    partial = handled(pks)
    assert sorted(partial.values()) == sorted(
        [(1, 1, Tier.VILLAGE)] * done + [(0, 0, Tier.GRID)] * (len(pks) - done)
    )

    worker.start()
    # The next runs, as the beat sends them (every five minutes; here every few seconds): a row the
    # dead worker's connection still held would be skipped by one run and done by a later one.
    deadline = time.monotonic() + 40
    while breaches.count() < len(pks):
        assert time.monotonic() < deadline, f"not all handled: {handled(pks)}\n{worker.log_tail()}"
        worker.send(deadline_sweep)
        time.sleep(2)
    time.sleep(1)  # anything doing a row twice would show now

    assert handled(pks) == dict.fromkeys(pks, (1, 1, Tier.VILLAGE))
