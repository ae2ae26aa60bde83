"""The work badges kept in the cache (disputes.work_counts): a page after another of the same bodies
reads them without counting, and any timeline event shows in the next page at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disputes.choices import Status
from disputes.models import Dispute
from tests.factories import parties_data, register_dispute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


@pytest.fixture(autouse=True)
def kept(settings):
    settings.WORK_COUNTS_SECONDS = 30


def open_badge(client) -> str:
    html = client.get("/workbench/").content.decode()
    found = re.search(r'data-testid="badge-open">(\d+\+?)<', html)
    return found.group(1) if found else "0"


def test_a_second_page_reads_the_badges_without_counting(client, users, django_capture_on_commit_callbacks):
    user = users["mediator_dongzhai"]
    client.force_login(user)
    client.get("/notifications/")  # the idle clock's first write (and the badges kept) before measuring
    with django_capture_on_commit_callbacks(execute=True):
        register_dispute(user=user, parties=parties_data(2))

    with CaptureQueriesContext(connection) as first:
        client.get(reverse("mediation:mediators"))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("mediation:mediators"))

    def bounded_counts(captured):  # SELECT COUNT(*) FROM (SELECT … LIMIT 1000)
        return [q["sql"] for q in captured.captured_queries if "COUNT(*) FROM (SELECT" in q["sql"]]

    assert len(bounded_counts(first)) == 4, "open, overdue, due soon, referrals"
    assert not bounded_counts(second)
    assert len(second.captured_queries) == len(first.captured_queries) - 4


def test_an_event_shows_in_the_next_page_and_a_silent_change_waits_for_the_keep(
    client, users, django_capture_on_commit_callbacks
):
    user = users["mediator_dongzhai"]
    with django_capture_on_commit_callbacks(execute=True):
        disputes = [register_dispute(user=user, parties=parties_data(2)) for _ in range(2)]
    client.force_login(user)
    assert open_badge(client) == "2"

    # A change without a timeline event (here, straight in the table) is not seen while kept …
    Dispute.objects.filter(pk__in=[d.pk for d in disputes]).update(status=Status.CLOSED)
    assert open_badge(client) == "2"

    # … and any event — here a registration — has every body's badges counted afresh.
    with django_capture_on_commit_callbacks(execute=True):
        register_dispute(user=user, parties=parties_data(2))
    assert open_badge(client) == "1"


def test_without_the_cache_the_badges_are_counted_at_every_page(client, users, settings):
    settings.WORK_COUNTS_SECONDS = 0
    user = users["mediator_dongzhai"]
    dispute = register_dispute(user=user, parties=parties_data(2))
    client.force_login(user)
    assert open_badge(client) == "1"
    Dispute.objects.filter(pk=dispute.pk).update(status=Status.CLOSED)
    assert open_badge(client) == "0"
