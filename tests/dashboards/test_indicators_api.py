"""The cockpit's figures as JSON: the same numbers as the page, the same limits, in the OpenAPI schema."""

import pytest

from tests.dashboards.test_cockpit import COUNTY, SHAHE, XINHUA, _leader, county  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("county")
def test_the_api_gives_the_cockpits_numbers(client, users):
    client.force_login(users["leader"])
    page = client.get("/dashboards/", {"period": "2026"})
    answer = client.get("/api/v1/indicators/", {"period": "2026"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["scope"]["region"] == COUNTY and body["previous_year"]["period"] == "2025"
    by_key = {row["key"]: row for row in body["indicators"]}
    for indicator, _previous in page.context["rows"]:
        assert by_key[indicator.key]["value"] == indicator.value, indicator.key
    funnel = client.get("/api/v1/indicators/funnel/", {"period": "2026"}).json()["steps"]
    assert sum(step["count"] for step in funnel[1:]) == funnel[0]["count"]
    towns = client.get("/api/v1/indicators/towns/", {"period": "2026"}).json()
    assert {row["region"] for row in towns["rows"]} >= {SHAHE, XINHUA}
    courtless = client.get("/api/v1/indicators/courtless/", {"period": "2026", "region": SHAHE}).json()
    assert courtless["rule_text"] and courtless["places"] == 18
    overdue = client.get("/api/v1/indicators/overdue/").json()
    assert [row["count"] for row in overdue["rows"]] == [1]


@pytest.mark.usefixtures("county")
def test_the_api_holds_callers_to_their_region(client, users):
    client.force_login(_leader(SHAHE))
    assert client.get("/api/v1/indicators/").json()["scope"]["region"] == SHAHE
    assert client.get("/api/v1/indicators/", {"region": XINHUA}).status_code == 403
    client.force_login(users["mediator_dongzhai"])
    assert client.get("/api/v1/indicators/").status_code == 403
    client.logout()
    assert client.get("/api/v1/indicators/").status_code in (401, 403)


@pytest.mark.usefixtures("county")
def test_bad_input_is_a_400_with_its_reason(client, users):
    client.force_login(users["leader"])
    answer = client.get("/api/v1/indicators/towns/", {"period": "2026-02-30"})
    assert answer.status_code == 400
    assert "2026-02-30" in str(answer.json())


def test_the_schema_documents_the_indicators(client, users):
    client.force_login(users["leader"])
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("indicators/", "indicators/funnel/", "indicators/towns/", "indicators/courtless/"):
        operation = schema["paths"][f"/api/v1/{path}"]["get"]
        assert {p["name"] for p in operation["parameters"]} >= {"period", "region"}


@pytest.mark.usefixtures("county")
def test_a_scope_parameter_with_a_nul_character_is_a_400(client, users):
    """Found by the schemathesis run: a NUL in a parameter reached PostgreSQL and was a 500."""
    client.force_login(users["leader"])
    for name in ("region", "period"):
        answer = client.get("/api/v1/indicators/", {name: "6207\x0023"}, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == 400, answer.content[:200]
        assert answer.json()[name] == ["Null characters are not allowed."]
