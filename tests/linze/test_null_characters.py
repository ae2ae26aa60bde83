"""A NUL character in a filter or a form field: PostgreSQL cannot compare or store it, so the page
answers 400 with the reason instead of failing with a 500 (the API answers its own JSON 400)."""

import pytest
from django.core.management import call_command

from agencies.choices import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client):
    call_command("load_linze", verbosity=0)
    client.force_login(MembershipFactory(body_code="county-centre", role=Role.CLERK).user)
    return client


def test_a_nul_in_a_filter_of_the_workbench_is_refused_with_the_reason(clerk):
    response = clerk.get("/workbench/", {"town": "\x00"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "holds a character (NUL) that cannot be processed" in response.content.decode()


def test_a_nul_in_a_posted_form_is_refused_and_the_page_without_it_still_works(clerk):
    refused = clerk.post("/track/", {"code": "LZ-2026-000001\x00", "password": "x"})
    served = clerk.get("/workbench/", {"town": ""})

    assert refused.status_code == 400
    assert served.status_code == 200


def test_the_api_keeps_its_own_json_answer(clerk):
    response = clerk.get("/api/v1/disputes/", {"town": "\x00"})

    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
