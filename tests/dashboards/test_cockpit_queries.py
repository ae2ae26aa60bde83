"""The cockpit reads a fixed number of queries whatever the data: 10 disputes or 1,000."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.dashboards.cockpit_data import bulk_disputes

pytestmark = pytest.mark.django_db


def _queries(client, url, params) -> tuple[int, object]:
    today = timezone.localdate()
    params = {"period": f"{today - timedelta(days=40):%Y-%m-%d}~{today:%Y-%m-%d}", **params}
    client.get(url, params)  # the per-process reference tables are read by a process's first page
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_cockpit_reads_as_many_queries_for_10_and_1000_disputes(linze, client, users):
    client.force_login(users["leader"])
    bulk_disputes(10)
    few, page = _queries(client, "/dashboards/", {})
    assert page.context["rows"][0][0].value == 10
    bulk_disputes(990)
    many, page = _queries(client, "/dashboards/", {})
    assert page.context["rows"][0][0].value == 1000
    assert many == few
    api = _queries(client, "/api/v1/indicators/", {})[0]
    bulk_disputes(100)
    assert _queries(client, "/api/v1/indicators/", {})[0] == api


def test_a_drill_down_list_reads_as_many_queries_for_2_and_20_rows(linze, client, users):
    client.force_login(users["leader"])
    bulk_disputes(2)
    two, page = _queries(client, "/dashboards/disputes/", {"key": "taken_in"})
    assert len(page.context["page"].rows) == 2
    bulk_disputes(18)
    twenty, page = _queries(client, "/dashboards/disputes/", {"key": "taken_in"})
    assert len(page.context["page"].rows) == 20
    assert twenty == two
