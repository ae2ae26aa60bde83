"""The citizens' side in a real browser (Debian chromium) on a 375 px phone: the explorer, and a citizen
who submits a dispute, gets its code and follows it while staff move it on, receiving SMS (file backend).
Every request the pages make goes to the portal itself: no asset comes from anywhere else.

In English, so that the assertions hold before and after the lead merges the Chinese catalogue.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from agencies.models import Body
from disputes.models import Dispute
from notifications import services as notifications_services
from tests.factories import transition
from tests.portal.conftest import load_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
ON_A_PHONE = pytest.mark.browser_context_args(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
MOBILE = "13893655555"
LABOUR_ADDRESS = "临泽县沙河镇人民东路8号"


@pytest.fixture
def portal_data(transactional_db):
    load_portal_data()
    Body.objects.filter(code="labour-dept").update(
        address=LABOUR_ADDRESS, office_hours="周一至周五 8:30–12:00，14:30–18:00", phone="0936-5521000"
    )


@pytest.fixture
def requests_made(page):
    """Every URL the page asks for, to check that none leaves the portal."""
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def assert_all_local(urls: list[str], base: str) -> None:
    foreign = [url for url in urls if not url.startswith((base, "data:", "blob:"))]
    assert urls and not foreign, f"requests that left the portal: {foreign}"


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@ON_A_PHONE
def test_the_explorer_leads_a_wage_dispute_to_labour_arbitration_and_the_bureau(
    live_server, page, portal_data, requests_made, screenshot
):
    page.goto(f"{live_server.url}/explore/")
    expect(page.get_by_test_id("danger")).to_contain_text("110")
    expect(page.get_by_role("group", name="Is anyone in danger right now?")).to_be_visible()
    for answer in [
        "No",
        "Wages, work injury, labour contract",
        "An employer or a company",
        "10,000 yuan or more",
    ]:
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Next").click()

    ways = page.get_by_test_id("ways-result")
    expect(ways.get_by_role("link", name="Labour mediation and arbitration")).to_be_visible()
    bodies = page.get_by_test_id("bodies-result")
    bureau = bodies.get_by_test_id("body").filter(
        has_text="Linze County Human Resources and Social Security Bureau"
    )
    expect(bureau.get_by_test_id("address")).to_have_text(LABOUR_ADDRESS)
    page.get_by_label("Your village or community").select_option(label="Dongzhai Village")
    page.get_by_role("button", name="Show the nearest bodies").click()
    expect(bodies).to_contain_text("Dongzhai Village People's Mediation Committee")
    assert fits_the_screen(page), "the explorer scrolls sideways at 375 px"
    screenshot(page, "portal-explorer-phone")

    ways.get_by_role("link", name="Labour mediation and arbitration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Labour mediation and arbitration")
    expect(page.get_by_test_id("time-limits").first).to_contain_text("15 calendar days")
    assert_all_local(requests_made, live_server.url)


def sms_to(path, phone: str) -> list[str]:
    """The SMS the file backend delivered to `phone`, after a pass of the outbox drain (beat's task)."""
    notifications_services.outbox_drain()
    if not path.exists():
        return []
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [line["body"] for line in lines if line["to"] == phone]


@ON_A_PHONE
def test_a_citizen_submits_and_follows_a_dispute_as_staff_move_it(
    live_server, page, portal_data, requests_made, screenshot, settings, tmp_path
):
    outbox_file = tmp_path / "sms.jsonl"
    settings.NOTIFICATION_SMS_BACKEND = "notifications.backends.FileBackend"
    settings.NOTIFICATION_SMS_OPTIONS = {"path": str(outbox_file)}
    settings.PORTAL_PUBLIC_URL = live_server.url
    base = live_server.url

    # -- the phone, confirmed by the code the SMS brings ------------------------------------------------
    page.goto(f"{base}/")
    page.get_by_role("main").get_by_role("link", name="Apply online").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply online")
    page.get_by_label("Your mobile number").fill(MOBILE)
    question = page.locator("label[for=id_challenge_answer]").inner_text()
    a, b = map(int, re.search(r"What is (\d+) plus (\d+)\?", question).groups())
    page.get_by_label(question).fill(str(a + b))
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_label("Confirmation code")).to_be_visible()
    (code_sms,) = sms_to(outbox_file, MOBILE)
    page.get_by_label("Confirmation code").fill(re.search(r"(?<!\d)(\d{6})(?!\d)", code_sms).group(1))
    page.get_by_role("button", name="Confirm").click()

    # -- the dispute -----------------------------------------------------------------------------------
    expect(page.get_by_label("Your name")).to_be_visible()
    page.get_by_label("Your name").fill("孙建国")
    page.get_by_label("Name of the other side").fill("周福海")
    page.get_by_label("Mobile number of the other side").fill("13893666666")
    page.get_by_label("Village or community where it happened").select_option(label="Dongzhai Village")
    page.get_by_label("What the dispute is about").select_option(label="Labour disputes")
    page.get_by_label("In a few words").fill("温室大棚工资拖欠")
    page.get_by_label("What happened").fill("在周福海的温室大棚干了八个月，工资两万元至今未结。")
    page.get_by_label("What you want").fill("一个月内结清工资")
    assert fits_the_screen(page), "the submission form scrolls sideways at 375 px"
    screenshot(page, "portal-submit-phone")
    page.get_by_role("button", name="Submit the dispute").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your dispute was submitted")
    dispute = Dispute.objects.get()
    assert (dispute.channel, dispute.holder.code) == ("online", "county-centre")
    expect(page.get_by_test_id("receipt-code")).to_have_text(dispute.code)
    password = page.get_by_test_id("receipt-password").inner_text().strip()
    screenshot(page, "portal-receipt-phone")

    # -- tracking --------------------------------------------------------------------------------------
    page.get_by_role("link", name="Track my case").last.click()
    expect(page.get_by_label("Dispute code")).to_have_value(dispute.code)
    page.get_by_label("Tracking password").fill(password)
    page.get_by_role("button", name="Show my case").click()
    expect(page.get_by_test_id("track-stage")).to_have_text(
        "Received: staff will look at your dispute shortly."
    )
    expect(page.get_by_test_id("track-holder")).to_have_text(
        "Linze County Social Governance Centre (Dispute Mediation Centre)"
    )

    # -- staff move it twice; the citizen reads each step and gets an SMS with the link -----------------
    centre = get_user_model().objects.get(username="centre")
    transition(dispute, "assess", user=centre, risk_level="orange", note="内部：申请人情绪激动，需稳控")
    page.reload()
    expect(page.get_by_test_id("track-stage")).to_contain_text("Being assessed")
    transition(dispute, "start_mediation", user=centre)
    page.reload()
    expect(page.get_by_test_id("track-stage")).to_contain_text("In mediation")
    expect(page.get_by_test_id("public-timeline")).to_contain_text("Mediation started")
    html = page.content()
    for private in ["周福海", "13893666666", MOBILE, "孙建国", "情绪激动", "稳控"]:
        assert private not in html, private
    updates = [body for body in sms_to(outbox_file, MOBILE) if f"/track/?code={dispute.code}" in body]
    assert len(updates) == 2, updates
    assert updates[0].startswith(("Linze dispute resolution", "临泽")) and base in updates[0]

    # -- the party adds a message for the holder -------------------------------------------------------
    page.get_by_label("Your message").fill("周老板说下个月才能给钱。")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Your message was sent")
    expect(page.get_by_test_id("public-timeline")).to_contain_text("周老板说下个月才能给钱。")
    assert dispute.events.filter(transition="citizen_message").count() == 1
    assert fits_the_screen(page), "the tracking page scrolls sideways at 375 px"
    screenshot(page, "portal-tracking-phone")
    assert_all_local(requests_made, base)
