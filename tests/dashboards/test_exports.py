"""The dispute register as Excel: what the file holds (rows, masked names, the header block, the town
sheet), who may export what, small exports at once and large ones in the background, the sweep."""

import random
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboards.exports import register
from dashboards.exports.models import ExportJob, ExportStatus
from dashboards.exports.services import export_job_run, export_start, export_sweep_run
from dashboards.tasks import export_sweep
from linze.workdays import workdays_between
from tests.dashboards.helpers import (
    SHAHE,
    XINHUA,
    disputes_with_names,
    register_rows,
    sheet_rows,
    this_month,
    town_leader,
    workbook_of,
)
from tests.disputes.conftest import linze  # noqa: F401  (the module's reference data)
from tests.factories import DAZHAI, DONGZHAI, staff, transition

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:export")


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    return client


@pytest.fixture
def leader(linze):  # noqa: F811
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="leader")


def export(client, **params):
    query = {"period": this_month(), **params}
    return client.post(f"{URL}?{'&'.join(f'{k}={v}' for k, v in query.items())}")


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_register_opens_with_openpyxl_and_holds_every_dispute_of_the_period_with_names_masked(leader):
    made = disputes_with_names(3, region_code=DONGZHAI) + disputes_with_names(2, region_code=DAZHAI)
    closed = transition(made[0][0], "withdraw", user=staff("county-centre"))

    response = export(client_for(leader))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = workbook_of(content_of(response))
    assert workbook.sheetnames == ["台账", "各镇指标"]
    head = sheet_rows(workbook.worksheets[0])[:6]
    assert head[0][0] == "临泽县矛盾纠纷排查化解台账"
    assert head[1][0] == "统计期间" and timezone.localdate().strftime("%Y-%m") in head[1][1]
    assert head[2][0] == "制表" and "县委政法委" in head[2][1]
    assert head[3][0] == "制表时间"
    assert head[5][:4] == ["序号", "纠纷编号", "登记日期", "当事人"]
    rows = register_rows(workbook)
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]
    assert {row[1] for row in rows} == {dispute.code for dispute, _names in made}
    by_code = {row[1]: row for row in rows}
    for dispute, names in made:
        row = by_code[dispute.code]
        assert row[3] == "、".join(f"{name[0]}{'*' * (len(name) - 1)}" for name in names)
        assert row[5] == dispute.town.name and row[6] == dispute.region.name
        assert row[11] == dispute.holder.name
    text = repr(sheet_rows(workbook.worksheets[0]))
    assert not any(name in text for _dispute, names in made for name in names)
    withdrawn = by_code[closed.code]
    assert (withdrawn[8], withdrawn[9]) == (closed.get_tier_display(), "撤回")
    assert by_code[made[1][0].code][8] is None  # open: resolved at no tier yet
    assert all(row[10] == 0 for row in rows)  # all taken in today
    assert ExportJob.objects.get(user=leader).rows_done == 5


def test_the_second_sheet_is_the_indicator_table_per_town_under_the_same_header(leader):
    disputes_with_names(3, region_code=DONGZHAI)
    disputes_with_names(1, region_code=DAZHAI)

    workbook = workbook_of(content_of(export(client_for(leader))))

    from django.utils import translation

    from dashboards.indicators import scope_default, town_table

    with translation.override("zh-hans"):
        columns = town_table(scope_default(leader)).columns
    rows = sheet_rows(workbook.worksheets[1])
    assert rows[0][0] == "临泽县各镇诉源治理指标" and rows[2][0] == "制表"
    assert rows[5] == ["乡镇", *(str(label) for _key, label in columns)]
    taken_in = 1 + [key for key, _label in columns].index("taken_in")
    towns = {row[0]: row for row in rows[6:] if row and row[0]}
    assert towns["沙河镇"][taken_in] == 3 and towns["新华镇"][taken_in] == 1


def test_an_export_asked_for_in_english_is_in_english(leader):
    ((dispute, _names),) = disputes_with_names(1, region_code=DONGZHAI)
    client = Client(headers={"accept-language": "en"})
    client.force_login(leader)

    workbook = workbook_of(content_of(export(client)))

    assert workbook.sheetnames == ["Register of disputes", "Indicators by town"]
    rows = sheet_rows(workbook.worksheets[0])
    assert rows[5][:3] == ["No.", "Dispute code", "Date taken in"]
    assert rows[6][5] == (dispute.town.name_en or dispute.town.name)


def test_a_town_leader_exports_their_town_only_and_is_refused_another(linze):  # noqa: F811
    shahe = disputes_with_names(2, region_code=DONGZHAI)
    disputes_with_names(2, region_code=DAZHAI)
    client = client_for(town_leader(SHAHE))

    rows = register_rows(workbook_of(content_of(export(client))))
    refused = export(client, region=XINHUA)

    assert {row[1] for row in rows} == {dispute.code for dispute, _names in shahe}
    assert refused.status_code == 403
    assert ExportJob.objects.count() == 1


@pytest.mark.parametrize("username", ["mediator_dongzhai", "centre", "court_clerk"])
def test_who_is_not_a_leader_gets_403(username, linze):  # noqa: F811
    from django.contrib.auth import get_user_model

    client = client_for(get_user_model().objects.get(username=username))

    assert client.get(URL).status_code == 403
    assert export(client).status_code == 403
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("period", ["2026-13", "yesterday", "2026-05-01~2026-04-01", "1999"])
def test_a_period_that_cannot_be_read_is_a_400_that_says_why(leader, period):
    from dashboards.indicators import ScopeInvalid
    from dashboards.indicators.scope import parse_period

    with pytest.raises(ScopeInvalid) as refused:
        parse_period(period)
    response = export(client_for(leader), period=period)

    assert response.status_code == 400
    shown = f'data-testid="scope-error">{refused.value.message}</div>'
    assert shown in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_filter_that_is_not_a_choice_is_a_400_on_the_form(leader):
    response = client_for(leader).post(f"{URL}?period={this_month()}", {"status": "nonsense"})

    assert response.status_code == 400
    assert "nonsense" in response.content.decode()


def test_the_filters_narrow_the_register_and_are_recorded(leader):
    made = disputes_with_names(3, region_code=DONGZHAI)
    transition(made[0][0], "withdraw", user=staff("county-centre"))

    response = client_for(leader).post(f"{URL}?period={this_month()}", {"status": "closed"})

    assert [row[1] for row in register_rows(workbook_of(content_of(response)))] == [made[0][0].code]
    assert ExportJob.objects.get().filters == {"status": "closed"}


# -- in the background ---------------------------------------------------------------------------------


def test_above_the_threshold_the_export_is_queued_and_its_page_shows_progress_then_the_file(leader, settings):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 2
    made = disputes_with_names(3, region_code=DONGZHAI)
    client = client_for(leader)

    response = export(client)

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "dashboards:export_job", args=[job.pk]
    )
    assert (job.background, job.status, job.rows_total) == (True, ExportStatus.PENDING, None)
    waiting = client.get(response["Location"])
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "等待" in waiting.content.decode()
    assert client.get(reverse("dashboards:export_download", args=[job.pk])).status_code == 404

    assert export_job_run(job_id=job.pk) == "done"

    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total, job.attempt) == (ExportStatus.DONE, 3, 3, 1)
    assert job.expires_at - job.finished_at == timedelta(hours=72)
    partial = client.get(reverse("dashboards:export_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert "every 2s" not in partial.content.decode() and "100%" in partial.content.decode()
    download = client.get(reverse("dashboards:export_download", args=[job.pk]))
    assert {row[1] for row in register_rows(workbook_of(content_of(download)))} == {d.code for d, _n in made}


def test_someone_elses_export_is_not_found(leader, settings):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    disputes_with_names(2, region_code=DONGZHAI)
    export(client_for(leader))
    job = ExportJob.objects.get()
    export_job_run(job_id=job.pk)
    other = client_for(town_leader(SHAHE))

    assert other.get(reverse("dashboards:export_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("dashboards:export_download", args=[job.pk])).status_code == 404


def test_the_run_reports_progress_after_each_chunk(leader, settings, monkeypatch):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    disputes_with_names(4, region_code=DONGZHAI)
    export(client_for(leader))
    job = ExportJob.objects.get()
    settings.DASHBOARD_EXPORT_CHUNK_ROWS = 1
    seen = []
    # The run sleeps `row_delay` after each row: look at the recorded progress then.
    monkeypatch.setattr(
        register.time, "sleep", lambda _s: seen.append(ExportJob.objects.get(pk=job.pk).rows_done)
    )

    export_job_run(job_id=job.pk, row_delay=0.01)

    assert seen == [0, 1, 2, 3]


def test_a_second_delivery_of_the_task_does_nothing(leader, settings):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    disputes_with_names(2, region_code=DONGZHAI)
    export(client_for(leader))
    job = ExportJob.objects.get()

    assert [export_job_run(job_id=job.pk), export_job_run(job_id=job.pk)] == ["done", "skipped"]
    assert ExportJob.objects.get().attempt == 1


def test_a_run_taken_over_by_a_newer_attempt_stops_and_leaves_the_newer_ones_file(
    leader, settings, monkeypatch
):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    disputes_with_names(3, region_code=DONGZHAI)
    export(client_for(leader))
    job = ExportJob.objects.get()
    settings.DASHBOARD_EXPORT_CHUNK_ROWS = 1
    results = []

    def stall_then_requeue(_seconds):  # the first run stalls; the sweep hands the job to a second run
        monkeypatch.setattr(register.time, "sleep", lambda _s: None)
        assert export_sweep_run(stale=timedelta(0)).requeued == [job.pk]
        results.append(export_job_run(job_id=job.pk))

    monkeypatch.setattr(register.time, "sleep", stall_then_requeue)
    results.insert(0, export_job_run(job_id=job.pk, row_delay=1))

    job.refresh_from_db()
    assert results == ["superseded", "done"]
    assert (job.status, job.attempt, job.rows_done) == (ExportStatus.DONE, 2, 3)
    assert len(register_rows(workbook_of(job.file.read()))) == 3


def test_the_sweep_requeues_stalled_jobs_only_and_deletes_expired_files(leader, settings):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    disputes_with_names(2, region_code=DONGZHAI)
    client = client_for(leader)
    for _ in range(3):
        export(client)
    done, stalled, fresh = ExportJob.objects.order_by("pk")
    export_job_run(job_id=done.pk)
    long_ago = timezone.now() - timedelta(minutes=10)
    ExportJob.objects.filter(pk=stalled.pk).update(
        status=ExportStatus.RUNNING, attempt=1, heartbeat_at=long_ago
    )
    ExportJob.objects.filter(pk=fresh.pk).update(
        status=ExportStatus.RUNNING, attempt=1, heartbeat_at=timezone.now()
    )
    path = ExportJob.objects.get(pk=done.pk).file.path

    now = timezone.now()
    first = export_sweep_run(now=now)
    later = export_sweep_run(now=now + timedelta(hours=73))

    assert first.requeued == [stalled.pk] and first.expired == 0
    assert ExportJob.objects.get(pk=stalled.pk).status == ExportStatus.PENDING
    assert later.expired == 1
    expired = ExportJob.objects.get(pk=done.pk)
    assert (expired.status, expired.file.name, expired.rows_done) == (ExportStatus.EXPIRED, "", 2)
    import os

    assert not os.path.exists(path)
    assert client.get(reverse("dashboards:export_download", args=[done.pk])).status_code == 404


def test_the_sweep_task_queues_the_jobs_it_requeued_and_leaves_direct_exports_alone(
    leader, settings, monkeypatch
):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    disputes_with_names(2, region_code=DONGZHAI)
    export(client_for(leader))
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 100
    export(client_for(leader))
    background, direct = ExportJob.objects.order_by("pk")
    assert (background.background, direct.background) == (True, False)
    long_ago = timezone.now() - timedelta(minutes=10)
    ExportJob.objects.update(status=ExportStatus.RUNNING, attempt=1, heartbeat_at=long_ago)
    queued = []
    monkeypatch.setattr("dashboards.tasks.export_queue", queued.append)

    result = export_sweep.apply().get()

    assert result == {"requeued": [background.pk], "expired": 0}
    assert queued == [[background.pk]]
    assert ExportJob.objects.get(pk=direct.pk).status == ExportStatus.RUNNING


def test_the_beat_sends_the_export_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["export-sweep"]

    assert (entry["task"], entry["schedule"]) == (export_sweep.name, 60.0)
    assert export_sweep.name == "dashboards.tasks.export_sweep"


# -- the page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [2, 20])
def test_the_export_page_makes_the_same_queries_for_2_and_20_exports(leader, jobs, django_assert_num_queries):
    for _ in range(jobs):
        export_start(
            user=leader,
            region=leader.memberships.get().body.region,
            start=date(2026, 1, 1),
            end=date(2026, 1, 31),
            label="2026-01",
            language="zh-hans",
        )
    client = client_for(leader)
    client.get(URL)  # sessions, the user's memberships

    with django_assert_num_queries(QUERIES_OF_THE_EXPORT_PAGE):
        response = client.get(f"{URL}?period=2026-01")

    assert response.content.decode().count("2026-01") >= min(jobs, 20)


# Session, user, memberships (read once for the header and the scope), the scope's region, the job count
# and page, savepoints: none per row.
QUERIES_OF_THE_EXPORT_PAGE = 7


def test_working_days_taken_agree_with_the_holiday_calendar():
    counter, rng = register.WorkdayCounter(), random.Random(7)
    for _ in range(300):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
        end = start + timedelta(days=rng.randrange(-5, 400))
        assert counter.between(start, end) == workdays_between(start, end), (start, end)
