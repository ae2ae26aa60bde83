"""Signing in is protected: lock-out after repeated failures (page and API token), every access recorded,
sessions that end when idle or old, and a password policy fit for a government system."""

import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from linze.sessions import SEEN, STARTED
from tests.factories import SuperUserFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN, TOKEN, LOGOUT = "/accounts/login/", "/api/v1/auth/token/", "/accounts/logout/"
PASSWORD = "linze-test"  # tests/factories.py
LIMIT = 5  # the default of LOGIN_FAILURE_LIMIT; the tests read it from the real settings below
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_tests_run_with_the_real_default_limit():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20


def page_login(client, username, password, address="10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **ENGLISH)


def token_login(client, username, password, address="10.1.2.3"):
    return client.post(TOKEN, {"username": username, "password": password}, REMOTE_ADDR=address, **ENGLISH)


def test_login_page_locks_the_account_after_the_limit_and_records_every_failure(client):
    user = UserFactory()
    for attempt in range(1, LIMIT):
        response = page_login(client, user.username, "wrong-password")
        assert response.status_code == 200, attempt
        assert "The username or password is not correct" in response.content.decode()

    locking = page_login(client, user.username, "wrong-password")
    assert locking.status_code == 429
    # The right password no longer opens the account, and the page says why.
    response = page_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-ins" in html and "locked for 30 minutes" in html
    assert "ask an administrator to unlock it" in html
    assert f'value="{user.username}"' in html
    assert "_auth_user_id" not in client.session

    failures = AccessFailureLog.objects.filter(username=user.username).order_by("attempt_time", "id")
    assert failures.count() == LIMIT + 1
    assert {row.ip_address for row in failures} == {"10.1.2.3"}
    assert [row.locked_out for row in failures][: LIMIT - 1] == [False] * (LIMIT - 1)
    assert failures[LIMIT - 1].locked_out, "the failure that locked is marked"
    assert all(row.path_info == LOGIN for row in failures)
    assert not AccessLog.objects.filter(username=user.username).exists()


def test_the_lock_holds_from_another_address_and_an_administrator_unlocks_it(client):
    user = UserFactory()
    for _ in range(LIMIT):
        page_login(client, user.username, "wrong-password")

    assert page_login(client, user.username, PASSWORD, address="10.9.9.9").status_code == 429

    # The administrator's unlock: deleting the account's attempts in the admin (axes' AccessAttempt).
    admin = SuperUserFactory()
    client.force_login(admin)
    attempts = list(AccessAttempt.objects.filter(username=user.username).values_list("pk", flat=True))
    assert len(attempts) == 2, "one per address it was tried from"
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    client.logout()

    response = page_login(client, user.username, PASSWORD, address="10.9.9.9")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_address_trying_many_accounts_is_locked_at_its_own_limit(client):
    users = UserFactory.create_batch(5)
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        user = users[number % len(users)]  # four failures per account: none of them locks an account
        assert page_login(client, user.username, "wrong", address="10.5.5.5").status_code == 200, number

    assert page_login(client, "someone-else", "wrong", address="10.5.5.5").status_code == 429
    fresh = UserFactory()
    assert page_login(client, fresh.username, PASSWORD, address="10.5.5.5").status_code == 429
    # The same account signs in from another address.
    assert page_login(client, fresh.username, PASSWORD, address="10.6.6.6").status_code == 302


def test_a_successful_sign_in_starts_the_count_again(client):
    user = UserFactory()
    for _ in range(LIMIT - 1):
        page_login(client, user.username, "wrong-password")
    assert page_login(client, user.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(LIMIT - 1):
        assert page_login(client, user.username, "wrong-password").status_code == 200


def test_token_endpoint_locks_after_the_limit_with_429_and_the_audit_rows(client):
    user = UserFactory()
    for attempt in range(1, LIMIT):
        response = token_login(client, user.username, "wrong-password")
        assert response.status_code == 400, attempt

    assert token_login(client, user.username, "wrong-password").status_code == 429
    response = token_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "Too many failed sign-ins" in response.json()["detail"]
    assert "token" not in response.json()

    failures = AccessFailureLog.objects.filter(username=user.username)
    assert failures.count() == LIMIT + 1
    assert {row.path_info for row in failures} == {TOKEN}
    assert failures.filter(locked_out=True).exists()
    # The page is locked too: it is the account that is locked, whichever door it was tried at.
    assert page_login(client, user.username, PASSWORD).status_code == 429


def test_token_sign_in_is_recorded_like_a_page_sign_in(client):
    user = UserFactory()

    response = token_login(client, user.username, PASSWORD, address="10.7.7.7")

    assert response.status_code == 200 and response.json()["token"]
    access = AccessLog.objects.get(username=user.username)
    assert (access.ip_address, access.path_info) == ("10.7.7.7", TOKEN)


def test_login_and_logout_are_recorded_with_who_when_and_where(client):
    user = UserFactory()
    before = time.time()

    assert page_login(client, user.username, PASSWORD, address="10.3.3.3").status_code == 302
    client.post(LOGOUT, REMOTE_ADDR="10.3.3.3")

    access = AccessLog.objects.get(username=user.username)
    assert access.ip_address == "10.3.3.3"
    assert access.attempt_time.timestamp() >= before - 1
    assert access.logout_time is not None and access.logout_time >= access.attempt_time


def test_the_administrator_reads_the_records_in_the_admin(client):
    user = UserFactory()
    page_login(client, user.username, "wrong-password")
    client.force_login(SuperUserFactory())

    for page in ("accessattempt", "accessfailurelog", "accesslog"):
        response = client.get(f"/admin/axes/{page}/", **ENGLISH)
        assert response.status_code == 200, page
    assert user.username in client.get("/admin/axes/accessfailurelog/").content.decode()


# --- Sessions --------------------------------------------------------------------------------


def age_session(client, *, idle: float = 0, since_login: float = 0) -> None:
    session = client.session
    now = int(time.time())
    session[SEEN] = now - int(idle)
    session[STARTED] = now - int(since_login)
    session.save()


def test_a_session_ends_after_thirty_minutes_without_a_request(client):
    assert settings.SESSION_IDLE_TIMEOUT.total_seconds() == 30 * 60
    user = UserFactory()
    assert page_login(client, user.username, PASSWORD).status_code == 302
    assert client.get("/home/").status_code in (200, 302, 403)
    age_session(client, idle=29 * 60, since_login=29 * 60)
    assert "_auth_user_id" in client.session
    client.get("/notifications/", **ENGLISH)
    assert "_auth_user_id" in client.session, "29 idle minutes: still signed in"

    age_session(client, idle=31 * 60, since_login=60 * 60)
    response = client.get("/notifications/", follow=True, **ENGLISH)

    assert response.redirect_chain[0][0].startswith(f"{LOGIN}?next=/notifications/")
    assert "_auth_user_id" not in client.session
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert AccessLog.objects.get(username=user.username).logout_time is not None


@pytest.mark.session_clock
def test_a_request_after_a_minute_restarts_the_idle_clock(client):
    user = UserFactory()
    page_login(client, user.username, PASSWORD)
    age_session(client, idle=29 * 60, since_login=29 * 60)

    client.get("/notifications/", **ENGLISH)

    assert int(time.time()) - client.session[SEEN] < 60, "the request counts as activity"
    assert int(time.time()) - client.session[STARTED] >= 29 * 60, "the absolute lifetime runs on"


def test_a_busy_session_still_ends_at_its_absolute_lifetime(client):
    user = UserFactory()
    page_login(client, user.username, PASSWORD)
    lifetime = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()

    age_session(client, idle=10, since_login=lifetime + 60)
    response = client.get("/notifications/", follow=True, **ENGLISH)

    assert "_auth_user_id" not in client.session
    assert "Your session reached its limit" in response.content.decode()
    assert lifetime == settings.SESSION_COOKIE_AGE


def test_an_htmx_request_of_an_idle_session_sends_the_browser_to_the_login_page(client):
    user = UserFactory()
    page_login(client, user.username, PASSWORD)
    age_session(client, idle=31 * 60)

    response = client.get("/notifications/", HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(f"{LOGIN}?next=")


# --- Password policy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-pw1", "too short"),
        ("password123", "too common"),
        ("8471930265", "entirely numeric"),
        ("wangxiaoming88", "too similar"),
    ],
)
def test_the_password_policy_refuses_weak_passwords(password, reason):
    user = UserFactory.build(username="wangxiaoming88", first_name="", last_name="")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, user)
    assert any(reason in message for message in refused.value.messages), refused.value.messages


def test_the_demo_and_test_passwords_meet_the_policy():
    user = UserFactory.build(username="mediator_dongzhai")
    password_validation.validate_password(settings.DEMO_PASSWORD, user)
    password_validation.validate_password(PASSWORD, user)


@override_settings(PASSWORD_CHANGE_PROMPT=True)
def test_with_the_prompt_on_a_demo_password_is_sent_to_be_changed(client, settings):
    user = UserFactory(password=settings.DEMO_PASSWORD)

    response = page_login(client, user.username, settings.DEMO_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/"
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(PASSWORD_CHANGE_PROMPT=True)
def test_with_the_prompt_on_a_good_password_lands_as_usual(client):
    user = UserFactory(password="a-much-better-pass-2026")

    response = page_login(client, user.username, "a-much-better-pass-2026")

    assert response["Location"] == settings.LOGIN_REDIRECT_URL or response["Location"] == "/home/"
