"""The workbench in a real browser (Debian chromium), in Chinese: the grid report on a phone, and a
desk intake with htmx party rows followed by actions on the dispute page."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from demo.accounts import demo_accounts_create
from disputes.models import Dispute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def demo_accounts():
    call_command("load_linze", stdout=io.StringIO())
    demo_accounts_create()


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser_context_args(viewport=PHONE, is_mobile=True, has_touch=True)
def test_grid_worker_files_a_report_on_a_phone(live_server, page, demo_accounts, screenshot):
    log_in(page, live_server.url, "grid_dongzhai")
    expect(page).to_have_url(f"{live_server.url}/workbench/grid/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的上报")
    page.get_by_role("main").get_by_role("link", name="上报纠纷").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("上报纠纷")
    expect(page.get_by_label("村（社区）")).to_have_value(re.compile(r"\d+"))
    assert page.get_by_label("村（社区）").locator("option:checked").inner_text() == "东寨村"
    page.get_by_label("发生了什么").fill("两户因排水沟堵塞争吵")
    page.get_by_label("纠纷类别").select_option(label="邻里")
    page.get_by_label("具体情况").fill("张家排水沟被李家堵塞，双方在村口争吵，情绪激动。")
    page.get_by_role("textbox", name="一方姓名", exact=True).fill("张三")
    page.get_by_role("textbox", name="一方手机号", exact=True).fill("13893600001")
    page.get_by_label("另一方姓名").fill("李四")
    page.get_by_text("橙色：", exact=False).click()
    expect(page.locator("input[name=risk_level][value=orange]")).to_be_checked()
    assert fits_the_screen(page), "the report form scrolls sideways at 375 px"
    shot = screenshot(page, "grid-report-phone")
    assert shot.stat().st_size > 10_000

    page.get_by_role("button", name="提交上报").click()

    expect(page).to_have_url(f"{live_server.url}/workbench/grid/")
    dispute = Dispute.objects.get()
    expect(page.get_by_role("alert")).to_contain_text(f"已上报，纠纷编号 {dispute.code}")
    reports = page.get_by_test_id("my-reports")
    expect(reports).to_contain_text("两户因排水沟堵塞争吵")
    expect(reports).to_contain_text(dispute.code)
    expect(reports.get_by_test_id("report-status")).to_have_text("已登记")
    assert (dispute.channel, dispute.risk_level) == ("grid_patrol", "orange")
    assert fits_the_screen(page)
    screenshot(page, "grid-reports-phone")


def test_mediator_registers_with_htmx_party_rows_then_escalates(live_server, page, demo_accounts, screenshot):
    log_in(page, live_server.url, "mediator_dongzhai")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="登记纠纷").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登记纠纷")

    page.get_by_label("标题").fill("承包地边界纠纷")
    page.get_by_label("类别").select_option(label="土地承包经营")
    page.get_by_label("案情").fill("两户因承包地边界发生争执，多次协商未果。")
    # Choosing the town reloads the village select (htmx) with that town's villages only.
    page.get_by_label("乡镇").select_option(label="沙河镇")
    expect(page.locator("#id_region optgroup")).to_have_count(1)
    page.get_by_label("村（社区）").select_option(label="东寨村")
    page.get_by_label("涉及金额（元）").fill("3000")

    page.locator("#id_parties-0-name").fill("张建国")
    page.locator("#id_parties-0-phone").fill("13893600001")
    page.locator("#id_parties-1-name").fill("要删除的人")
    page.get_by_role("button", name="添加当事人").click()
    expect(page.locator("#id_parties-2-name")).to_be_focused()
    expect(page.locator("#id_parties-TOTAL_FORMS")).to_have_value("3")
    page.locator("#id_parties-2-name").fill("李明")
    page.locator("[data-party-row]").nth(1).get_by_role("button", name="删除此当事人").click()
    expect(page.locator("[data-party-row]").nth(1)).to_be_hidden()
    screenshot(page, "intake-desktop")

    page.get_by_role("button", name="登记", exact=True).click()

    dispute = Dispute.objects.get()
    expect(page).to_have_url(f"{live_server.url}/workbench/d/{dispute.code}/")
    expect(page.get_by_role("alert")).to_contain_text(f"纠纷已登记，编号 {dispute.code}")
    assert list(dispute.parties.values_list("name", flat=True)) == ["张建国", "李明"]
    expect(page.get_by_test_id("amount")).to_have_text("¥3,000.00")

    # Actions load their small form into the page (htmx) and reload it when done.
    page.get_by_role("link", name="开始调解").click()
    panel = page.locator("#action-panel")
    panel.get_by_role("button", name="开始调解").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("调解中")
    page.get_by_role("link", name="提交上一级调处").click()
    panel.get_by_role("button", name="提交上一级调处").click()
    expect(panel.get_by_text("请填写理由，理由将记入办理记录。")).to_be_visible()
    panel.get_by_label("理由").fill("村调委会两次调解未果")
    panel.get_by_role("button", name="提交上一级调处").click()

    expect(page.get_by_test_id("holder")).to_have_text("沙河镇人民调解委员会")
    expect(page.get_by_test_id("timeline")).to_contain_text("村调委会两次调解未果")
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page), "the dispute page scrolls sideways at 375 px"
    screenshot(page, "dispute-page-phone")
