"""`scripts/run` serves the portal at once: `seed_demo --in-background` makes the accounts and leaves
the demo disputes to the Celery worker (a real one here, on the real broker, on a queue of its own so
that the tasks other tests left on the session's queue do not stand in front of it)."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.disputes import DEMO_MARK
from disputes.models import Dispute
from tests.disputes.test_tasks import Worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    worker = Worker(tmp_path)
    worker.start()
    yield worker
    worker.stop()  # before the database is flushed


def test_the_accounts_come_at_once_and_the_worker_makes_the_disputes(worker):
    call_command("load_linze", verbosity=0)
    out = io.StringIO()

    call_command("seed_demo", "--in-background", "--disputes=6", f"--queue={worker.queue}", stdout=out)

    assert get_user_model().objects.filter(username="mediator_dongzhai").exists()
    assert "6 queued for the Celery worker" in out.getvalue()
    deadline = time.monotonic() + 180
    while Dispute.objects.filter(description__endswith=DEMO_MARK).count() < 6:
        assert time.monotonic() < deadline, f"no demo disputes after 180 s:\n{worker.log_tail()}"
        time.sleep(0.5)
    assert Dispute.objects.count() == 6
