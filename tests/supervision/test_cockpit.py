"""The cockpit's suggestions panel: how many were issued, the reply rate and the overdue ones."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision import services
from supervision.sweep import supervision_sweep_run
from tests.supervision.helpers import issued

pytestmark = pytest.mark.django_db


def _cockpit(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/dashboards/", headers={"accept-language": "en"})
    assert response.status_code == 200
    return response, len(captured.captured_queries)


def test_the_cockpit_shows_the_suggestions_reply_rate_and_the_overdue_ones(linze, users, client):
    court, police = users["court_clerk"], users["police_shahe"]
    client.force_login(users["leader"])
    for title in ("甲", "乙", "丙"):
        issued(court, title=title)
    _page, few = _cockpit(client)
    replied = issued(court, title="已答复的建议")
    services.suggestion_reply(suggestion_id=replied.pk, user=police, reply="已整改")
    late = issued(court, title="逾期未复的建议")
    supervision_sweep_run(now=late.due_at + timedelta(minutes=1))
    assert timezone.now() < late.due_at  # overdue by the sweep's clock, not by the page's

    page, many = _cockpit(client)
    panel = page.context["suggestions"]
    assert (panel["issued"], panel["replied"], panel["reply_rate"]) == (5, 1, 20.0)
    html = page.content.decode()
    assert 'data-testid="suggestions-reply-rate">20.0%' in html
    assert "逾期未复的建议" in html and "已答复的建议" not in html
    assert many == few


def test_the_cockpit_sets_legal_education_beside_the_disputes(linze, users, client):
    import datetime

    from agencies.models import Body, Region
    from tests.factories import staff

    officer = staff("shahe-judicial")
    services.education_session_record(
        user=officer, body=Body.objects.get(code="shahe-judicial"), held_on=timezone.localdate(),
        place="东寨村委会", topic="民法典进村", audience=85,
        villages=[Region.objects.get(code="620723101201")],
    )  # fmt: skip
    services.education_session_record(
        user=officer, body=Body.objects.get(code="shahe-judicial"),
        held_on=timezone.localdate() - datetime.timedelta(days=400), place="x", topic="去年", audience=9,
        villages=[Region.objects.get(code="620723101201")],
    )  # fmt: skip
    client.force_login(users["leader"])
    page, _queries = _cockpit(client)
    assert page.context["education"] == {"sessions": 1, "audience": 85}
