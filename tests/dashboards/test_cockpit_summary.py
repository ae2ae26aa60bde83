"""The monthly summary: a settled month read from MonthlyFigure gives the numbers the raw tables give;
a change recorded on the timeline makes its month read live again until the next refresh."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from agencies.models import Region
from dashboards.indicators import Cockpit, Scope, funnel, indicators, town_table
from dashboards.indicators.summary import figures_refresh_due, settled_months
from dashboards.models import FigureMonth, MonthlyFigure
from disputes.models import Dispute, Referral
from tests.dashboards.test_cockpit import COUNTY, county  # noqa: F401
from tests.factories import transition

pytestmark = pytest.mark.django_db


def _two_months_ago():
    first = timezone.localdate().replace(day=1)
    month = (first - timedelta(days=40)).replace(day=1)
    return month, timezone.make_aware(datetime.combine(month.replace(day=15), time(10)))


@pytest.fixture
def old_county(county):  # noqa: F811
    """The hand-made county of test_cockpit, opened (and closed) on the 15th of the month before last;
    its timeline stays where it is (append-only: the database refuses to move it)."""
    month, when = _two_months_ago()
    ids = [county[key].pk for key in "ABCDEFG"]
    Dispute.objects.filter(pk__in=ids).update(opened_at=when)
    Dispute.objects.filter(pk__in=ids, closed_at__isnull=False).update(closed_at=when + timedelta(hours=5))
    Referral.objects.filter(dispute_id__in=ids).update(created_at=when)
    return month


def _scope(month):
    end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Scope(Region.objects.get(code=COUNTY), month, end, "test", "month")


def _numbers(scope):
    return (
        [(i.key, i.value) for i in indicators(scope)],
        [(s.key, s.count) for s in funnel(scope)],
        [(r.region.code, r.values) for r in town_table(scope).rows],
    )


def test_a_stored_month_gives_the_numbers_of_the_raw_tables(old_county):
    scope = _scope(old_county)
    assert settled_months(scope.start, scope.end) == [old_county]
    live = _numbers(scope)
    assert Cockpit(scope).sources == {"stored_months": [], "live": [(scope.start, scope.end)]}
    stored = figures_refresh_due()
    assert (Region.objects.get(code=COUNTY).pk, old_county) in stored
    assert MonthlyFigure.objects.filter(month=old_county, key="taken_in").exists()
    assert Cockpit(scope).sources == {"stored_months": [old_county], "live": []}
    assert _numbers(scope) == live
    assert dict(live[1])["taken_in"] == 7


@pytest.mark.usefixtures("old_county")
def test_a_recorded_change_makes_its_month_live_until_refreshed(
    county,  # noqa: F811
    users,
    django_capture_on_commit_callbacks,
):
    old_county = _two_months_ago()[0]
    scope = _scope(old_county)
    figures_refresh_due()
    before = {s.key: s.count for s in funnel(scope)}
    with django_capture_on_commit_callbacks(execute=True):
        transition(county["F"], "withdraw", user=users["admin"])
    assert FigureMonth.objects.get(month=old_county).stale
    cockpit = Cockpit(scope)
    assert cockpit.sources["stored_months"] == []  # read live: the change shows at once
    after = {s.key: s.count for s in funnel(scope)}
    assert after["layer_open"] == before["layer_open"] - 1
    assert after["layer_other"] == before["layer_other"] + 1
    figures_refresh_due()
    assert not FigureMonth.objects.get(month=old_county).stale
    assert {s.key: s.count for s in funnel(scope)} == after


def test_this_month_is_always_read_live(county):  # noqa: F811
    today = timezone.localdate()
    scope = Scope(Region.objects.get(code=COUNTY), today.replace(day=1), today, "test", "month")
    figures_refresh_due()
    assert Cockpit(scope).sources["stored_months"] == []


@pytest.mark.usefixtures("old_county")
def test_marking_a_month_stale_is_one_statement(county):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboards.indicators.summary import figures_mark_stale

    figures_refresh_due()
    event = county["A"].events.last()
    with CaptureQueriesContext(connection) as captured:
        assert figures_mark_stale(dispute_id=county["A"].pk, event_id=event.pk) == 1
    assert len(captured) == 1
    assert FigureMonth.objects.get(month=_two_months_ago()[0]).stale


def test_celery_beat_runs_the_refresh(old_county):
    from django.conf import settings

    from dashboards.indicators.tasks import figures_refresh
    from linze.celery import app

    task = settings.CELERY_BEAT_SCHEDULE["figures-refresh"]["task"]
    assert task in app.tasks
    assert figures_refresh() >= 1  # the month before last, at least
    assert not FigureMonth.objects.get(month=old_county).stale
