"""The centre handles a warning in a real browser: the bell counts it, the page acknowledges it, then
records how it was handled."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from alerts import services
from tests.factories import register_dispute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violent_dispute(warning_rules):
    call_command("load_linze", stdout=io.StringIO())
    call_command("seed_demo", "--no-disputes", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    grid_worker = get_user_model().objects.get(username="grid_dongzhai")
    dispute = register_dispute(
        user=grid_worker, description="被申请人扬言要和对方同归于尽。", people_involved=12
    )
    services.warnings_evaluate_dispute(dispute_id=dispute.pk)
    return dispute


def test_the_centre_acknowledges_and_handles_a_warning(live_server, page, violent_dispute, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("centre")
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    bell = page.get_by_test_id("bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("2 条未读")  # two warnings: violence, mass
    page.goto(f"{live_server.url}/alerts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("预警")
    rows = page.get_by_test_id("warning")
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("warnings")).to_contain_text("出现暴力倾向言辞：同归于尽（见于纠纷描述）。")
    screenshot(page, "alerts-list-centre")

    violence = rows.filter(has_text="暴力倾向言辞")
    violence.get_by_role("button", name="签收").click()
    expect(violence.get_by_test_id("warning-status")).to_have_text("已签收")
    violence.get_by_role("link", name="处置…").click()
    page.get_by_label("处置情况").fill("已约谈双方当事人，落实稳控措施。")
    page.get_by_role("button", name="记录为已处置").click()
    expect(page.get_by_test_id("handling-note")).to_have_text("已约谈双方当事人，落实稳控措施。")
    expect(page.get_by_test_id("warning-status")).to_have_text("已处置")
    screenshot(page, "alerts-detail-handled")

    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_test_id("notification")).to_have_count(2)
    screenshot(page, "notifications-list")
    page.get_by_test_id("read-all").click()
    expect(page.get_by_test_id("bell").get_by_test_id("unread-count")).to_have_count(0)
