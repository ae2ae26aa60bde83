"""Tracking by code and password: one answer for an unknown code and a wrong password, throttling, only
the public parts, a party's message on the timeline, and an SMS when the dispute moves."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agencies.models import Region
from alerts import services as alerts_services
from alerts.models import Warning
from disputes.models import Category, DisputeEvent
from notifications.models import Notification, OutboxMessage
from portal import plain, services
from tests.factories import transition
from tests.portal.conftest import challenge_answer, sent_code, text, visible

pytestmark = pytest.mark.django_db

PHONE = "13893611111"
OTHER_PHONE = "13893622222"


@pytest.fixture
def submitted(linze, django_capture_on_commit_callbacks):
    """An online dispute, its tracking password, and what the other party and staff wrote about it."""
    with django_capture_on_commit_callbacks(execute=True):
        dispute, password = services.submission_create(
            phone=PHONE,
            data={
                "title": "大棚务工工资未付",
                "description": "钱老板扬言要同归于尽，工资一万二千元一直没给。",
                "category": Category.objects.get(code="labour"),
                "region": Region.objects.get(code="620723101201"),
            },
            applicant={"name": "赵春生", "id_number": "", "address": "东寨村三社"},
            respondent={"name": "钱万贯", "phone": OTHER_PHONE, "address": "东寨村五社18号"},
        )
    return dispute, password


def log_in(client, code: str, password: str):
    return client.post("/track/", {"code": code, "password": password})


def without_token(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_unknown_code_and_wrong_password_get_the_same_answer(submitted, citizen):
    dispute, _password = submitted
    unknown = log_in(citizen, "LZ-2026-999999", "ABCDEFGH")
    wrong = log_in(citizen, dispute.code, "ABCDEFGH")

    assert unknown.status_code == wrong.status_code == 200
    assert "The code or the password is not right." in text(wrong)
    unknown_html = without_token(text(unknown)).replace("LZ-2026-999999", "CODE")
    assert unknown_html == without_token(text(wrong)).replace(dispute.code, "CODE")


@override_settings(PORTAL_TRACK_FAILURES_PER_CODE=(3, 900))
def test_repeated_failures_on_a_code_are_throttled_even_for_the_right_password(submitted, citizen):
    dispute, password = submitted
    for _attempt in range(3):
        log_in(citizen, dispute.code, "WRONGPW1")
    response = log_in(citizen, dispute.code, password)
    assert "Too many failed attempts" in text(response)
    assert response.status_code == 200


@override_settings(PORTAL_TRACK_FAILURES_PER_IP=(3, 900))
def test_repeated_failures_from_one_address_are_throttled(submitted, citizen):
    dispute, password = submitted
    for number in range(3):
        log_in(citizen, f"LZ-2026-00{number}999", "WRONGPW1")
    assert "Too many failed attempts" in text(log_in(citizen, dispute.code, password))


def test_the_tracking_page_shows_only_the_public_parts(
    submitted, citizen, django_capture_on_commit_callbacks
):
    dispute, password = submitted
    centre = get_user_model().objects.get(username="centre")
    with django_capture_on_commit_callbacks(execute=True):
        transition(
            dispute, "assess", user=centre, risk_level="red", note="内部备注：当事人有过激言行，注意稳控"
        )
    alerts_services.warnings_evaluate_dispute(dispute_id=dispute.pk)
    assert Warning.objects.filter(dispute=dispute).exists()  # the violent words raised a warning

    assert log_in(citizen, dispute.code, password)["Location"] == "/track/case/"
    response = citizen.get("/track/case/")
    html = text(response)
    page = visible(response)
    assert "Being assessed: staff are working out who should handle it." in page
    assert "Linze County Social Governance Centre" in page
    assert "Staff started assessing it" in page
    for secret in ["钱万贯", OTHER_PHONE, "东寨村五社18号", "内部备注", "稳控", "同归于尽", PHONE, "赵春生"]:
        assert secret not in html, secret
    for warning_word in ["warning", "Warning", "red"]:
        assert f">{warning_word}<" not in html


def test_a_party_message_lands_on_the_timeline_for_the_holder(
    submitted, citizen, django_capture_on_commit_callbacks
):
    dispute, password = submitted
    log_in(citizen, dispute.code, password)
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(
            "/track/case/",
            {
                "text": "老板今天又说下个月再给。",
                "document": SimpleUploadedFile("欠条.jpg", b"\xff\xd8\xff", "image/jpeg"),
            },
        )
    assert response["Location"] == "/track/case/"
    event = DisputeEvent.objects.get(dispute=dispute, transition="citizen_message")
    assert event.note == "老板今天又说下个月再给。" and event.actor is None
    assert dispute.attachments.get().name == "欠条.jpg"
    page = visible(citizen.get("/track/case/"))
    assert "You sent a message" in page and "老板今天又说下个月再给。" in page

    # The county centre, which holds it, is told and reads it on the dispute's timeline.
    notification = Notification.objects.get(dispute=dispute, kind="portal_party_message")
    assert notification.recipient.username == "centre"
    workbench = Client(headers={"accept-language": "en"})
    workbench.force_login(notification.recipient)
    staff_page = visible(workbench.get(f"/workbench/d/{dispute.code}/"))
    assert "Message from the party (online)" in staff_page and "老板今天又说下个月再给。" in staff_page


def test_an_empty_message_is_refused_with_a_reason(submitted, citizen):
    dispute, password = submitted
    log_in(citizen, dispute.code, password)
    assert "Write a message or choose a document." in text(citizen.post("/track/case/", {"text": "  "}))
    assert not DisputeEvent.objects.filter(transition="citizen_message").exists()


def test_the_case_page_needs_a_login_and_leaving_ends_it(submitted, citizen):
    dispute, password = submitted
    assert citizen.get("/track/case/")["Location"] == "/track/"
    log_in(citizen, dispute.code, password)
    assert citizen.get("/track/case/").status_code == 200
    citizen.post("/track/leave/")
    assert citizen.get("/track/case/")["Location"] == "/track/"


@override_settings(PORTAL_PUBLIC_URL="https://jf.linze.example")
def test_the_party_gets_an_sms_with_the_tracking_link_when_the_dispute_moves(
    submitted, django_capture_on_commit_callbacks
):
    dispute, _password = submitted
    centre = get_user_model().objects.get(username="centre")
    assert not OutboxMessage.objects.filter(address=PHONE, kind="portal_dispute_update").exists()
    with django_capture_on_commit_callbacks(execute=True):
        transition(dispute, "assess", user=centre)
    with django_capture_on_commit_callbacks(execute=True):
        transition(dispute, "start_mediation", user=centre)

    messages = list(OutboxMessage.objects.filter(address=PHONE, kind="portal_dispute_update").order_by("pk"))
    assert len(messages) == 2
    assert all(f"https://jf.linze.example/track/?code={dispute.code}" in m.body for m in messages)
    with translation.override(settings.LANGUAGE_CODE):  # SMS are written in the portal's language
        assert str(plain.STAGE["assessing"]) in messages[0].body
        assert str(plain.STAGE["mediating"]) in messages[1].body
    assert not OutboxMessage.objects.filter(address=OTHER_PHONE).exists()


def test_the_case_page_costs_the_same_queries_for_a_short_and_a_long_timeline(submitted, citizen):
    dispute, password = submitted
    log_in(citizen, dispute.code, password)
    citizen.get("/track/case/")
    with CaptureQueriesContext(connection) as short:
        citizen.get("/track/case/")
    for number in range(8):
        services.tracking_message_add(dispute_id=dispute.pk, text=f"第{number}条留言")
    with CaptureQueriesContext(connection) as long:
        page = visible(citizen.get("/track/case/"))
    assert "第7条留言" in page
    assert len(long) == len(short)


def test_a_party_without_the_password_tracks_with_the_phone_and_a_code(submitted, citizen):
    dispute, _password = submitted
    token, answer = challenge_answer(text(citizen.get("/track/phone/")))
    response = citizen.post(
        "/track/phone/", {"phone": PHONE, "challenge_token": token, "challenge_answer": answer}
    )
    assert response["Location"] == "/track/phone/code/"
    assert citizen.post("/track/phone/code/", {"code": sent_code(PHONE)})["Location"] == "/track/phone/code/"

    choose = citizen.get("/track/phone/code/")
    assert dispute.code in text(choose)
    assert citizen.post("/track/phone/code/", {"dispute": dispute.pk})["Location"] == "/track/case/"
    assert "Received: staff will look at your dispute shortly." in visible(citizen.get("/track/case/"))


def test_a_confirmed_phone_opens_only_its_own_disputes(submitted, citizen, linze):
    dispute, _password = submitted
    other, _other_password = services.submission_create(
        phone="13893677777",
        data={
            "title": "邻里排水纠纷",
            "description": "排水沟堵塞。",
            "category": Category.objects.get(code="neighbour"),
            "region": Region.objects.get(code="620723101201"),
        },
        applicant={"name": "吴大成"},
        respondent={"name": "郑小强"},
    )
    token, answer = challenge_answer(text(citizen.get("/track/phone/")))
    citizen.post("/track/phone/", {"phone": PHONE, "challenge_token": token, "challenge_answer": answer})
    citizen.post("/track/phone/code/", {"code": sent_code(PHONE)})

    choose = text(citizen.get("/track/phone/code/"))
    assert dispute.code in choose and other.code not in choose
    response = citizen.post("/track/phone/code/", {"dispute": other.pk})
    assert response.status_code == 200 and other.code not in text(response)
    assert citizen.get("/track/case/")["Location"] == "/track/"
