"""Whole journeys through the workbench in a real browser (Debian chromium), in Chinese, one browser
context per person, with a screenshot at each milestone (artifacts/screenshots/journey-*.png).

(b) A village mediator registers a two-party wage dispute, logs a session and escalates it; the town
    mediator blows the whistle (police station and labour bureau, the labour bureau leading); the labour
    bureau reports in, drafts and records the agreement and downloads its PDF, applies for judicial
    confirmation; the court clerk confirms it; a follow-up visit is recorded and the dispute closed.
(c) A dispute the holder sends to court is accepted into pre-litigation mediation, filed and concluded
    with a judgment on the court's pages.

Journey (a), the grid report on a phone, is tests/disputes/test_browser_workbench.py.
"""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from agencies.models import Body, Region
from demo.accounts import demo_accounts_create
from disputes.models import Category, Dispute, Referral
from disputes.services import dispute_register, dispute_transition
from disputes.validators import id_check_char

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DONGZHAI = "620723101201"  # 沙河镇东寨村


def resident_id(first17: str) -> str:
    """A valid 18-character resident ID number: the 17 digits and their check character."""
    return first17 + id_check_char(first17)


@pytest.fixture
def accounts():
    call_command("load_linze", stdout=io.StringIO())
    return {user.username: user for user in demo_accounts_create()}


@pytest.fixture
def sign_in(browser, live_server, browser_context_args):
    """`sign_in("court_clerk")`: a page in a browser context of that person's own, logged in."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context(**browser_context_args)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        navigation = page.get_by_role("navigation", name="主导航")
        expect(navigation.get_by_role("button", name="退出登录")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()


def act_on_dispute(page, label: str, *, fill: dict[str, str] | None = None) -> None:
    """Clicks the dispute page's action button `label`, fills its form (htmx panel) and submits it."""
    page.get_by_test_id("actions").get_by_role("link", name=label, exact=True).click()
    panel = page.locator("#action-panel")
    submit = panel.get_by_role("button", name=label, exact=True)
    expect(submit).to_be_visible()
    for field, value in (fill or {}).items():
        panel.get_by_label(field).fill(value)
    submit.click()
    expect(page.get_by_role("alert").first).to_contain_text(f"已完成：{label}")


def assert_timeline_has(page, expected: list[str]) -> None:
    """The timeline's entries include `expected`, in that order (other entries may come between)."""
    entries = page.locator("[data-testid=timeline] > li > .fw-semibold").all_inner_texts()
    steps = [text.strip() for text in entries]
    remaining = iter(steps)
    assert all(step in remaining for step in expected), f"the timeline {steps} lacks {expected} in order"


def test_journey_b_whistle_agreement_confirmation_follow_up(live_server, sign_in, accounts, screenshot):
    base = live_server.url
    police = Body.objects.get(code="shahe-police")
    labour = Body.objects.get(code="labour-dept")

    # -- mediator_dongzhai registers a two-party dispute at the desk ---------------------------------
    village = sign_in("mediator_dongzhai")
    village.get_by_role("navigation", name="主导航").get_by_role("link", name="登记纠纷").click()
    expect(village.get_by_role("heading", level=1)).to_have_text("登记纠纷")
    village.get_by_label("标题").fill("农民工工资拖欠纠纷")
    village.get_by_label("类别").select_option(label="劳动争议")
    village.get_by_label("案情").fill(
        "王立新在李德明承包的温室大棚务工八个月，工资两万四千元至今未结清，双方多次争吵。"
    )
    village.get_by_label("乡镇").select_option(label="沙河镇")
    expect(village.locator("#id_region optgroup")).to_have_count(1)
    village.get_by_label("村（社区）").select_option(label="东寨村")
    village.get_by_label("涉及金额（元）").fill("24000")
    applicant_id, respondent_id = resident_id("62072319850312121"), resident_id("62072319780905003")
    for index, (name, phone, id_number) in enumerate(
        [("王立新", "13893600011", applicant_id), ("李德明", "13893600022", respondent_id)]
    ):
        village.locator(f"#id_parties-{index}-name").fill(name)
        village.locator(f"#id_parties-{index}-phone").fill(phone)
        village.locator(f"#id_parties-{index}-id_number").fill(id_number)
    screenshot(village, "journey-b-00-intake")
    village.get_by_role("button", name="登记", exact=True).click()

    expect(village).to_have_url(re.compile(r"/workbench/d/[^/]+/$"))
    dispute = Dispute.objects.get()
    code = dispute.code
    dispute_url = f"{base}/workbench/d/{code}/"
    expect(village.get_by_role("alert").first).to_contain_text(f"纠纷已登记，编号 {code}")
    expect(village.get_by_test_id("dispute-status")).to_have_text("已登记")
    id_numbers = sorted(dispute.parties.values_list("id_number", flat=True))
    assert id_numbers == sorted([applicant_id, respondent_id])
    screenshot(village, "journey-b-01-registered")

    # -- starts mediation, logs a session, escalates with a reason ------------------------------------
    act_on_dispute(village, "开始调解")
    expect(village.get_by_test_id("dispute-status")).to_have_text("调解中")
    village.get_by_test_id("mediation-records").get_by_role("link", name="记录调解").click()
    expect(village.get_by_role("heading", level=1)).to_contain_text("记录调解")
    village.get_by_label("调解结果").select_option(label="调解不成")
    village.get_by_label("调解地点").fill("东寨村村委会会议室")
    village.get_by_label("参加人员").fill("王立新、李德明、调解员陈桂兰")
    village.get_by_label("调解记录").fill(
        "李德明称大棚亏损无力支付，双方对欠薪数额无争议，但对付款期限分歧较大。"
    )
    village.get_by_role("button", name="保存调解记录").click()
    expect(village).to_have_url(dispute_url)
    expect(village.get_by_test_id("mediation-records")).to_contain_text("调解不成")
    act_on_dispute(village, "提交上一级调处", fill={"理由": "村调委会调解未果，欠薪金额较大，提请镇调处"})
    expect(village.get_by_test_id("holder")).to_have_text("沙河镇人民调解委员会")
    screenshot(village, "journey-b-02-escalated")

    # -- mediator_shahe finds it in the inbox and blows the whistle -----------------------------------
    town = sign_in("mediator_shahe")
    town.goto(f"{base}/workbench/")
    row = town.get_by_test_id("dispute-list").get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("农民工工资拖欠纠纷")
    screenshot(town, "journey-b-03-town-inbox")
    row.get_by_role("link", name=code).click()
    expect(town).to_have_url(dispute_url)
    town.get_by_test_id("actions").get_by_role("link", name="移送 / 吹哨", exact=True).click()
    panel = town.locator("#action-panel")
    panel.get_by_label(police.display_name, exact=True).check()
    panel.get_by_label(labour.display_name, exact=True).check()
    panel.get_by_label("牵头单位").select_option(label=labour.display_name)
    # Each body has its own route (the labour bureau's is labour mediation and arbitration by default).
    panel.locator(f"select[name=route_{labour.pk}]").select_option(value="labour_arbitration")
    panel.get_by_label("备注").fill("请人社局牵头调处欠薪，派出所配合维护现场秩序")
    screenshot(town, "journey-b-04-whistle-form")
    panel.get_by_role("button", name="移送 / 吹哨", exact=True).click()
    expect(town.get_by_role("alert").first).to_contain_text("已完成：移送 / 吹哨")
    expect(town.get_by_test_id("dispute-status")).to_have_text("移送待接收")
    referrals = town.locator("#referrals")
    expect(referrals.get_by_role("row").filter(has_text=labour.display_name)).to_contain_text("牵头")
    expect(referrals.get_by_role("row").filter(has_text=police.display_name)).to_contain_text("配合")

    # -- labour_dept reports in on its agency inbox ----------------------------------------------------
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    assert lead.body == labour
    agency = sign_in("labour_dept")
    agency.goto(f"{base}/agency/")
    pending = agency.get_by_test_id(f"pending-{lead.pk}")
    expect(pending).to_contain_text(code)
    screenshot(agency, "journey-b-05-agency-inbox")
    pending.get_by_role("button", name="报到（接收）").click()
    expect(agency.get_by_role("alert").first).to_contain_text(code)
    handling = agency.get_by_test_id(f"handling-{lead.pk}")
    expect(handling).to_contain_text(code)

    # -- the labour bureau, now holding it, drafts the agreement, downloads its PDF, records it -------
    handling.get_by_role("link", name="起草调解协议").click()
    expect(agency.get_by_role("heading", level=1)).to_contain_text("起草调解协议")
    agency.get_by_label("协议内容").fill(
        "李德明于二〇二六年十二月三十一日前一次性支付王立新拖欠工资24000元。"
    )
    obligation = agency.locator(".obligation-row").first
    obligation.get_by_label("履行义务人").select_option(label="李德明")
    obligation.get_by_label("履行内容").fill("支付拖欠工资")
    obligation.get_by_label("金额（元）").fill("24000")
    agency.get_by_role("button", name="起草协议").click()
    document = agency.get_by_test_id("agreement-document")
    # An agency's (administrative) mediation: the document is no people's-mediation agreement.
    expect(document.get_by_role("heading", level=1)).to_have_text("调解协议书")
    expect(document).to_contain_text("支付拖欠工资")
    screenshot(agency, "journey-b-06-agreement-print")
    pdf_url = agency.get_by_role("link", name="下载 PDF").get_attribute("href")
    assert re.fullmatch(rf"/workbench/mediation/{code}/agreements/\d+/pdf/", pdf_url), pdf_url
    pdf = agency.context.request.get(f"{base}{pdf_url}")  # the browser context's session cookie
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    agency.goto(dispute_url)
    expect(agency.get_by_test_id("dispute-status")).to_have_text("部门办理中")
    expect(agency.get_by_test_id("holder")).to_have_text(labour.display_name)
    act_on_dispute(agency, "登记调解协议")
    expect(agency.get_by_test_id("dispute-status")).to_have_text("已达成协议")

    # -- and applies for judicial confirmation ---------------------------------------------------------
    agency.get_by_test_id("mediation-records").get_by_role("link", name="制作司法确认申请书").click()
    expect(agency.get_by_test_id("confirmation-document")).to_contain_text("王立新")
    agency.get_by_role("button", name="向法院提交申请").click()
    expect(agency.get_by_role("alert").first).to_contain_text("申请已提交")
    screenshot(agency, "journey-b-07-confirmation-applied")

    # -- court_clerk confirms it on the court pages -------------------------------------------------------
    court = sign_in("court_clerk")
    court.goto(f"{base}/agency/court/")
    court.get_by_role("link", name=code).click()
    expect(court.get_by_test_id("court-agreement")).to_contain_text("一次性支付王立新拖欠工资24000元")
    confirm = court.get_by_test_id("action-confirm")
    confirm.get_by_label("理由").fill("协议系双方自愿达成，内容不违反法律规定")
    confirm.get_by_label("案号").fill("(2026)甘0723民特12号")  # typed with half-width brackets
    screenshot(court, "journey-b-08-court-examination")
    confirm.get_by_role("button", name="确认协议有效").click()
    expect(court.get_by_role("alert").first).to_contain_text(code)
    ruling = court.context.request.get(f"{base}/workbench/mediation/{code}/ruling/pdf/")
    assert ruling.status == 200 and ruling.headers["content-type"] == "application/pdf"

    # -- the labour bureau visits, records the follow-up and closes the dispute ---------------------------
    agency.goto(dispute_url)
    expect(agency.get_by_test_id("holder")).to_have_text(labour.display_name)
    agency.get_by_test_id("mediation-records").get_by_role("link", name="记录回访").click()
    agency.get_by_label("是，已按约定履行").check()
    agency.get_by_label("备注").fill("王立新确认已收到全部工资")
    agency.get_by_role("button", name="保存回访记录").click()
    expect(agency).to_have_url(dispute_url)
    expect(agency.get_by_test_id("mediation-records")).to_contain_text("王立新确认已收到全部工资")
    act_on_dispute(agency, "办结：协议已履行")

    expect(agency.get_by_test_id("dispute-status")).to_have_text("已办结")
    expect(agency.get_by_test_id("actions")).to_have_count(0)
    assert_timeline_has(
        agency,
        [
            "登记",
            "开始调解",
            "记录调解",
            "提交上一级调处",
            "移送 / 吹哨",
            "报到（接收移送）",
            "起草调解协议",
            "登记调解协议",
            "申请司法确认",
            "确认协议有效",
            "回访",
            "办结：协议已履行",
        ],
    )
    screenshot(agency, "journey-b-09-closed")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome) == ("closed", "fulfilled")


def test_journey_c_court_referral_filed_and_concluded(live_server, sign_in, accounts, screenshot):
    base = live_server.url
    mediator = accounts["mediator_dongzhai"]
    dispute = dispute_register(
        user=mediator,
        data={
            "title": "房屋租赁押金纠纷",
            "description": "租户退租后房东拒不退还押金六千元，双方各执一词。",
            "category": Category.objects.get(code="contract"),
            "region": Region.objects.get(code=DONGZHAI),
            "amount": 6000,
        },
        parties=[
            {"role": "applicant", "kind": "person", "name": "赵春梅", "phone": "13893600031"},
            {"role": "respondent", "kind": "person", "name": "钱国华", "phone": "13893600032"},
        ],
    )
    dispute_transition(dispute_id=dispute.pk, user=mediator, name="start_mediation")
    code, dispute_url = dispute.code, f"{base}/workbench/d/{dispute.code}/"

    # -- the holder sends it to court on the dispute page ----------------------------------------------------
    village = sign_in("mediator_dongzhai")
    village.goto(dispute_url)
    expect(village.get_by_test_id("dispute-status")).to_have_text("调解中")
    act_on_dispute(village, "移交法院", fill={"理由": "当事人坚持起诉，不同意继续调解"})
    expect(village.get_by_test_id("holder")).to_have_text("临泽县人民法院")
    screenshot(village, "journey-c-01-sent-to-court")

    # -- court_clerk accepts it into pre-litigation mediation, files it, concludes it ---------------------
    court = sign_in("court_clerk")
    court.goto(f"{base}/agency/court/")
    expect(court.get_by_test_id(f"court-{code}")).to_contain_text("房屋租赁押金纠纷")
    screenshot(court, "journey-c-02-court-queue")

    def court_action(name: str, button: str, *, status: str, status_label: str) -> None:
        court.get_by_test_id(f"court-{code}").get_by_role("link", name=code).click()
        form = court.get_by_test_id(f"action-{name}")
        if name == "court_file":
            form.get_by_label("案号").fill("(2026)甘0723民初321号")
        if name == "court_conclude":
            form.get_by_label("办结方式").select_option(label="判决")
            form.get_by_label("备注").fill("判决被告返还原告押金六千元")
            screenshot(court, "journey-c-04-conclude-form")
        form.get_by_role("button", name=button).click()
        expect(court).to_have_url(f"{base}/agency/court/")
        expect(court.get_by_role("alert").first).to_contain_text(
            f"{code}：已{button}（现为“{status_label}”）"
        )
        assert Dispute.objects.get(pk=dispute.pk).status == status

    court_action("court_accept", "接收诉前调解", status="court_mediating", status_label="诉前调解中")
    screenshot(court, "journey-c-03-court-mediating")
    court_action("court_file", "立案", status="litigating", status_label="立案审理中")
    court_action("court_conclude", "审结", status="closed", status_label="已办结")

    court.goto(dispute_url)
    expect(court.get_by_test_id("dispute-status")).to_have_text("已办结")
    expect(court.locator("dl.dl-summary")).to_contain_text("判决")
    expect(court.get_by_test_id("timeline")).to_contain_text("判决被告返还原告押金六千元")
    expect(court.get_by_test_id("court-cases")).to_contain_text("（2026）甘0723民初321号")
    assert_timeline_has(court, ["登记", "开始调解", "移交法院", "接收诉前调解", "立案", "审结"])
    screenshot(court, "journey-c-05-concluded")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome) == ("closed", "judgment")
