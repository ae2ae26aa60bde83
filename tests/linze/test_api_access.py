"""Who reaches the administrator's site, the API schema and the browsable API, and what the schema says."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import clear_url_caches, reverse
from rest_framework.test import APIClient

import linze.urls
from demo.accounts import demo_accounts_create

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def users():
    call_command("load_linze", verbosity=0)
    return {user.username: user for user in demo_accounts_create()}


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def schema_of(users) -> dict:
    response = signed_in(users["centre"]).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


# -- the administrator's site under its own path ----------------------------------------------------------


@pytest.fixture
def admin_at(settings):
    """Moves the administrator's site to another path, as ADMIN_PATH does at start-up."""
    default = django_settings.ADMIN_URL_PATH

    def move(path: str) -> None:
        settings.ADMIN_URL_PATH = path
        importlib.reload(linze.urls)
        clear_url_caches()

    yield move
    settings.ADMIN_URL_PATH = default
    importlib.reload(linze.urls)
    clear_url_caches()


def test_the_admin_answers_at_its_configured_path_and_not_at_admin(admin_at, users, client):
    admin_at("office-7f3c/")

    assert reverse("admin:index") == "/office-7f3c/"
    anonymous = client.get("/office-7f3c/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/office-7f3c/login/")
    assert client.get("/admin/").status_code == 404
    client.force_login(users["centre"])  # staff only: a clerk is sent to the admin's login
    assert client.get("/office-7f3c/").status_code == 302
    client.force_login(users["admin"])
    assert client.get("/office-7f3c/").status_code == 200
    assert client.get("/office-7f3c/disputes/category/").status_code == 200
    assert client.get("/admin/").status_code == 404


def test_the_admin_path_comes_from_the_environment():
    read = "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_URL_PATH)"
    for value, expected in [("/back-office/", "back-office/"), ("desk-42", "desk-42/"), ("", "admin/")]:
        environment = {**os.environ, "ADMIN_PATH": value, "DJANGO_SETTINGS_MODULE": "linze.settings.test"}
        answer = subprocess.run(
            [sys.executable, "-c", read],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        assert answer.stdout.strip() == expected, (value, answer.stderr)


# -- the schema and the browsable API are for signed-in users -------------------------------------------


def test_the_schema_is_refused_to_anonymous_callers_and_served_to_signed_in_ones(users):
    for query in ({}, {"format": "json"}):
        refused = APIClient().get("/api/v1/schema/", query)
        assert refused.status_code in (401, 403)
        assert b"/api/v1/disputes/" not in refused.content
    assert "/api/v1/disputes/" in schema_of(users)["paths"]
    token = APIClient().post("/api/v1/auth/token/", {"username": "centre", "password": "linze-demo-2026"})
    with_token = APIClient(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert with_token.get("/api/v1/schema/", {"format": "json"}).status_code == 200


def test_the_browsable_api_is_for_signed_in_users(users):
    for path in ("/api/v1/disputes/", "/api/v1/auth/token/"):
        anonymous = APIClient().get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
        assert anonymous["Content-Type"] == "application/json", path
        assert b"<html" not in anonymous.content
    refused = APIClient().get("/api/v1/disputes/", HTTP_ACCEPT="text/html")
    assert refused.status_code in (401, 403, 406) and b"<html" not in refused.content

    page = signed_in(users["centre"]).get("/api/v1/disputes/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")


def test_a_bad_token_is_refused_in_json_even_when_html_is_asked_for(users):
    client = APIClient(HTTP_AUTHORIZATION="Token not-a-token")
    answer = client.get("/api/v1/disputes/", HTTP_ACCEPT="text/html,*/*")
    assert answer.status_code in (401, 403)
    assert answer["Content-Type"] == "application/json" and answer.json()["detail"]


# -- the schema is true ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "item"), [("/api/v1/disputes/", "DisputeList"), ("/api/v1/referrals/", "Referral")]
)
def test_the_lists_are_described_as_pages(users, path, item):
    schema = schema_of(users)
    answer = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][answer["$ref"].rsplit("/", 1)[1]]

    assert page["type"] == "object"
    assert set(page["required"]) == {"next", "previous", "results"}
    assert page["properties"]["results"] == {
        "type": "array",
        "items": {"$ref": f"#/components/schemas/{item}"},
    }
    assert page["properties"]["next"]["nullable"] and page["properties"]["previous"]["nullable"]
    assert page["properties"]["count"]["type"] == "integer"
    assert page["properties"]["count_capped"]["type"] == "boolean"
    names = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
    assert {"cursor", "page_size", "count"} <= names


def test_a_page_as_returned_has_the_described_keys(users):
    client = signed_in(users["centre"])
    assert set(client.get("/api/v1/disputes/").json()) == {"next", "previous", "results"}
    counted = client.get("/api/v1/disputes/", {"count": "true"}).json()
    assert set(counted) == {"next", "previous", "results", "count", "count_capped"}


def test_every_operation_describes_its_refusals_with_their_bodies(users):
    schema = schema_of(users)
    operations = {
        f"{method.upper()} {path}": operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    expected = {
        "GET /api/v1/disputes/": {"400", "403", "404"},
        "POST /api/v1/disputes/": {"400", "403", "415"},
        "GET /api/v1/disputes/{code}/": {"403", "404"},
        "POST /api/v1/disputes/{code}/transitions/{name}/": {"400", "403", "404", "409", "415"},
        "POST /api/v1/disputes/{code}/sessions/": {"400", "403", "404", "409", "415"},
        "POST /api/v1/disputes/{code}/attachments/": {"400", "403", "404", "415"},
        "POST /api/v1/referrals/{id}/accept/": {"403", "404", "409"},
        "POST /api/v1/referrals/{id}/return/": {"400", "403", "404", "409", "415"},
        "GET /api/v1/indicators/": {"400", "403", "404"},
        "POST /api/v1/auth/token/": {"400", "403", "415"},
    }
    for label, codes in expected.items():
        assert {code for code in operations[label]["responses"] if code.startswith("4")} == codes, label
    for label, operation in operations.items():
        for code, answer in operation["responses"].items():
            if code.startswith("4"):
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref in ("#/components/schemas/Error", "#/components/schemas/ValidationError"), label
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"] and set(error["properties"]) == {"detail", "code"}


def test_the_created_records_are_described_with_their_bodies(users):
    schema = schema_of(users)
    for path in ("sessions", "agreements", "follow-ups", "attachments"):
        created = schema["paths"][f"/api/v1/disputes/{{code}}/{path}/"]["post"]["responses"]["201"]
        ref = created["content"]["application/json"]["schema"]["$ref"]
        assert "id" in schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"], path


def test_an_address_of_no_endpoint_answers_the_api_404_in_json(users):
    """Found by the schemathesis run: a negative referral id matched no pattern and got the site's HTML."""
    client = signed_in(users["centre"])
    for method, path in [("post", "/api/v1/referrals/-5/accept/"), ("get", "/api/v1/no-such-thing/")]:
        answer = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == 404 and answer["Content-Type"] == "application/json", path
        assert answer.json() == {"detail": "Not found."}
    assert APIClient().get("/api/v1/no-such-thing/").status_code in (401, 403)
