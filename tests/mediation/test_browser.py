"""In a real browser, in Chinese: a village mediator drafts an agreement with an extra obligation row,
prints it, files the confirmation application; the court clerk examines and confirms it; pages fit a
375-px phone. Screenshots go to artifacts/screenshots/."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from demo.accounts import demo_accounts_create
from demo.mediation import mediation_demo_create
from disputes.models import Dispute
from disputes.services import dispute_transition
from tests.factories import dispute_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accounts():
    call_command("load_linze", stdout=io.StringIO())
    users = {user.username: user for user in demo_accounts_create()}
    mediation_demo_create()
    return users


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_agreement_drafted_printed_and_confirmed_in_the_browser(live_server, browser, accounts, screenshot):
    dispute = dispute_in_state("mediating", reporter=accounts["mediator_dongzhai"], actor=accounts["admin"])
    respondent = dispute.parties.order_by("position").last()
    base = live_server.url

    mediator = browser.new_page(locale="zh-CN")
    _log_in(mediator, base, "mediator_dongzhai")
    mediator.goto(f"{base}/workbench/mediation/{dispute.code}/agreements/new/")
    expect(mediator.get_by_role("heading", level=1)).to_have_text("起草调解协议")
    mediator.get_by_label("协议内容").fill("被申请人于十日内补偿申请人3000元，双方按原界址砌墙。")
    mediator.get_by_role("button", name="增加一项履行义务").click()
    rows = mediator.locator(".obligation-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(2).get_by_label("履行义务人")).to_be_focused()
    rows.nth(0).get_by_label("履行义务人").select_option(label=respondent.name)
    rows.nth(0).get_by_label("履行内容").fill("支付补偿款")
    rows.nth(0).get_by_label("金额（元）").fill("3000")
    rows.nth(2).get_by_label("履行内容").fill("配合砌墙")
    screenshot(mediator, "mediation-agreement-form")
    mediator.get_by_role("button", name="起草协议").click()

    document = mediator.get_by_test_id("agreement-document")
    expect(document.get_by_role("heading", level=1)).to_have_text("人民调解协议书")
    expect(document).to_contain_text("支付补偿款")
    expect(document).to_contain_text("配合砌墙")
    expect(mediator.get_by_test_id("originals-clause")).to_have_text(
        "本协议书一式三份，双方当事人、人民调解委员会各持一份。"
    )
    with mediator.expect_download() as download:
        mediator.get_by_role("link", name="下载 PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    screenshot(mediator, "mediation-agreement-print")
    mediator.emulate_media(media="print")
    expect(mediator.locator("header.navbar")).to_be_hidden()
    mediator.emulate_media(media="screen")

    dispute_transition(dispute_id=dispute.pk, user=accounts["mediator_dongzhai"], name="record_agreement")
    mediator.goto(f"{base}/workbench/mediation/{dispute.code}/confirmation/")
    expect(mediator.get_by_test_id("confirmation-document")).to_contain_text("没有恶意串通、规避法律的行为")
    mediator.get_by_role("button", name="向法院提交申请").click()
    expect(mediator.get_by_role("alert").first).to_contain_text("申请已提交")
    assert Dispute.objects.get(pk=dispute.pk).status == "confirming"

    court = browser.new_page(locale="zh-CN")
    _log_in(court, base, "court_clerk")
    court.goto(f"{base}/agency/court/")
    court.get_by_role("link", name=dispute.code).click()
    expect(court.get_by_test_id("court-agreement")).to_contain_text("被申请人于十日内补偿申请人3000元")
    screenshot(court, "court-confirmation-examination")
    confirm = court.get_by_test_id("action-confirm")
    confirm.get_by_label("理由").fill("协议内容合法，当事人自愿")
    confirm.get_by_label("案号").fill("(2026)甘0723民特8号")
    confirm.get_by_role("button").click()
    expect(court.get_by_role("alert").first).to_contain_text(dispute.code)
    assert Dispute.objects.get(pk=dispute.pk).status == "fulfilling"

    # The ruling 民事裁定书, printable like the agreement.
    court.goto(f"{base}/workbench/mediation/{dispute.code}/ruling/")
    ruling = court.get_by_test_id("ruling-document")
    expect(ruling.get_by_role("heading", level=1)).to_have_text("民事裁定书")
    expect(court.get_by_test_id("ruling-case-number")).to_have_text("（2026）甘0723民特8号")
    expect(court.get_by_test_id("ruling-order")).to_contain_text("调解协议有效")
    expect(court.get_by_test_id("ruling-terms")).to_contain_text("被申请人于十日内补偿申请人3000元")
    screenshot(court, "court-ruling-print")
    court.emulate_media(media="print")
    expect(court.locator("header.navbar")).to_be_hidden()
    court.emulate_media(media="screen")

    mediator.goto(f"{base}/workbench/mediation/mediators/")
    expect(mediator.get_by_test_id("mediator-mediator_dongzhai")).to_contain_text("金牌调解员")
    screenshot(mediator, "mediator-directory")
    mediator.goto(f"{base}/workbench/mediation/rooms/")
    mediator.get_by_role("link", name="安贵调解室").click()
    expect(mediator.get_by_role("heading", level=1)).to_contain_text("安贵调解室")


def test_the_agency_inbox_and_the_court_case_fit_a_phone(live_server, browser, accounts, screenshot):
    referred = dispute_in_state("referred", reporter=accounts["mediator_dongzhai"], actor=accounts["admin"])
    in_court = dispute_in_state(
        "court_referred", reporter=accounts["mediator_dongzhai"], actor=accounts["admin"]
    )
    base = live_server.url
    phone = browser.new_page(locale="zh-CN", viewport={"width": 375, "height": 740})

    _log_in(phone, base, "labour_dept")
    phone.goto(f"{base}/agency/")
    expect(phone.get_by_text(referred.code)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "agency-inbox-375")
    phone.get_by_text("说明理由退回").click()
    phone.get_by_role("button", name="退回移送").click()  # the browser asks for the reason first
    assert Dispute.objects.get(pk=referred.pk).status == "referred"

    phone.context.clear_cookies()
    _log_in(phone, base, "court_clerk")
    phone.goto(f"{base}/agency/court/{in_court.code}/")
    expect(phone.get_by_test_id("action-court_accept")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "court-case-375")
    phone.get_by_test_id("action-court_accept").get_by_role("button").click()
    expect(phone.get_by_role("alert").first).to_contain_text(in_court.code)
    assert Dispute.objects.get(pk=in_court.pk).status == "court_mediating"
