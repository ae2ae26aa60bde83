"""Issue 11 item 2: re-referral after a return, a supporting body added to a running whistle, each body
called in by its own route (and so its own statutory clock), the lead among the bodies ticked, and the
bodies suggested by the dispute's category and town.

Time is frozen (as in test_deadlines): 2026-03-02 is a Monday.
"""

import re
from datetime import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIClient

from agencies.models import Body
from disputes import services
from disputes.choices import ReferralRoute, ReferralStatus, Status
from disputes.models import Dispute, DisputeEvent, Referral
from disputes.whistle import referral_route_default, referral_suggestions
from linze.exceptions import Conflict
from tests.factories import DAZHAI, DONGZHAI, register_dispute, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def end_of(year, month, day) -> datetime:
    return local(year, month, day, 23, 59, 59)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", new=Clock(local(2026, 3, 2, 10))) as frozen:
        yield frozen


def body(code: str) -> Body:
    return Body.objects.get(code=code)


def mediating(user, **fields) -> Dispute:
    dispute = register_dispute(user=user, **fields)
    return transition(dispute, "start_mediation", user=user)


def refer(dispute, user, codes, lead=None, **data) -> Dispute:
    data = {"bodies": [body(code).pk for code in codes], "note": "请尽快报到", **data}
    if lead:
        data["lead"] = body(lead).pk
    return transition(dispute, "refer", user=user, **data)


def referral_of(dispute, code: str, **filters) -> Referral:
    return Referral.objects.filter(dispute=dispute, body__code=code, **filters).latest("pk")


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def web(client, users):
    def log_in(username):
        client.force_login(users[username])
        return client

    return log_in


@pytest.fixture
def api(users):
    def client_for(username):
        client = APIClient()
        client.force_login(users[username])
        return client

    return client_for


# -- re-referral after a return --------------------------------------------------------------------------


def test_after_the_lead_returns_it_the_holder_refers_again_to_the_same_body_with_new_instructions(users):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator, category_code="labour"), mediator, ["labour-dept"])
    first = referral_of(dispute, "labour-dept")
    services.referral_return(referral_id=first.pk, user=users["labour_dept"], reason="缺少劳动合同")
    assert Dispute.objects.get(pk=dispute.pk).status == Status.MEDIATING

    dispute = refer(dispute, mediator, ["labour-dept"], note="已补充劳动合同，请依合同处理")

    assert dispute.status == Status.REFERRED
    again = referral_of(dispute, "labour-dept")
    assert again.pk != first.pk
    assert (again.status, again.is_lead, again.instructions) == (
        ReferralStatus.PENDING,
        True,
        "已补充劳动合同，请依合同处理",
    )
    first.refresh_from_db()
    assert (first.status, first.returned_reason) == (ReferralStatus.RETURNED, "缺少劳动合同")
    assert list(dispute.events.order_by("pk").values_list("transition", flat=True))[-3:] == [
        "refer",
        "return_referral",
        "refer",
    ]
    # The body that returned it can take it this time.
    dispute = transition(dispute, "accept_referral", user=users["labour_dept"])
    assert (dispute.status, dispute.holder.code) == (Status.AGENCY_HANDLING, "labour-dept")


def test_the_centre_refers_a_returned_dispute_to_another_body(users):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator), mediator, ["labour-dept"])
    services.referral_return(
        referral_id=referral_of(dispute, "labour-dept").pk, user=users["labour_dept"], reason="不属于劳动争议"
    )

    dispute = refer(dispute, users["centre"], ["shahe-police"], note="邻里冲突，请派出所治安调解")

    assert dispute.status == Status.REFERRED
    police = referral_of(dispute, "shahe-police")
    assert (police.is_lead, police.route, police.status) == (
        True,
        ReferralRoute.POLICE_MEDIATION,
        ReferralStatus.PENDING,
    )
    assert dispute.pending_lead_referral.body.code == "shahe-police"


def test_re_referral_through_the_api(users, api):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator), mediator, ["labour-dept"])
    labour = api("labour_dept")
    first = referral_of(dispute, "labour-dept")
    returned = labour.post(f"/api/v1/referrals/{first.pk}/return/", {"reason": "材料不全"}, format="json")
    assert returned.status_code == 200

    client = api("mediator_dongzhai")
    detail = client.get(f"/api/v1/disputes/{dispute.code}/").json()
    assert "refer" in {t["name"] for t in detail["available_transitions"]}
    response = client.post(
        f"/api/v1/disputes/{dispute.code}/transitions/refer/",
        {"bodies": [body("labour-dept").pk], "note": "材料已补齐", "version": detail["version"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.REFERRED
    inbox = labour.get("/api/v1/referrals/?status=pending").json()["results"]
    assert [(r["dispute"], r["instructions"]) for r in inbox] == [(dispute.code, "材料已补齐")]


def test_the_refer_form_after_a_return_says_why_and_refers_again(users, web):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator), mediator, ["labour-dept"])
    services.referral_return(
        referral_id=referral_of(dispute, "labour-dept").pk,
        user=users["labour_dept"],
        reason="请先核实工资数额",
    )
    client = web("mediator_dongzhai")
    dispute.refresh_from_db()

    detail = page(client.get(f"/workbench/d/{dispute.code}/"))
    assert 'data-action="refer"' in detail
    form = page(client.get(f"/workbench/d/{dispute.code}/act/refer/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "returned the last referral" in form and "请先核实工资数额" in form
    labour = body("labour-dept")
    response = client.post(
        f"/workbench/d/{dispute.code}/act/refer/",
        {"version": dispute.version, "bodies": [labour.pk], f"route_{labour.pk}": "labour_arbitration",
         "note": "工资数额已核实"},
    )  # fmt: skip

    assert response.status_code == 302
    again = referral_of(dispute, "labour-dept", status=ReferralStatus.PENDING)
    assert (again.route, again.instructions) == (ReferralRoute.LABOUR_ARBITRATION, "工资数额已核实")


# -- a supporting body added to a running whistle --------------------------------------------------------


def test_a_supporting_body_joins_a_running_whistle_with_its_own_clock_and_the_version_goes_up(clock, users):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator), mediator, ["labour-dept", "shahe-police"], lead="labour-dept")
    due, version = dispute.due_at, dispute.version

    dispute = transition(
        dispute, "add_support", user=mediator, bodies=[body("petitions-bureau").pk], note="信访人多次来访"
    )

    assert (dispute.status, dispute.due_at, dispute.version) == (Status.REFERRED, due, version + 1)
    added = referral_of(dispute, "petitions-bureau")
    assert (added.is_lead, added.route, added.status, added.instructions) == (
        False,
        ReferralRoute.PETITION,
        ReferralStatus.PENDING,
        "信访人多次来访",
    )
    assert added.report_by == end_of(2026, 3, 17)  # a petition is accepted within 15 days
    event = dispute.events.latest("pk")
    assert (event.transition, event.from_status, event.to_status) == ("add_support", "referred", "referred")
    assert event.payload["bodies"] == ["petitions-bureau"]
    assert dispute.pending_lead_referral.body.code == "labour-dept"  # the lead stays the lead
    # The new body sees the dispute and answers its referral.
    petitions = users["petitions"]
    assert Dispute.objects.restrict(petitions, "view").filter(pk=dispute.pk).exists()
    services.referral_accept_supporting(referral_id=added.pk, user=petitions)
    assert Dispute.objects.get(pk=dispute.pk).version == version + 2


def test_the_lead_agency_adds_a_supporting_body_while_it_handles_the_dispute(clock, users):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator, category_code="labour"), mediator, ["labour-dept"])
    dispute = transition(dispute, "accept_referral", user=users["labour_dept"])

    dispute = transition(dispute, "add_support", user=users["labour_dept"], bodies=[body("trade-union").pk])

    assert dispute.status == Status.AGENCY_HANDLING and dispute.holder.code == "labour-dept"
    union = referral_of(dispute, "trade-union")
    assert (union.is_lead, union.route, union.status) == (False, ReferralRoute.SECTOR_COMMITTEE, "pending")
    # It reports in by the whistle's limit, the next working day, whatever the dispute's own clock says.
    assert union.report_by == end_of(2026, 3, 3)
    assert dispute.due_at == Dispute.objects.get(pk=dispute.pk).due_at != union.report_by


def test_a_body_already_called_in_is_not_added_twice(users):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator), mediator, ["labour-dept", "shahe-police"], lead="labour-dept")

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(dispute, "add_support", user=mediator, bodies=[body("shahe-police").pk])

    assert "Already called in on this dispute" in refused.value.message_dict["bodies"][0]
    assert Referral.objects.filter(dispute=dispute).count() == 2


def test_add_support_is_refused_outside_a_whistle(users):
    mediator = users["mediator_dongzhai"]
    dispute = mediating(mediator)
    with pytest.raises(Conflict) as refused:
        transition(dispute, "add_support", user=mediator, bodies=[body("trade-union").pk])
    assert refused.value.code == "wrong_state"


def test_a_supporting_answer_makes_a_page_opened_before_it_stale(users, web):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator), mediator, ["labour-dept", "shahe-police"], lead="labour-dept")
    seen = dispute.version
    services.referral_accept_supporting(
        referral_id=referral_of(dispute, "shahe-police").pk, user=users["police_shahe"]
    )
    assert Dispute.objects.get(pk=dispute.pk).version == seen + 1

    response = web("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/act/add_support/",
        {"version": seen, "bodies": [body("trade-union").pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "changed meanwhile" in page(response)
    assert not Referral.objects.filter(dispute=dispute, body__code="trade-union").exists()


def test_the_add_support_page_leaves_out_the_bodies_already_called_in(users, web):
    mediator = users["mediator_dongzhai"]
    dispute = refer(mediating(mediator), mediator, ["labour-dept", "shahe-police"], lead="labour-dept")
    client = web("mediator_dongzhai")

    html = page(client.get(f"/workbench/d/{dispute.code}/act/add_support/"))
    assert f'name="bodies" value="{body("shahe-police").pk}"' not in html
    assert f'name="bodies" value="{body("labour-dept").pk}"' not in html
    assert 'name="lead"' not in html
    union = body("trade-union")
    response = client.post(
        f"/workbench/d/{dispute.code}/act/add_support/",
        {"version": dispute.version, "bodies": [union.pk], f"route_{union.pk}": "sector_committee"},
    )
    assert response.status_code == 302
    assert referral_of(dispute, "trade-union").status == ReferralStatus.PENDING


# -- each body its own route, and its own clock ----------------------------------------------------------


def test_a_whistle_gives_each_body_its_own_route_and_the_clock_of_that_route(clock, users):
    mediator = users["mediator_dongzhai"]
    dispute = mediating(mediator, category_code="labour")

    dispute = refer(
        dispute, mediator, ["shahe-police", "labour-dept", "petitions-bureau"], lead="labour-dept"
    )

    clocks = {
        r.body.code: (r.route, r.report_by)
        for r in Referral.objects.filter(dispute=dispute).select_related("body")
    }
    assert clocks == {
        # the police report in the next working day (the whistle's own limit); police mediation runs after
        "shahe-police": (ReferralRoute.POLICE_MEDIATION, end_of(2026, 3, 3)),
        "labour-dept": (
            ReferralRoute.LABOUR_ARBITRATION,
            end_of(2026, 3, 7),
        ),  # arbitration accepts in 5 days
        "petitions-bureau": (ReferralRoute.PETITION, end_of(2026, 3, 17)),  # a petition within 15 days
    }
    assert dispute.due_at == end_of(2026, 3, 7)  # the dispute waits as long as its lead
    payload = dispute.events.latest("pk").payload
    assert payload["routes"] == {
        "shahe-police": "police_mediation",
        "labour-dept": "labour_arbitration",
        "petitions-bureau": "petition",
    }

    clock.now = local(2026, 3, 3, 9)
    dispute = transition(dispute, "accept_referral", user=users["labour_dept"])
    assert dispute.due_at == end_of(2026, 4, 17)  # the arbitration award: 45 days


def test_the_api_chooses_a_route_per_body_by_code(clock, users, api):
    dispute = mediating(users["mediator_dongzhai"])
    police, petitions = body("shahe-police"), body("petitions-bureau")

    response = api("mediator_dongzhai").post(
        f"/api/v1/disputes/{dispute.code}/transitions/refer/",
        {
            "bodies": [police.pk, petitions.pk],
            "lead": police.pk,
            "routes": {"shahe-police": "police_mediation", str(petitions.pk): "administrative_mediation"},
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert referral_of(dispute, "petitions-bureau").route == ReferralRoute.ADMINISTRATIVE_MEDIATION
    assert referral_of(dispute, "petitions-bureau").report_by == end_of(
        2026, 3, 3
    )  # not the 15 petition days
    bad = api("mediator_dongzhai").post(
        f"/api/v1/disputes/{dispute.code}/transitions/refer/",
        {"bodies": [police.pk], "routes": {"shahe-police": "by_carrier_pigeon"}},
        format="json",
    )
    assert bad.status_code in (400, 409)


def test_one_route_for_every_body_still_applies_when_given(users):
    mediator = users["mediator_dongzhai"]
    dispute = refer(
        mediating(mediator), mediator, ["shahe-police", "labour-dept"], lead="labour-dept",
        route="administrative_mediation",
    )  # fmt: skip
    assert set(Referral.objects.filter(dispute=dispute).values_list("route", flat=True)) == {
        ReferralRoute.ADMINISTRATIVE_MEDIATION
    }


def test_the_page_posts_a_route_per_body(clock, users, web):
    dispute = mediating(users["mediator_dongzhai"])
    police, labour = body("shahe-police"), body("labour-dept")
    client = web("mediator_dongzhai")
    html = page(client.get(f"/workbench/d/{dispute.code}/act/refer/"))
    assert re.search(rf'value="{police.pk}"[^>]*data-route="police_mediation"', html)  # its default route
    assert f'name="route_{police.pk}"' not in html  # shown once it is ticked

    # Sent back for a missing lead, the form keeps each ticked body's route as chosen.
    unfinished = page(
        client.post(
            f"/workbench/d/{dispute.code}/act/refer/",
            {
                "version": dispute.version,
                "bodies": [police.pk, labour.pk],
                f"route_{police.pk}": "administrative_mediation",
                f"route_{labour.pk}": "labour_arbitration",
            },
        )
    )
    police_route = re.search(rf'name="route_{police.pk}".*?</select>', unfinished, re.S).group(0)
    assert re.search(r'value="administrative_mediation" selected', police_route)
    labour_route = re.search(rf'name="route_{labour.pk}".*?</select>', unfinished, re.S).group(0)
    assert re.search(r'value="labour_arbitration" selected', labour_route)

    response = client.post(
        f"/workbench/d/{dispute.code}/act/refer/",
        {"version": dispute.version, "bodies": [police.pk, labour.pk], "lead": police.pk,
         f"route_{police.pk}": "police_mediation", f"route_{labour.pk}": "labour_arbitration"},
    )  # fmt: skip

    assert response.status_code == 302
    assert referral_of(dispute, "labour-dept").route == ReferralRoute.LABOUR_ARBITRATION
    assert referral_of(dispute, "labour-dept").report_by == end_of(2026, 3, 7)


@pytest.mark.parametrize(
    "code,route",
    [
        ("shahe-police", ReferralRoute.POLICE_MEDIATION),
        ("labour-dept", ReferralRoute.LABOUR_ARBITRATION),
        ("market-dept", ReferralRoute.ADMINISTRATIVE_MEDIATION),
        ("petitions-bureau", ReferralRoute.PETITION),
        ("traffic-committee", ReferralRoute.SECTOR_COMMITTEE),
        ("shahe-tribunal", ReferralRoute.COURT),
        ("procuratorate", ReferralRoute.PROCURATORATE),
    ],
)
def test_each_kind_of_body_has_its_default_route(code, route):
    assert referral_route_default(body(code)) == route


# -- the lead must be one of the bodies ticked -------------------------------------------------------------


def test_a_lead_that_is_not_ticked_is_refused_with_its_name(users):
    mediator = users["mediator_dongzhai"]
    dispute = mediating(mediator)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        refer(dispute, mediator, ["shahe-police", "labour-dept"], lead="petitions-bureau")

    (message,) = refused.value.message_dict["lead"]
    assert "Linze County Petitions Bureau is not among the bodies ticked" in message
    assert not Referral.objects.filter(dispute=dispute).exists()


def test_the_page_says_so_and_offers_as_lead_only_the_bodies_ticked(users, web):
    dispute = mediating(users["mediator_dongzhai"])
    police, labour, petitions = body("shahe-police"), body("labour-dept"), body("petitions-bureau")

    response = web("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/act/refer/",
        {"version": dispute.version, "bodies": [police.pk, labour.pk], "lead": petitions.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = page(response)
    assert response.status_code == 200
    assert "is not among the bodies ticked: the lead body must be one of the bodies called in" in html
    lead_select = re.search(r'<select[^>]*name="lead".*?</select>', html, re.S).group(0)
    offered = set(re.findall(r'<option value="(\d+)"', lead_select))
    assert offered == {str(police.pk), str(labour.pk)}
    assert Dispute.objects.get(pk=dispute.pk).status == Status.MEDIATING


# -- suggestions by category and territory -----------------------------------------------------------------


def suggested(dispute) -> dict[str, str]:
    bodies = list(Body.objects.filter(is_active=True))
    by_pk = {b.pk: b.code for b in bodies}
    return {by_pk[pk]: s.basis for pk, s in referral_suggestions(dispute, bodies).items()}


def test_a_labour_dispute_in_shahe_suggests_the_labour_bodies_and_the_towns_own(users):
    dispute = register_dispute(user=users["mediator_dongzhai"], region_code=DONGZHAI, category_code="labour")

    assert suggested(dispute) == {
        "labour-dept": "category",
        "labour-committee": "category",
        "trade-union": "category",
        "shahe-police": "territory",
        "shahe-judicial": "territory",
        "shahe-tribunal": "territory",
    }


def test_a_traffic_dispute_in_xinhua_suggests_traffic_bodies_and_xinhuas_police_and_judicial_office(users):
    dispute = register_dispute(user=users["centre"], region_code=DAZHAI, category_code="traffic")

    assert suggested(dispute) == {
        "police-bureau": "category",  # its traffic police brigade
        "traffic-committee": "category",
        "xinhua-police": "territory",
        "xinhua-judicial": "territory",  # Xinhua has no people's tribunal of its own
    }


def test_a_homestead_dispute_suggests_the_natural_resources_bureau(users):
    dispute = register_dispute(user=users["centre"], category_code="housing-homestead")
    assert suggested(dispute)["natural-resources-dept"] == "category"


def test_the_refer_form_marks_the_suggestions_first_and_ticks_nothing_for_the_clerk(users, web):
    dispute = mediating(users["mediator_dongzhai"], category_code="medical")

    html = page(
        web("mediator_dongzhai").get(f"/workbench/d/{dispute.code}/act/refer/", HTTP_ACCEPT_LANGUAGE="en")
    )

    group = re.search(r'<details[^>]*data-testid="suggested-bodies".*?</details>', html, re.S).group(0)
    assert html.index('data-testid="suggested-bodies"') < html.index("Police station")
    for code in ("health-dept", "medical-committee", "shahe-police", "shahe-judicial", "shahe-tribunal"):
        assert f'value="{body(code).pk}"' in group, code
    assert f'value="{body("labour-dept").pk}"' not in group
    assert "Competent for Medical disputes" in group and "Serves Shahe Town" in group
    assert " checked" not in group  # the clerk decides


def test_the_refer_form_makes_as_many_queries_after_several_returns(users, web):
    mediator = users["mediator_dongzhai"]
    client = web("mediator_dongzhai")
    fresh = mediating(mediator)
    returned = mediating(mediator)
    for reason in ("缺少材料", "仍缺材料", "不属于本部门"):
        returned = refer(returned, mediator, ["labour-dept", "shahe-police"], lead="labour-dept")
        services.referral_return(
            referral_id=referral_of(returned, "labour-dept").pk, user=users["labour_dept"], reason=reason
        )

    def count(dispute) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/workbench/d/{dispute.code}/act/refer/").status_code == 200
        return len(captured.captured_queries)

    assert count(returned) == count(fresh)
    assert DisputeEvent.objects.filter(dispute=returned, transition="return_referral").count() == 3
