"""The instruments' lists read as many queries for 2 rows as for 20."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Body, Region
from supervision import services
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _decision(user, n):
    services.decision_register(
        user=user, department=Body.objects.get(code="labour-dept"),
        region=Region.objects.get(code="620723101"), kind="project", title=f"项目{n}", description="项目",
    )  # fmt: skip


def _meeting(user, n):
    services.meeting_raise(
        user=user, title=f"预警{n}", reason="上访", region=Region.objects.get(code="620723102")
    )


def _session(user, n):
    services.education_session_record(
        user=user, body=Body.objects.get(code="shahe-judicial"), held_on=datetime.date(2026, 11, 1),
        place="村委会", topic=f"普法{n}", audience=10,
        villages=list(Region.objects.filter(code__in=["620723101201", "620723101202"])),
    )  # fmt: skip


@pytest.mark.parametrize(
    "url,make,author",
    [
        ("/supervision/decisions/", _decision, "labour_dept"),
        ("/supervision/meetings/", _meeting, "petitions"),
        ("/supervision/education/", _session, "judicial"),
    ],
)
def test_a_list_reads_as_many_queries_for_2_and_20_rows(linze, users, client, url, make, author):
    user = staff("shahe-judicial") if author == "judicial" else users[author]
    client.force_login(users["leader"])
    for n in range(2):
        make(user, n)
    few = _count(client, url)
    for n in range(2, 20):
        make(user, n)
    assert _count(client, url) == few
