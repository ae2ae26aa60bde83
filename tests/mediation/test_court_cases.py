"""The court's steps carry the court's numbers: filing under a case number 案号, delegation to the mediation
body the court chooses, the ruling on a judicial confirmation (民事裁定书) as HTML and PDF, and the court
clerk's landing on the court's queue."""

import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from agencies.choices import Role
from agencies.models import Body
from disputes.models import Dispute
from mediation.documents import date_in_words
from mediation.models import CourtCase, JudicialConfirmation
from tests.factories import case_number, staff
from tests.mediation.fixtures import village_dispute, zh

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _act(client, dispute, name: str, **data):
    data.setdefault("version", Dispute.objects.get(pk=dispute.pk).version)
    return client.post(reverse("court:act", args=[dispute.code, name]), data, follow=True)


def _pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


# -- filing under the court's case number ----------------------------------------------------------------


def test_filing_records_the_case_number_in_its_official_form(client_for, users):
    dispute = village_dispute(users, state="court_mediating")
    client = client_for("court_clerk")

    response = _act(client, dispute, "court_file", case_number=f"({YEAR})甘0723民初321号")

    assert response.status_code == 200 and Dispute.objects.get(pk=dispute.pk).status == "litigating"
    case = CourtCase.objects.get(dispute=dispute)
    assert (case.number, case.court.code, case.filed_by) == (
        f"（{YEAR}）甘0723民初321号",
        "county-court",
        users["court_clerk"],
    )
    page = client.get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    assert f'data-testid="case-number">（{YEAR}）甘0723民初321号<' in page
    court_page = client.get(reverse("court:case", args=[dispute.code])).content.decode()
    assert f"（{YEAR}）甘0723民初321号" in court_page


def test_the_api_detail_carries_the_case_number_of_the_filing(users):
    dispute = village_dispute(users, state="court_referred")
    api = APIClient()
    api.force_authenticate(users["court_clerk"])
    url = f"/api/v1/disputes/{dispute.code}/transitions/court_file/"

    missing = api.post(url, {}, format="json")
    filed = api.post(url, {"case_number": f"({YEAR})甘0723民初55号"}, format="json")

    assert missing.status_code == 400 and "case_number" in str(missing.json())
    assert filed.status_code == 200, filed.json()
    detail = api.get(f"/api/v1/disputes/{dispute.code}/").json()
    (event,) = [e for e in detail["events"] if e["transition"] == "court_file"]
    assert event["payload"]["case_number"] == f"（{YEAR}）甘0723民初55号"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("民初123号", "案号格式应为"),
        (f"（{YEAR}）甘0702民初123号", "甘0723"),
        (f"（{YEAR}）甘0723民特123号", "民初、行初、执"),
        ("", "请填写法院的案号"),
    ],
)
def test_a_bad_case_number_is_a_field_error_and_nothing_is_filed(client_for, users, typed, message):
    dispute = village_dispute(users, state="court_referred")

    response = _act(client_for("court_clerk"), dispute, "court_file", case_number=typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_court_file_case_number_error"' in html and message in html
    assert Dispute.objects.get(pk=dispute.pk).status == "court_referred"
    assert not CourtCase.objects.filter(dispute=dispute).exists()


def test_a_case_number_already_recorded_is_refused(client_for, users):
    first, second = (village_dispute(users, state="court_referred") for _ in range(2))
    client = client_for("court_clerk")
    number = case_number()
    _act(client, first, "court_file", case_number=number)

    response = _act(client, second, "court_file", case_number=number)

    assert zh("Case number %(number)s is already recorded on another case.") % {"number": number} in (
        response.content.decode()
    )
    assert Dispute.objects.get(pk=second.pk).status == "court_referred"


# -- delegation to the body the court chooses ------------------------------------------------------------


def test_delegation_offers_the_mediation_bodies_and_defaults_to_the_town_committee(client_for, users):
    dispute = village_dispute(users, state="court_referred")
    page = client_for("court_clerk").get(reverse("court:case", args=[dispute.code])).content.decode()
    form = page[page.index('data-testid="action-court_delegate"') :]
    form = form[: form.index("</form>")]
    shahe = Body.objects.get(code="shahe-committee")
    assert f'<option value="" selected>— {shahe.name} —</option>' in form  # the default, named
    for code in ("medical-committee", "shahe-dongzhai-committee", "county-centre"):
        assert f'value="{Body.objects.get(code=code).pk}"' in form
    assert f'value="{Body.objects.get(code="shahe-police").pk}"' not in form
    assert "安贵调解室" in form


@pytest.mark.parametrize(
    ("data", "holder", "tier"),
    [
        ({"body": "family-committee"}, "family-committee", "county"),
        ({"body": "shahe-dongzhai-committee"}, "shahe-dongzhai-committee", "village"),
        ({"room": "安贵调解室"}, "county-centre", "county"),
        ({}, "shahe-committee", "town"),
    ],
)
def test_the_court_delegates_to_the_body_it_chose(client_for, users, data, holder, tier):
    from mediation.models import MediationRoom

    dispute = village_dispute(users, state="court_referred")
    posted = {}
    if "body" in data:
        posted["body"] = Body.objects.get(code=data["body"]).pk
    if "room" in data:
        posted["room"] = MediationRoom.objects.get(name=data["room"]).pk

    _act(client_for("court_clerk"), dispute, "court_delegate", **posted)

    dispute.refresh_from_db()
    assert (dispute.status, dispute.holder.code, dispute.tier, dispute.diverted_by_court) == (
        "mediating",
        holder,
        tier,
        True,
    )
    event = dispute.events.get(transition="court_delegate")
    assert event.payload["delegated_to"] == holder
    if "room" in posted:
        assert event.payload["room"] == posted["room"]


def test_delegation_to_a_body_that_cannot_mediate_is_refused_with_the_reason(client_for, users):
    dispute = village_dispute(users, state="court_referred")
    police = Body.objects.get(code="shahe-police")

    response = _act(client_for("court_clerk"), dispute, "court_delegate", body=police.pk)

    html = response.content.decode()
    assert 'id="id_court_delegate_body_error"' in html
    assert f"{police.name}不是调解组织" in html
    assert Dispute.objects.get(pk=dispute.pk).status == "court_referred"
    api = APIClient()
    api.force_authenticate(users["court_clerk"])
    refused = api.post(
        f"/api/v1/disputes/{dispute.code}/transitions/court_delegate/", {"body": police.pk}, format="json"
    )
    assert refused.status_code == 400 and "body" in refused.json()["errors"], refused.json()


# -- the ruling on a judicial confirmation (民事裁定书) -----------------------------------------------


def _ruled(client_for, users, name: str, **data):
    dispute = village_dispute(users, state="confirming")
    number = case_number("民特")
    _act(client_for("court_clerk"), dispute, name, case_number=number, **data)
    return Dispute.objects.get(pk=dispute.pk), number


def test_confirming_produces_the_ruling_as_html_and_pdf(client_for, users):
    dispute, number = _ruled(client_for, users, "confirm", note="协议合法有效")
    confirmation = JudicialConfirmation.objects.get(dispute=dispute)
    assert (confirmation.ruling, confirmation.case_number, confirmation.decided_by) == (
        "valid",
        number,
        users["court_clerk"],
    )
    court = client_for("court_clerk")

    html = court.get(reverse("mediation:ruling", args=[dispute.code])).content.decode()
    pdf = court.get(reverse("mediation:ruling_pdf", args=[dispute.code]))

    assert "民事裁定书" in html and number in html and "临泽县人民法院" in html
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(_pdf_text(pdf.content).split())
    assert number in text
    assert "调解协议有效" in text and "裁定如下" in text
    assert "按原界址砌墙" in text  # the agreement's terms
    for party in dispute.parties.all():
        assert f"申请人：{party.name}" in text and party.id_number in text  # the court ruled: in full
    with translation.override("zh-hans"):
        dated = date_in_words(timezone.localdate(confirmation.decided_at))
    assert dated.startswith("二〇") and dated in text  # dated in words, as courts date rulings
    # The holder again (the committee) reads it on the dispute page, with links to both forms.
    page = (
        client_for("mediator_dongzhai").get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    )
    assert reverse("mediation:ruling_pdf", args=[dispute.code]) in page and number in page
    application = client_for("mediator_dongzhai").get(reverse("mediation:confirmation", args=[dispute.code]))
    assert reverse("mediation:ruling", args=[dispute.code]) in application.content.decode()


def test_rejecting_produces_the_ruling_that_rejects_the_application(client_for, users):
    dispute, number = _ruled(client_for, users, "reject_confirmation", note="协议内容违反法律强制性规定")

    pdf = client_for("court_clerk").get(reverse("mediation:ruling_pdf", args=[dispute.code]))

    text = "".join(_pdf_text(pdf.content).split())
    assert number in text and "驳回" in text and "司法确认申请" in text
    assert "协议内容违反法律强制性规定" in text and "按原界址砌墙" in text
    assert "调解协议有效。" not in text


def test_a_ruling_needs_the_confirmation_case_number(client_for, users):
    dispute = village_dispute(users, state="confirming")
    client = client_for("court_clerk")

    wrong = _act(client, dispute, "confirm", case_number=f"（{YEAR}）甘0723民初9号")

    assert "民特" in wrong.content.decode() and Dispute.objects.get(pk=dispute.pk).status == "confirming"


def test_without_a_ruling_the_ruling_page_says_so(client_for, users):
    dispute = village_dispute(users, state="confirming")
    response = client_for("court_clerk").get(reverse("mediation:ruling", args=[dispute.code]), follow=True)
    assert (
        response.redirect_chain
        and zh("The court has not ruled on a confirmation of this dispute's agreement yet.")
        in response.content.decode()
    )


def test_the_court_case_page_costs_the_same_queries_for_2_and_20_cases(client_for, users):
    dispute = village_dispute(users, state="court_referred")
    client, court = client_for("court_clerk"), Body.objects.get(code="county-court")
    url = reverse("court:case", args=[dispute.code])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(2):
        CourtCase.objects.create(dispute=dispute, court=court, number=case_number(), filed_at=timezone.now())
    client.get(url)  # the per-process reference tables are read by the first page of a process
    few = queries()
    for _ in range(18):
        CourtCase.objects.create(dispute=dispute, court=court, number=case_number(), filed_at=timezone.now())
    assert queries() == few
    assert client.get(url).content.decode().count('data-testid="case-number"') == 20


# -- where court staff land ---------------------------------------------------------------------------


def test_court_staff_land_on_the_court_queue_with_their_cases(client_for, users):
    referred = village_dispute(users, state="court_referred")

    response = client_for("court_clerk").get(reverse("home"), follow=True)

    assert response.request["PATH_INFO"] == reverse("court:queue")
    assert f'data-testid="court-{referred.code}"' in response.content.decode()
    users["judge"] = staff("shahe-tribunal", Role.JUDGE)
    assert client_for("judge").get(reverse("home"))["Location"] == reverse("court:queue")
    assert client_for("police_shahe").get(reverse("home"))["Location"] == reverse("referrals:inbox")
