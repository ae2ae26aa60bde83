"""The whistle form in a real browser (Debian chromium): the lead select follows the bodies ticked, each
ticked body shows its own route, and the suggestions come first (static/js/whistle.js)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from agencies.models import Body
from demo.accounts import demo_accounts_create
from disputes import services
from disputes.models import Referral
from tests.factories import register_dispute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accounts():
    call_command("load_linze", stdout=io.StringIO())
    return {user.username: user for user in demo_accounts_create()}


def test_the_lead_select_offers_the_ticked_bodies_and_each_keeps_its_route(
    live_server, page, accounts, screenshot
):
    mediator = accounts["mediator_dongzhai"]
    dispute = register_dispute(user=mediator, category_code="labour", title="拖欠工资纠纷")
    dispute = services.dispute_transition(dispute_id=dispute.pk, user=mediator, name="start_mediation")
    police, labour, union = (Body.objects.get(code=c) for c in ("shahe-police", "labour-dept", "trade-union"))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("mediator_dongzhai")
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/workbench/d/{dispute.code}/act/refer/")

    lead = page.locator("select[name=lead]")
    suggested = page.get_by_test_id("suggested-bodies")
    expect(suggested.locator(f"input[value='{labour.pk}']")).to_be_visible()
    expect(lead.locator("option")).to_have_count(1)  # nothing ticked yet
    expect(page.locator(f"select[name=route_{police.pk}]")).to_be_hidden()

    for body in (police, labour, union):
        page.locator(f"input[name=bodies][value='{body.pk}']").check()
    expect(lead.locator("option")).to_have_count(4)
    expect(page.locator(f"select[name=route_{police.pk}]")).to_have_value("police_mediation")
    expect(page.locator(f"select[name=route_{labour.pk}]")).to_have_value("labour_arbitration")
    lead.select_option(value=str(labour.pk))
    page.locator(f"input[name=bodies][value='{union.pk}']").uncheck()
    expect(lead.locator("option")).to_have_count(3)
    expect(lead).to_have_value(str(labour.pk))  # the choice survives another body being unticked
    expect(page.locator(f"select[name=route_{union.pk}]")).to_be_hidden()
    screenshot(page, "whistle-form-routes")

    page.get_by_test_id("action-form").locator("button[type=submit]").click()

    expect(page.get_by_test_id("dispute-status")).to_have_text("移送待接收")
    assert {(r.body.code, r.is_lead, r.route) for r in Referral.objects.filter(dispute=dispute)} == {
        ("shahe-police", False, "police_mediation"),
        ("labour-dept", True, "labour_arbitration"),
    }
