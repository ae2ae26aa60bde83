"""Who sees a suggestion: the issuer's staff, the receiving body's staff, the region's leaders; anyone
else gets 404 on every page of it, walked from the URL resolver."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from supervision.choices import SuggestionStatus
from supervision.models import Suggestion
from tests.supervision.helpers import draft, issued

pytestmark = pytest.mark.django_db


def _suggestion_routes() -> list[str]:
    resolver = next(r for r in get_resolver().url_patterns if getattr(r, "namespace", None) == "supervision")
    return [
        f"supervision:{p.name}"
        for p in resolver.url_patterns
        if isinstance(p, URLPattern) and "pk" in p.pattern.regex.groupindex
    ]


ROUTES = _suggestion_routes()
MATRIX = {
    "court_clerk": 200,  # the issuer
    "police_shahe": 200,  # the receiving body
    "leader": 200,  # the county's leaders
    "mediator_dongzhai": 404,
    "labour_dept": 404,
    "petitions": 404,
    "centre": 404,
    "grid_dongzhai": 404,
}


def test_the_walk_finds_every_suggestion_page():
    assert set(ROUTES) >= {
        "supervision:suggestion",
        "supervision:suggestion_issue",
        "supervision:suggestion_receive",
        "supervision:suggestion_reply",
        "supervision:suggestion_close",
    }


@pytest.mark.parametrize("username,expected", MATRIX.items())
def test_each_role_sees_a_sent_suggestion_or_gets_404_on_every_page(linze, users, client, username, expected):
    suggestion = issued(users["court_clerk"])
    client.force_login(users[username])
    for name in ROUTES:
        url = reverse(name, kwargs={"pk": suggestion.pk})
        get, post = client.get(url), client.post(url)
        if expected == 404:
            assert get.status_code in (404, 405) and post.status_code == 404, (name, username)
        elif name == "supervision:suggestion":
            assert get.status_code == 200, (name, username)
    assert (
        Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.ISSUED
        or username == "police_shahe"
    )


def test_the_leader_reads_but_cannot_act_and_nobody_but_the_issuer_sees_a_draft(linze, users, client):
    suggestion = issued(users["court_clerk"])
    client.force_login(users["leader"])
    client.post(reverse("supervision:suggestion_receive", kwargs={"pk": suggestion.pk}))
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.ISSUED

    still_draft = draft(users["court_clerk"], title="草稿")
    for username in ("police_shahe", "leader"):
        client.force_login(users[username])
        assert client.get(reverse("supervision:suggestion", kwargs={"pk": still_draft.pk})).status_code == 404
    client.force_login(users["court_clerk"])
    assert client.get(reverse("supervision:suggestion", kwargs={"pk": still_draft.pk})).status_code == 200


def test_a_list_reads_as_many_queries_for_2_and_20_suggestions(linze, users, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["police_shahe"])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/supervision/?tab=inbox").status_code == 200
        return len(captured.captured_queries)

    for _ in range(2):
        issued(users["court_clerk"])
    few = count()
    for _ in range(18):
        issued(users["court_clerk"])
    assert count() == few
