"""The county leader opens the cockpit in a real browser, in Chinese: the charts draw, a definition
opens with one click, and a number opens the list of the disputes behind it."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.dashboards.cockpit_data import bulk_disputes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county_with_disputes():
    call_command("load_linze", stdout=io.StringIO())
    call_command("seed_demo", "--no-disputes", stdout=io.StringIO())
    bulk_disputes(400, town_codes=("620723101", "620723102", "620723103", "620723104", "620723105"))


def test_the_leader_reads_the_cockpit_and_drills_down(live_server, page, county_with_disputes, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    today = timezone.localdate()
    period = f"{today - timedelta(days=30):%Y-%m-%d}~{today:%Y-%m-%d}"
    page.goto(f"{live_server.url}/dashboards/?period={period}&region=620723")
    expect(page.get_by_role("heading", level=1)).to_have_text("领导驾驶舱")
    expect(page.get_by_test_id("value-taken_in")).to_have_text("400")
    for chart in ("funnel", "trend", "categories", "channels"):
        expect(page.locator(f"#chart-{chart} svg")).to_have_count(1)
    expect(page.get_by_test_id("town-table")).to_contain_text("沙河镇")
    expect(page.get_by_test_id("courtless-rule")).to_contain_text("统计期内没有纠纷诉至法院")

    indicator = page.locator('.indicator[data-key="resolution_rate"]')
    indicator.get_by_role("button", name=re.compile("化解率的定义")).click()
    expect(indicator.locator(".definition")).to_be_visible()
    expect(indicator.locator(".definition")).to_contain_text("化解率：统计期内化解的纠纷")
    screenshot(page, "cockpit-leader")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "cockpit-leader-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    filed = page.get_by_test_id("value-court_filed")
    count = int(filed.inner_text())
    filed.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("法院立案的纠纷")
    expect(page.get_by_test_id("dispute-list").locator("tbody tr")).to_have_count(min(count, 25))
    expect(page.get_by_role("link", name="下一页")).to_have_count(1 if count > 25 else 0)
    screenshot(page, "cockpit-drill-down")

    page.go_back()
    page.get_by_label("统计期").select_option("year")
    page.get_by_label("区域").select_option("620723101")
    page.get_by_role("button", name="显示").click()
    expect(page).to_have_url(re.compile(rf"period={today.year}&region=620723101"))
    expect(page.get_by_test_id("cockpit-scope")).to_contain_text(f"沙河镇 · {today.year}年")
