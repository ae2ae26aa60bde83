"""A task queued through the real Redis broker runs on a real worker and writes to the database."""

import time

import pytest

from linze.models import WorkerHeartbeat
from linze.tasks import record_heartbeat


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_heartbeat_task_runs_on_a_real_worker(celery_worker):
    assert not WorkerHeartbeat.objects.exists()

    celery_worker.send(record_heartbeat)

    deadline = time.monotonic() + 20
    while not WorkerHeartbeat.objects.exists():
        assert time.monotonic() < deadline, f"no heartbeat in 20 s; worker log:\n{celery_worker.log_tail()}"
        time.sleep(0.2)
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.worker == celery_worker.name
    assert heartbeat.runs == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_second_heartbeat_counts_up_on_the_same_row(celery_worker):
    celery_worker.send(record_heartbeat)
    celery_worker.send(record_heartbeat)

    deadline = time.monotonic() + 20
    while not WorkerHeartbeat.objects.filter(runs__gte=2).exists():
        assert time.monotonic() < deadline, f"two heartbeats not seen in 20 s:\n{celery_worker.log_tail()}"
        time.sleep(0.2)
    assert WorkerHeartbeat.objects.count() == 1
