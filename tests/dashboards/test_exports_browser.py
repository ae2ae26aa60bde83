"""The leader exports a large register in a real browser: the job page polls with htmx, the progress bar
fills, the download link appears; then the People's Congress page. Screenshots in Chinese."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from dashboards.exports.models import ExportJob
from dashboards.exports.services import export_job_run
from tests.dashboards.helpers import disputes_with_names
from tests.factories import DONGZHAI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(settings):
    call_command("load_linze", stdout=io.StringIO())
    call_command("seed_demo", "--no-disputes", stdout=io.StringIO())
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 2
    return disputes_with_names(3, region_code=DONGZHAI)


def test_a_large_export_shows_its_progress_then_its_file(live_server, page, county, screenshot, monkeypatch):
    queued = []
    monkeypatch.setattr("dashboards.exports.services.export_queue", queued.append)  # no worker here
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.goto(f"{live_server.url}/dashboards/exports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("导出矛盾纠纷台账")
    page.get_by_label("状态").select_option(label="全部")
    page.get_by_role("button", name="导出 Excel").click()

    progress = page.get_by_test_id("export-progress")
    expect(progress).to_contain_text("正在等待后台任务")
    screenshot(page, "export-waiting")
    job = ExportJob.objects.get()
    assert queued == [[job.pk]]
    assert export_job_run(job_id=job.pk) == "done"

    # htmx asks again every two seconds and swaps the bar for the finished one.
    expect(page.get_by_test_id("export-download")).to_be_visible(timeout=10_000)
    expect(progress).to_contain_text("已写入 3 行")
    screenshot(page, "export-done")
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(f"{live_server.url}/dashboards/congress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("人大监督")
    expect(page.get_by_test_id("pack-link")).to_have_text("报告材料（PDF）")
    screenshot(page, "congress-page")
