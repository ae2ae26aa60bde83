"""`scripts/run` serves the portal at once: `seed_demo --in-background` makes the accounts and leaves
the demo disputes to the Celery worker (a real one here, on the real broker)."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.disputes import DEMO_MARK
from disputes.models import Dispute

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_accounts_come_at_once_and_the_worker_makes_the_disputes(celery_worker):
    call_command("load_linze", verbosity=0)
    out = io.StringIO()

    call_command("seed_demo", "--in-background", "--disputes=6", stdout=out)

    assert get_user_model().objects.filter(username="mediator_dongzhai").exists()
    assert "6 queued for the Celery worker" in out.getvalue()
    deadline = time.monotonic() + 300  # the session's worker may still be busy with earlier tests' tasks
    while Dispute.objects.filter(description__endswith=DEMO_MARK).count() < 6:
        assert time.monotonic() < deadline, f"no demo disputes after 300 s:\n{celery_worker.log_tail()}"
        time.sleep(0.5)
    assert Dispute.objects.count() == 6
