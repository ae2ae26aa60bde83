"""A background export on a real Celery worker that is killed in the middle: the job stays recorded
with the progress it had, the sweep hands it to the restarted worker, which writes it from the first
row, and a late second delivery of the old message does nothing.

Every test here commits for real (the worker is another process and sees only committed rows).
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dashboards.exports.models import ExportJob, ExportStatus
from dashboards.exports.services import export_start, export_sweep_run
from dashboards.tasks import export_run
from tests.dashboards.helpers import disputes_with_names, register_rows, workbook_of
from tests.disputes.conftest import linze_committed  # noqa: F401  (the reference data, committed)
from tests.disputes.test_tasks import Worker, wait_for
from tests.factories import DONGZHAI

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("linze_committed")]
ROWS = 8


@pytest.fixture
def worker(tmp_path, monkeypatch):
    # The worker reads the chunk size from its environment: two rows between progress reports.
    monkeypatch.setenv("DASHBOARD_EXPORT_CHUNK_ROWS", "2")
    worker = Worker(tmp_path)
    yield worker
    worker.stop()  # before the database is flushed


def background_export(settings) -> ExportJob:
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 2
    leader = get_user_model().objects.get(username="leader")
    today = timezone.localdate()
    # The request would queue it on the default queue after the commit; this test sends it itself, to
    # the queue of the worker it kills.
    with mock.patch("dashboards.exports.services.export_queue") as queued:
        job = export_start(
            user=leader,
            region=leader.memberships.get().body.region,
            start=today.replace(day=1),
            end=today,
            label="本月",
            language="zh-hans",
        )
    queued.assert_called_once_with([job.pk])
    return job


@pytest.mark.worker
def test_an_export_whose_worker_is_killed_is_run_again_whole_and_only_once(worker, settings):
    made = disputes_with_names(ROWS, region_code=DONGZHAI)
    job = background_export(settings)
    progress = ExportJob.objects.filter(pk=job.pk)
    worker.start()

    worker.send(export_run, job_id=job.pk, row_delay=0.4)
    wait_for(
        lambda: progress.get().rows_done >= 2,
        timeout=40,
        message=lambda: f"no progress:\n{worker.log_tail()}",
    )
    worker.kill()

    killed = progress.get()
    assert killed.status == ExportStatus.RUNNING and killed.attempt == 1
    assert 2 <= killed.rows_done < ROWS and killed.rows_total == ROWS, "the kill must land mid-export"
    assert not killed.file
    # Its heartbeat has stopped: the beat's sweep, once the stale time has passed, puts it back.
    assert export_sweep_run().requeued == []
    later = timezone.now() + timedelta(seconds=settings.DASHBOARD_EXPORT_STALE_SECONDS + 1)
    assert export_sweep_run(now=later).requeued == [job.pk]

    worker.start()
    worker.send(export_run, job_id=job.pk)  # what the sweep task queues
    wait_for(
        lambda: progress.get().status == ExportStatus.DONE,
        timeout=60,
        message=lambda: f"not done: {progress.values().get()}\n{worker.log_tail()}",
    )
    worker.send(export_run, job_id=job.pk)  # the killed run's message, delivered again at last
    time.sleep(2)

    done = progress.get()
    assert (done.status, done.attempt, done.rows_done, done.rows_total) == (ExportStatus.DONE, 2, ROWS, ROWS)
    rows = register_rows(workbook_of(done.file.read()))
    assert [row[0] for row in rows] == list(range(1, ROWS + 1))
    assert {row[1] for row in rows} == {dispute.code for dispute, _names in made}
