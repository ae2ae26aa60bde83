"""The JSON API end to end: journeys, refusals with their status codes, bad input, query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from agencies.models import Body
from demo.accounts import demo_accounts_create
from disputes.models import Attachment, Dispute, DisputeEvent, Party, Referral
from disputes.services import dispute_register
from disputes.validators import id_check_char
from tests.factories import case_number

pytestmark = pytest.mark.django_db
DONGZHAI = "620723101201"  # 沙河镇东寨村


def resident_id(serial: int) -> str:
    first17 = f"62072319800101{serial:03d}"
    return first17 + id_check_char(first17)


@pytest.fixture
def accounts(settings):
    call_command("load_linze", verbosity=0)
    return {user.username: user for user in demo_accounts_create()}


@pytest.fixture
def as_user(accounts):
    def client_for(username: str) -> APIClient:
        # Signed in by session, so that each request loads its user afresh, as a real one does (the
        # per-user caches, such as the memberships, start empty on every request).
        client = APIClient()
        client.force_login(accounts[username])
        return client

    return client_for


def register_payload(**overrides) -> dict:
    payload = {
        "title": "宅基地边界纠纷",
        "description": "两户村民因宅基地边界发生争执。",
        "category": "housing-homestead",
        "region": DONGZHAI,
        "channel": "grid_patrol",
        "parties": [
            {"role": "applicant", "name": "张建国", "id_number": resident_id(1), "phone": "13893600001"},
            {"role": "respondent", "name": "李明", "id_number": resident_id(2)},
        ],
    }
    payload.update(overrides)
    return payload


def act(client: APIClient, code: str, name: str, expect: int = 200, **data) -> dict:
    response = client.post(f"/api/v1/disputes/{code}/transitions/{name}/", data, format="json")
    assert response.status_code == expect, (name, response.status_code, response.json())
    return response.json()


def test_token_authentication(accounts):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "mediator_dongzhai", "password": "linze-demo-2026"}
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/disputes/").status_code == 200
    assert APIClient().get("/api/v1/disputes/").status_code in (401, 403)
    wrong = APIClient().post("/api/v1/auth/token/", {"username": "mediator_dongzhai", "password": "nope"})
    assert wrong.status_code == 400


def test_journey_from_grid_report_to_fulfilled_agreement(as_user, accounts):
    grid, village, town = as_user("grid_dongzhai"), as_user("mediator_dongzhai"), as_user("mediator_shahe")
    labour, police, court = as_user("labour_dept"), as_user("police_shahe"), as_user("court_clerk")

    created = grid.post("/api/v1/disputes/", register_payload(), format="json")
    assert created.status_code == 201, created.json()
    code = created.json()["code"]
    assert created.json()["holder"]["code"] == "shahe-dongzhai-grid" and created.json()["tier"] == "grid"

    assert act(grid, code, "start_mediation")["status"] == "mediating"
    detail = act(grid, code, "escalate", note="网格调解未果")
    assert (detail["tier"], detail["holder"]["code"]) == ("village", "shahe-dongzhai-committee")
    detail = act(village, code, "escalate", note="村调委会两次调解未果")
    assert (detail["tier"], detail["holder"]["code"]) == ("town", "shahe-committee")
    # The village committee handed it on: it still sees the dispute but may no longer act on it.
    assert village.get(f"/api/v1/disputes/{code}/").json()["available_transitions"] == []

    police_body, labour_body = Body.objects.get(code="shahe-police"), Body.objects.get(code="labour-dept")
    detail = act(
        town,
        code,
        "refer",
        bodies=[police_body.pk, labour_body.pk],
        lead=labour_body.pk,
        route="administrative_mediation",
        note="涉及拖欠工资，请人社局牵头",
    )
    assert detail["status"] == "referred" and len(detail["referrals"]) == 2

    inbox = labour.get("/api/v1/referrals/?status=pending").json()["results"]
    lead = next(r for r in inbox if r["dispute"] == code)
    assert lead["is_lead"] and lead["report_by"]
    assert labour.post(f"/api/v1/referrals/{lead['id']}/accept/").status_code == 200
    support = next(r for r in police.get("/api/v1/referrals/").json()["results"] if r["dispute"] == code)
    assert police.post(f"/api/v1/referrals/{support['id']}/accept/").json()["status"] == "accepted"
    detail = labour.get(f"/api/v1/disputes/{code}/").json()
    assert (detail["status"], detail["holder"]["code"], detail["tier"]) == (
        "agency_handling",
        "labour-dept",
        "agency",
    )

    session = labour.post(
        f"/api/v1/disputes/{code}/sessions/",
        {
            "held_at": timezone.now().isoformat(),
            "attendees": "张建国 李明",
            "minutes": "双方同意协商",
            "result": "agreed",
        },
        format="json",
    )
    assert session.status_code == 201
    agreement = labour.post(
        f"/api/v1/disputes/{code}/agreements/",
        {
            "facts": "双方因宅基地边界及工资发生争议",
            "terms": "李明于十日内支付张建国3000元",
            "effective_on": timezone.localdate().isoformat(),
            "obligations": [
                {
                    "description": "支付3000元",
                    "amount": "3000.00",
                    "due_on": str(timezone.localdate() + timedelta(days=10)),
                }
            ],
        },
        format="json",
    )
    assert agreement.status_code == 201, agreement.json()
    assert act(labour, code, "record_agreement")["status"] == "agreed"
    detail = act(labour, code, "apply_confirmation")
    assert (detail["status"], detail["holder"]["code"]) == ("confirming", "county-court")
    detail = act(court, code, "confirm", note="协议合法有效", case_number=case_number("民特"))
    assert (detail["status"], detail["holder"]["code"]) == ("fulfilling", "labour-dept")
    visit = labour.post(
        f"/api/v1/disputes/{code}/follow-ups/",
        {"visited_at": timezone.now().isoformat(), "performed": True, "note": "款项已付清"},
        format="json",
    )
    assert visit.status_code == 201
    detail = act(labour, code, "close_fulfilled", note="履行完毕")
    assert (detail["status"], detail["outcome"]) == ("closed", "fulfilled")

    transitions = [e["transition"] for e in detail["events"]]
    assert transitions == [
        "register",
        "start_mediation",
        "escalate",
        "escalate",
        "refer",
        "accept_referral",
        "report_in",
        "log_session",
        "draft_agreement",
        "record_agreement",
        "apply_confirmation",
        "confirm",
        "follow_up",
        "close_fulfilled",
    ]


def test_journey_ending_in_court(as_user):
    village, court = as_user("mediator_dongzhai"), as_user("court_clerk")
    code = village.post("/api/v1/disputes/", register_payload(), format="json").json()["code"]
    act(village, code, "start_mediation")
    detail = act(village, code, "refer_to_court", note="当事人坚持起诉")
    assert (detail["status"], detail["holder"]["code"], detail["mediation_tried"]) == (
        "court_referred",
        "county-court",
        True,
    )
    assert act(court, code, "court_accept")["status"] == "court_mediating"
    assert act(court, code, "court_file", case_number=case_number())["status"] == "litigating"
    act(court, code, "court_conclude", expect=400, outcome="prevented")
    detail = act(court, code, "court_conclude", outcome="judgment", note="判决")
    assert (detail["status"], detail["outcome"]) == ("closed", "judgment")


def test_refusals_have_the_right_status_codes(as_user):
    village, xinhua, leader = as_user("mediator_dongzhai"), as_user("mediator_xinhua"), as_user("leader")
    code = village.post("/api/v1/disputes/", register_payload(), format="json").json()["code"]
    # Outside the caller's scope: 404, for reading and for acting alike.
    assert xinhua.get(f"/api/v1/disputes/{code}/").status_code == 404
    act(xinhua, code, "assess", expect=404)
    # Visible but not theirs to act on: 403 with the reason.
    assert leader.get(f"/api/v1/disputes/{code}/").status_code == 200
    assert "detail" in act(leader, code, "assess", expect=403)
    # Wrong state or stale version: 409.
    version = village.get(f"/api/v1/disputes/{code}/").json()["version"]
    act(village, code, "assess", version=version)
    assert act(village, code, "prevent", expect=409, version=version)["code"] == "stale"
    assert act(village, code, "assess", expect=409)["code"] == "wrong_state"
    # A guard: an agreement is needed first.
    act(village, code, "start_mediation")
    assert act(village, code, "record_agreement", expect=409)["code"] == "guard"
    # Unknown transition and missing reason: 400.
    assert act(village, code, "fly_away", expect=400)["code"] == "unknown_transition"
    assert "note" in act(village, code, "escalate", expect=400)["errors"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"parties": [{"role": "applicant", "name": "张三", "id_number": "620723198001010010"}]},
            "parties[0].id_number",
        ),
        ({"parties": [{"role": "applicant", "name": "张三", "phone": "12345"}]}, "parties[0].phone"),
        ({"parties": []}, "parties"),
        ({"category": "no-such-category"}, "category"),
        ({"region": "999999"}, "region"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_registration_is_refused_and_writes_nothing(as_user, change, field):
    before = (Dispute.objects.count(), Party.objects.count(), DisputeEvent.objects.count())
    response = as_user("mediator_dongzhai").post(
        "/api/v1/disputes/", register_payload(**change), format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert field in body.get("errors", body)
    assert (Dispute.objects.count(), Party.objects.count(), DisputeEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("name", "size"),
    [("evidence.exe", 100), ("photo.jpg", 21 * 1024 * 1024)],
    ids=["disallowed-type", "oversized"],
)
def test_bad_attachment_is_refused(as_user, name, size, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user("mediator_dongzhai")
    code = client.post("/api/v1/disputes/", register_payload(), format="json").json()["code"]
    upload = SimpleUploadedFile(name, b"x" * size)
    response = client.post(f"/api/v1/disputes/{code}/attachments/", {"file": upload}, format="multipart")
    assert response.status_code == 400 and response.json()["detail"]
    assert Attachment.objects.count() == 0
    good = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert (
        client.post(f"/api/v1/disputes/{code}/attachments/", {"file": good}, format="multipart").status_code
        == 201
    )


def test_parties_are_masked_for_leaders_not_for_the_holder(as_user):
    village = as_user("mediator_dongzhai")
    code = village.post("/api/v1/disputes/", register_payload(), format="json").json()["code"]
    own = village.get(f"/api/v1/disputes/{code}/").json()["parties"][0]
    masked = as_user("leader").get(f"/api/v1/disputes/{code}/").json()["parties"][0]
    assert own["id_number"] == resident_id(1) and own["name"] == "张建国"
    assert masked["id_number"] != resident_id(1) and masked["id_number"].endswith(resident_id(1)[-4:])
    assert masked["phone"] == "138****0001" and masked["name"].startswith("张") and masked["name"] != "张建国"


def test_list_filters_and_page_size(as_user, accounts):
    for index in range(3):
        dispute_register(
            user=accounts["mediator_dongzhai"],
            data={
                **register_payload(),
                "category": _category("labour" if index else "neighbour"),
                "region": _region(),
            },
            parties=[{"role": "applicant", "name": f"当事人{index}"}],
        )
    client = as_user("mediator_dongzhai")
    assert client.get("/api/v1/disputes/?category=labour&count=true").json()["count"] == 2
    assert client.get("/api/v1/disputes/?page_size=1&count=true").json()["count"] == 3
    assert len(client.get("/api/v1/disputes/?page_size=1").json()["results"]) == 1
    assert client.get("/api/v1/disputes/?status=closed").json()["results"] == []
    assert client.get("/api/v1/disputes/?overdue=true").json()["results"] == []
    item = client.get("/api/v1/disputes/").json()["results"][0]
    assert {"code", "title", "status", "tier", "holder", "region", "category", "risk_level", "due_at"} <= set(
        item
    )
    assert item["region"]["village"] == "东寨村" and item["region"]["town"] == "沙河镇"
    assert as_user("mediator_xinhua").get("/api/v1/disputes/").json()["results"] == []


def test_a_former_region_code_registers_and_filters_in_its_place(as_user, accounts):
    """An import or a client written before the official division codes: 东寨村 was 620723100201."""
    client = as_user("mediator_dongzhai")
    created = client.post("/api/v1/disputes/", register_payload(region="620723100201"), format="json")
    assert created.status_code == 201, created.json()
    dispute = Dispute.objects.get(code=created.json()["code"])
    assert (dispute.region.code, dispute.town.code) == (DONGZHAI, "620723101")
    assert created.json()["region"]["code"] == DONGZHAI

    def listed(query: str) -> list[str]:
        return [item["code"] for item in client.get(f"/api/v1/disputes/?{query}").json()["results"]]

    assert listed("town=620723100") == listed("town=620723101") == [dispute.code]
    assert listed("region=620723100201") == listed(f"region={DONGZHAI}") == [dispute.code]
    assert listed("region=620723100") == [dispute.code]
    assert listed("town=620723102") == []  # 新华镇, whose former code was 620723101
    refused = client.post("/api/v1/disputes/", register_payload(region="620723199299"), format="json")
    assert refused.status_code == 400 and "region" in refused.json()


def _category(code):
    from disputes.models import Category

    return Category.objects.get(code=code)


def _region():
    from agencies.models import Region

    return Region.objects.get(code=DONGZHAI)


def _seed(accounts, count: int) -> list[str]:
    codes = []
    for index in range(count):
        dispute = dispute_register(
            user=accounts["mediator_dongzhai"],
            data={**register_payload(), "category": _category("neighbour"), "region": _region()},
            parties=[
                {"role": "applicant", "name": f"甲{index}"},
                {"role": "respondent", "name": f"乙{index}"},
            ],
        )
        codes.append(dispute.code)
    return codes


def _queries(client: APIClient, url: str) -> int:
    client.get(url)  # the per-process reference tables are read by the first request of a process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    return len(captured)


def test_list_and_detail_make_the_same_number_of_queries_for_2_and_50(as_user, accounts):
    client = as_user("mediator_dongzhai")
    codes = _seed(accounts, 2)
    small_list = _queries(client, "/api/v1/disputes/?page_size=100")
    small_detail = _queries(client, f"/api/v1/disputes/{codes[0]}/")
    small_inbox = _queries(as_user("labour_dept"), "/api/v1/referrals/")
    more = _seed(accounts, 48)
    body = Body.objects.get(code="labour-dept")
    for code in more[:10]:
        act(client, code, "refer", bodies=[body.pk], route="administrative_mediation")
    assert _queries(client, "/api/v1/disputes/?page_size=100") == small_list
    assert _queries(as_user("labour_dept"), "/api/v1/referrals/") == small_inbox
    # More rows on the page itself (events, attachments) do not add queries either.
    dispute = Dispute.objects.get(code=codes[0])
    for index in range(10):
        Party.objects.create(dispute=dispute, role="third_party", name=f"第三人{index}")
        DisputeEvent.objects.create(
            dispute=dispute, transition="note", to_status=dispute.status, note=str(index)
        )
    assert _queries(client, f"/api/v1/disputes/{codes[0]}/") == small_detail
    assert Referral.objects.count() == 10


def test_schema_is_served(as_user):
    response = as_user("mediator_dongzhai").get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/disputes/{code}/transitions/{name}/" in response.content


def test_referrals_do_not_stay_open_when_the_dispute_moves_on(as_user):
    town = as_user("mediator_shahe")
    village = as_user("mediator_dongzhai")
    code = village.post("/api/v1/disputes/", register_payload(), format="json").json()["code"]
    act(village, code, "start_mediation")
    act(village, code, "escalate", note="升级到镇")
    police, labour = Body.objects.get(code="shahe-police"), Body.objects.get(code="labour-dept")
    act(town, code, "refer", bodies=[police.pk, labour.pk], lead=labour.pk, route="administrative_mediation")
    act(town, code, "withdraw", note="申请人撤回")
    assert set(Referral.objects.filter(dispute__code=code).values_list("status", flat=True)) == {"cancelled"}
    assert as_user("labour_dept").get("/api/v1/referrals/?status=pending").json()["results"] == []
    # Reopened by the centre, it can be referred again (no second open lead is left behind).
    act(as_user("centre"), code, "reopen", note="纠纷复发")
    act(as_user("centre"), code, "refer", bodies=[labour.pk], route="administrative_mediation")
    assert Referral.objects.filter(dispute__code=code, status="pending").count() == 1


def test_lists_page_by_cursor_without_counting_unless_asked(as_user, accounts):
    """A page costs its rows: no COUNT by default; ?count=true gives a count bounded at 1,000."""
    for _ in range(3):
        dispute_register(
            user=accounts["mediator_dongzhai"],
            data={**register_payload(), "category": _category("neighbour"), "region": _region()},
            parties=[{"role": "applicant", "name": "当事人"}],
        )
    client = as_user("mediator_dongzhai")
    first = client.get("/api/v1/disputes/?page_size=2").json()
    assert "count" not in first and first["previous"] is None and len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    codes = [row["code"] for row in first["results"] + second["results"]]
    assert len(set(codes)) == 3 and codes == sorted(codes, reverse=True)
    counted = client.get("/api/v1/disputes/?count=true").json()
    assert counted["count"] == 3 and counted["count_capped"] is False


def test_a_transition_body_that_is_not_an_object_is_a_400(as_user):
    """Found by the schemathesis run: a JSON number as the body was a 500."""
    village = as_user("mediator_dongzhai")
    code = village.post("/api/v1/disputes/", register_payload(), format="json").json()["code"]
    for body in ("-2455", "[1, 2]", '"assess"'):
        answer = village.post(
            f"/api/v1/disputes/{code}/transitions/assess/",
            body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert answer.status_code == 400, (body, answer.content[:200])
        assert "Expected a dictionary" in str(answer.json()), body
    assert Dispute.objects.get(code=code).status == "reported"


@pytest.mark.parametrize("path", ["/api/v1/disputes/", "/api/v1/referrals/"])
@pytest.mark.parametrize("name", ["region", "q", "status", "holder", "town", "category", "tab", "cursor"])
def test_a_list_filter_with_a_nul_character_is_a_400(as_user, path, name):
    """Found by the schemathesis run: PostgreSQL cannot compare a string holding NUL; the list was a 500."""
    answer = as_user("centre").get(path, {name: "62\x0007"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400, answer.content[:300]
    assert answer.json()[name] == ["Null characters are not allowed."]
