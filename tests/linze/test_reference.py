"""The per-process reference tables (linze.reference): read once, and read again after any change —
in this process at once, in the others when the shared version moves."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import linze.reference
from disputes.models import DeadlinePolicy
from disputes.tables import POLICIES

pytestmark = pytest.mark.django_db


def amount_of(code: str) -> int:
    return next(p.amount for p in POLICIES.rows() if p.code == code)


def test_the_table_is_read_once_and_again_after_a_save_or_a_bulk_update():
    first = amount_of("labour-mediation")
    with CaptureQueriesContext(connection) as captured:
        assert amount_of("labour-mediation") == first
    assert len(captured) == 0

    policy = DeadlinePolicy.objects.get(code="labour-mediation")
    policy.amount = first + 5
    policy.save()
    assert amount_of("labour-mediation") == first + 5

    DeadlinePolicy.objects.filter(code="labour-mediation").update(amount=first + 7)
    assert amount_of("labour-mediation") == first + 7


def test_a_commit_publishes_a_version_that_other_processes_read_within_seconds(
    monkeypatch, django_capture_on_commit_callbacks
):
    clock = [1000.0]
    monkeypatch.setattr(linze.reference, "monotonic", lambda: clock[0])
    POLICIES.rows()
    before = cache.get(POLICIES.version_key())

    with django_capture_on_commit_callbacks(execute=True):
        DeadlinePolicy.objects.filter(code="labour-mediation").update(amount=3)
    assert cache.get(POLICIES.version_key()) != before
    assert amount_of("labour-mediation") == 3

    # Another process edits a row (here: the row changes without this process hearing of it, and the
    # version moves): this process reads the table again at its next check, not before.
    with connection.cursor() as cursor:
        cursor.execute("update disputes_deadlinepolicy set amount = 9 where code = 'labour-mediation'")
    assert amount_of("labour-mediation") == 3
    cache.set(POLICIES.version_key(), "another process's edit", timeout=None)
    assert amount_of("labour-mediation") == 3
    clock[0] += linze.reference.VERSION_CHECK_SECONDS
    assert amount_of("labour-mediation") == 9
