"""A village mediator signs in through the real login form in a real browser, in Chinese."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_accounts():
    call_command("load_linze", stdout=io.StringIO())
    call_command("seed_demo", "--no-disputes", stdout=io.StringIO())


def test_mediator_logs_in_and_sees_the_chinese_workbench(live_server, page, demo_accounts, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page).to_have_title("登录 · 临泽县")
    expect(page.get_by_role("heading", level=1)).to_have_text("登录诉源治理平台")

    page.get_by_label("用户名").fill("mediator_dongzhai")
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(f"{live_server.url}/workbench/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    expect(page.get_by_test_id("who")).to_have_text("陈桂兰 · 东寨村人民调解委员会 · 调解员")
    navigation = page.get_by_role("navigation", name="主导航")
    expect(navigation.get_by_role("link", name="工作台")).to_have_attribute("aria-current", "page")
    expect(navigation.get_by_role("button", name="退出登录")).to_be_visible()
    # Bootstrap is served by the portal itself: its rules apply (the brand bar is laid out in a row).
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).paddingBottom") == "48px"

    shot = screenshot(page, "login-mediator-dongzhai")
    assert shot.stat().st_size > 10_000


def test_wrong_password_in_the_browser_shows_the_error_in_chinese(live_server, page, demo_accounts):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("mediator_dongzhai")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码不正确")
    expect(page.get_by_label("用户名")).to_have_value("mediator_dongzhai")
