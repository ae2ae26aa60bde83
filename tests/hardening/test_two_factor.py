"""Two-factor sign-in: a superuser cannot reach anything past the password until an authenticator is set
up and its code entered; everyone else may turn it on; the API token endpoint asks for the code too."""

import re
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import SuperUserFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

LOGIN, SETUP, VERIFY, TOKEN = (
    "/accounts/login/",
    "/accounts/two-factor/setup/",
    "/accounts/two-factor/",
    "/api/v1/auth/token/",
)
PASSWORD = "linze-test"
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
required = override_settings(TWO_FACTOR_REQUIRED_FOR_SUPERUSERS=True)


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the phone shows now (or a step later: a code once used is not accepted twice)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wait_out_the_throttle(device: TOTPDevice) -> None:
    """After a wrong code the next try waits (1 s, doubling with each failure): as if that time passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )


def sign_in(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD}, **ENGLISH)


def test_the_requirement_is_on_outside_the_tests(settings):
    from linze.settings import base

    assert base.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS is True


@required
def test_a_superuser_must_set_up_an_authenticator_before_anything_else(client):
    admin = SuperUserFactory()
    assert sign_in(client, admin).status_code == 302

    for page in ("/admin/", "/home/", "/workbench/"):
        response = client.get(page, **ENGLISH)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{SETUP}?next="), page
    assert client.get("/api/v1/disputes/", **ENGLISH).status_code == 403

    html = client.get(f"{SETUP}?next=/admin/", **ENGLISH).content.decode()
    assert "Administrators must sign in with a second factor" in html
    assert "<svg" in html and re.search(r'data-testid="two-factor-key">[A-Z2-7 ]{20,}<', html)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)

    wrong = client.post(SETUP, {"code": "000000", "next": "/admin/"}, **ENGLISH)
    assert "The code is not correct" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    wait_out_the_throttle(device)

    response = client.post(SETUP, {"code": code(device), "next": "/admin/"}, **ENGLISH)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/", **ENGLISH).status_code == 200
    assert TOTPDevice.objects.get(user=admin).confirmed


@required
def test_at_the_next_sign_in_the_superuser_enters_the_code(client):
    admin = SuperUserFactory()
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)

    sign_in(client, admin)
    response = client.get("/admin/", **ENGLISH)
    assert response["Location"].startswith(f"{VERIFY}?next=")

    wrong = client.post(VERIFY, {"code": "123456", "next": "/admin/"}, **ENGLISH)
    assert wrong.status_code == 200
    assert "The code is not correct or has expired" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    too_soon = client.post(VERIFY, {"code": code(device), "next": "/admin/"}, **ENGLISH)
    assert "Too many wrong codes: wait a minute" in too_soon.content.decode()
    wait_out_the_throttle(device)

    right = client.post(VERIFY, {"code": code(device), "next": "/admin/"}, **ENGLISH)
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/", **ENGLISH).status_code == 200


@required
def test_a_superuser_gets_an_api_token_only_with_the_code(client):
    admin = SuperUserFactory()
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)

    without = client.post(TOKEN, {"username": admin.username, "password": PASSWORD}, **ENGLISH)
    assert without.status_code == 400 and without.json()["code"] == "two_factor_required"
    assert "token" not in without.json()

    given = client.post(TOKEN, {"username": admin.username, "password": PASSWORD, "otp": code(device)})
    assert given.status_code == 200 and given.json()["token"]


@required
def test_a_superuser_may_not_turn_it_off(client):
    admin = SuperUserFactory()
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(client, admin)
    client.post(VERIFY, {"code": code(device)})

    response = client.post("/accounts/two-factor/off/", follow=True, **ENGLISH)

    assert "Administrators must keep two-factor sign-in on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_anyone_may_turn_it_on_and_is_then_asked_for_the_code(client):
    user = UserFactory()
    assert sign_in(client, user)["Location"] == "/home/"
    assert client.get("/notifications/").status_code == 200, "not asked while it is off"

    client.get(SETUP, **ENGLISH)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(SETUP, {"code": code(device)})
    assert TOTPDevice.objects.get(user=user).confirmed
    client.post("/accounts/logout/")

    sign_in(client, user)
    assert client.get("/notifications/")["Location"].startswith(f"{VERIFY}?next=")
    client.post(VERIFY, {"code": code(device, steps_ahead=1)})
    assert client.get("/notifications/").status_code == 200

    off = client.post("/accounts/two-factor/off/", follow=True, **ENGLISH)
    assert "Two-factor sign-in is off" in off.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
