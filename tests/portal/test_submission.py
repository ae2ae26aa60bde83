"""Online submission: the phone confirmed by a one-time code, a challenge, rate limits, photo limits, and
the dispute in the county centre's intake queue with channel online."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from agencies.models import Region
from disputes.models import Category, Dispute
from notifications.models import Notification, OutboxMessage
from portal.models import OnlineSubmission
from tests.portal.conftest import challenge_answer, sent_code, text

pytestmark = pytest.mark.django_db

PHONE = "13893611111"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def details(**overrides) -> dict:
    data = {
        "name": "赵春生",
        "other_name": "钱老板",
        "other_phone": "13893622222",
        "region": Region.objects.get(code="620723101201").pk,
        "category": Category.objects.get(code="labour").pk,
        "title": "大棚务工工资未付",
        "description": "在钱老板的大棚干了六个月活，工资一万二千元一直没给。",
        "wish": "结清工资",
        "amount": "12000",
    }
    data.update(overrides)
    return data


def confirm_phone(client, phone: str = PHONE):
    token, answer = challenge_answer(text(client.get("/submit/")))
    response = client.post("/submit/", {"phone": phone, "challenge_token": token, "challenge_answer": answer})
    assert response.status_code == 302 and response["Location"] == "/submit/code/", text(response)
    response = client.post("/submit/code/", {"code": sent_code(phone)})
    assert response["Location"] == "/submit/details/"


def test_a_citizen_submits_a_dispute_into_the_centres_intake_queue(
    linze, citizen, django_capture_on_commit_callbacks
):
    confirm_phone(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(
            "/submit/details/", {**details(), "photos": [SimpleUploadedFile("现场.jpg", JPEG, "image/jpeg")]}
        )
    assert response["Location"] == "/submit/done/"

    dispute = Dispute.objects.get()
    assert (dispute.channel, dispute.holder.code, dispute.status) == ("online", "county-centre", "reported")
    assert [(p.role, p.name, p.phone) for p in dispute.parties.all()] == [
        ("applicant", "赵春生", PHONE),
        ("respondent", "钱老板", "13893622222"),
    ]
    assert "结清工资" in dispute.description
    assert dispute.attachments.get().name == "现场.jpg"
    # The centre's staff are told.
    assert Notification.objects.filter(dispute=dispute, recipient__username="centre").exists()
    receipt = text(citizen.get("/submit/done/"))
    assert dispute.code in receipt
    password = receipt.split('data-testid="receipt-password">')[1].split("<")[0]
    assert len(password) == 8
    submission = OnlineSubmission.objects.get(dispute=dispute)
    assert submission.phone == PHONE and password not in submission.password_hash


def test_the_code_is_sent_by_sms_through_the_outbox(linze, citizen):
    token, answer = challenge_answer(text(citizen.get("/submit/")))
    citizen.post("/submit/", {"phone": PHONE, "challenge_token": token, "challenge_answer": answer})

    message = OutboxMessage.objects.get(address=PHONE)
    assert message.channel == "sms" and message.status == "pending"
    assert sent_code(PHONE) in message.body


def test_a_wrong_answer_to_the_challenge_sends_nothing_and_keeps_the_number(linze, citizen):
    token, answer = challenge_answer(text(citizen.get("/submit/")))
    response = citizen.post(
        "/submit/", {"phone": PHONE, "challenge_token": token, "challenge_answer": str(int(answer) + 1)}
    )
    html = text(response)
    assert "That is not the right answer" in html
    assert f'value="{PHONE}"' in html
    assert not OutboxMessage.objects.exists()


def test_a_challenge_is_answered_once(linze, citizen):
    token, answer = challenge_answer(text(citizen.get("/submit/")))
    citizen.post("/submit/", {"phone": PHONE, "challenge_token": token, "challenge_answer": answer})
    again = citizen.post(
        "/submit/", {"phone": "13893633333", "challenge_token": token, "challenge_answer": answer}
    )
    assert "answered already" in text(again)
    assert OutboxMessage.objects.count() == 1


def test_a_wrong_code_is_refused_and_the_details_stay_locked(linze, citizen):
    token, answer = challenge_answer(text(citizen.get("/submit/")))
    citizen.post("/submit/", {"phone": PHONE, "challenge_token": token, "challenge_answer": answer})
    wrong = "000000" if sent_code(PHONE) != "000000" else "111111"
    assert "The code is not right" in text(citizen.post("/submit/code/", {"code": wrong}))
    assert citizen.get("/submit/details/")["Location"] == "/submit/"


@override_settings(PORTAL_CODE_PER_PHONE=(2, 3600))
def test_codes_to_one_phone_are_rate_limited(linze, citizen):
    for _attempt in range(3):
        token, answer = challenge_answer(text(citizen.get("/submit/")))
        response = citizen.post(
            "/submit/", {"phone": PHONE, "challenge_token": token, "challenge_answer": answer}
        )
    assert "Too many codes were asked for" in text(response)
    assert OutboxMessage.objects.filter(address=PHONE).count() == 2


@override_settings(PORTAL_SUBMIT_PER_IP=(1, 3600))
def test_submissions_from_one_address_are_rate_limited(linze, citizen):
    confirm_phone(citizen)
    assert citizen.post("/submit/details/", details())["Location"] == "/submit/done/"
    confirm_phone(citizen, "13893644444")

    response = citizen.post("/submit/details/", details(title="第二次提交"))
    html = text(response)
    assert response.status_code == 200
    assert "Too many disputes were submitted from this connection" in html
    assert "第二次提交" in html  # nothing typed is lost
    assert Dispute.objects.count() == 1


@override_settings(PORTAL_SUBMIT_PER_PHONE=(1, 86400))
def test_submissions_with_one_phone_are_rate_limited(linze, citizen):
    confirm_phone(citizen)
    citizen.post("/submit/details/", details())
    confirm_phone(citizen)
    assert "with this phone number today" in text(citizen.post("/submit/details/", details()))
    assert Dispute.objects.count() == 1


def test_an_error_is_explained_and_nothing_typed_is_lost(linze, citizen):
    confirm_phone(citizen)
    html = text(citizen.post("/submit/details/", details(title="", other_phone="12345")))
    assert "Say in a few words what the dispute is." in html
    assert "在钱老板的大棚干了六个月活" in html
    assert 'value="钱老板"' in html
    assert not Dispute.objects.exists()


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("合同.pdf", b"%PDF-1.4", "application/pdf"), "is not a photo"),
        (SimpleUploadedFile("假照片.jpg", b"GIF89a....", "image/jpeg"), "is not a JPEG or PNG picture"),
        (SimpleUploadedFile("大照片.jpg", JPEG + b"\x00" * (5 * 1024 * 1024), "image/jpeg"), "at most 5 MB"),
    ],
)
def test_photos_are_limited_in_type_and_size(linze, citizen, upload, message):
    confirm_phone(citizen)
    html = text(citizen.post("/submit/details/", {**details(), "photos": [upload]}))
    assert message in html
    assert "choose your photos again" in html
    assert not Dispute.objects.exists()


@override_settings(PORTAL_PHOTO_MAX_COUNT=2)
def test_at_most_a_few_photos(linze, citizen):
    confirm_phone(citizen)
    photos = [SimpleUploadedFile(f"{i}.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, "image/png") for i in range(3)]
    assert "Send at most 2 photos." in text(citizen.post("/submit/details/", {**details(), "photos": photos}))


def test_the_details_need_a_confirmed_phone(linze, citizen):
    response = citizen.post("/submit/details/", details())
    assert response["Location"] == "/submit/"
    assert not Dispute.objects.exists()
