"""A suggestion 司法建议 from issue to reply, and overdue by the sweep when it is not replied to in time."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from agencies.choices import Role
from notifications.models import Notification
from supervision import services
from supervision.choices import SuggestionStatus
from supervision.deadlines import add_months
from supervision.models import Suggestion, SuggestionEvent, SuggestionPolicy
from supervision.sweep import supervision_sweep_run
from tests.factories import dispute_in_state, staff
from tests.supervision.helpers import draft, issued

pytestmark = pytest.mark.django_db


def test_a_suggestion_goes_from_issue_to_reply_and_is_closed(
    linze, users, django_capture_on_commit_callbacks
):
    court, police = users["court_clerk"], users["police_shahe"]
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = issued(court)
    assert suggestion.status == SuggestionStatus.ISSUED and suggestion.kind == "judicial"
    # Two months by default (the shipped policy).
    assert suggestion.due_at == add_months(suggestion.issued_at, 2)
    assert Notification.objects.filter(recipient=police, kind="suggestion_arrived").exists()

    services.suggestion_receive(suggestion_id=suggestion.pk, user=police)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_reply(
            suggestion_id=suggestion.pk, user=police, reply="已建立调解台账，专人负责。"
        )
    assert Notification.objects.filter(recipient=court, kind="suggestion_replied").exists()
    closed = services.suggestion_close(suggestion_id=suggestion.pk, user=court)

    assert closed.status == SuggestionStatus.CLOSED and closed.reply == "已建立调解台账，专人负责。"
    steps = list(SuggestionEvent.objects.filter(suggestion=suggestion).values_list("action", "to_status"))
    assert steps == [
        ("draft", "drafted"),
        ("issue", "issued"),
        ("receive", "received"),
        ("reply_to", "replied"),
        ("close", "closed"),
    ]


def test_a_reply_without_measures_and_a_step_by_the_wrong_body_are_refused_with_a_reason(linze, users):
    from linze.exceptions import Conflict, NotPermitted

    suggestion = issued(users["court_clerk"])
    with translation.override("en"), pytest.raises(Conflict, match="measures"):
        services.suggestion_reply(suggestion_id=suggestion.pk, user=users["police_shahe"], reply="  ")
    with pytest.raises(NotPermitted):
        services.suggestion_receive(suggestion_id=suggestion.pk, user=users["court_clerk"])
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.ISSUED


def test_the_sweep_marks_an_unanswered_suggestion_overdue_once_and_tells_issuer_and_head(
    linze, users, django_capture_on_commit_callbacks
):
    head = staff("shahe-police", Role.HEAD)
    SuggestionPolicy.objects.filter(kind="judicial").update(reply_months=1, reply_days=3)
    suggestion = issued(users["court_clerk"])
    assert suggestion.due_at == add_months(suggestion.issued_at, 1) + timedelta(days=3)
    replied_in_time = issued(users["court_clerk"], title="另一份建议")
    services.suggestion_reply(suggestion_id=replied_in_time.pk, user=users["police_shahe"], reply="已整改。")

    assert supervision_sweep_run(now=timezone.now())["suggestions_overdue"] == 0
    later = suggestion.due_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert supervision_sweep_run(now=later)["suggestions_overdue"] == 1
    assert supervision_sweep_run(now=later)["suggestions_overdue"] == 0

    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OVERDUE
    assert Suggestion.objects.get(pk=replied_in_time.pk).status == SuggestionStatus.REPLIED
    told = set(
        Notification.objects.filter(kind="suggestion_overdue").values_list("recipient__username", flat=True)
    )
    assert told == {"court_clerk", head.username}
    overdue_event = SuggestionEvent.objects.get(suggestion=suggestion, action="mark_overdue")
    assert overdue_event.actor is None and overdue_event.payload["automatic"]
    # A late reply is still taken.
    late = services.suggestion_reply(
        suggestion_id=suggestion.pk, user=users["police_shahe"], reply="迟复：已整改。"
    )
    assert late.status == SuggestionStatus.REPLIED


def test_the_pages_take_the_suggestion_from_draft_to_reply(linze, users, client):
    client.force_login(users["court_clerk"])
    with translation.override("en"):
        response = client.post(
            "/supervision/suggestions/new/",
            {
                "issuer": users["court_clerk"].memberships.get().body_id,
                "recipient": users["police_shahe"].memberships.get().body_id,
                "title": "调解台账",
                "problem": "台账不全",
                "suggestion": "补齐台账",
                "dispute_codes": "",
            },
        )
    suggestion = Suggestion.objects.get(title="调解台账")
    assert response.status_code == 302 and suggestion.status == SuggestionStatus.DRAFTED
    client.post(f"/supervision/suggestions/{suggestion.pk}/issue/")
    client.force_login(users["police_shahe"])
    inbox = client.get("/supervision/?tab=inbox")
    assert "调解台账" in inbox.content.decode()
    client.post(f"/supervision/suggestions/{suggestion.pk}/reply/", {"reply": ""})
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.ISSUED  # refused: no measures
    client.post(f"/supervision/suggestions/{suggestion.pk}/reply/", {"reply": "已补齐"})
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.REPLIED
    client.force_login(users["court_clerk"])
    page = client.get(f"/supervision/suggestions/{suggestion.pk}/")
    assert "已补齐" in page.content.decode()


def test_cited_disputes_are_linked_only_for_viewers_who_may_open_them(linze, users, client):
    court = users["court_clerk"]
    dispute = dispute_in_state("court_referred")  # the court sees it; the police station does not
    suggestion = issued(court, disputes=[dispute])
    client.force_login(court)
    assert dispute.code in client.get(f"/supervision/suggestions/{suggestion.pk}/").content.decode()
    client.force_login(users["police_shahe"])
    with translation.override("en"):
        page = client.get(f"/supervision/suggestions/{suggestion.pk}/", headers={"accept-language": "en"})
    assert page.status_code == 200
    assert dispute.code not in page.content.decode()
    assert "1 dispute you may not open" in page.content.decode()


def test_a_dispute_the_issuer_may_not_open_cannot_be_cited(linze, users):
    from django.core.exceptions import ValidationError

    hidden = dispute_in_state("reported", region_code="620723102201")  # held in 新华镇, not by the court
    with pytest.raises(ValidationError):
        draft(users["court_clerk"], disputes=[hidden])


def test_a_reply_carries_documents_that_only_those_who_see_the_suggestion_download(
    linze, users, client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    suggestion = issued(users["court_clerk"])
    client.force_login(users["police_shahe"])
    refused = client.post(
        f"/supervision/suggestions/{suggestion.pk}/reply/",
        {"reply": "已整改", "documents": [SimpleUploadedFile("整改.exe", b"MZ")]},
        follow=True,
        headers={"accept-language": "en"},
    )
    assert "cannot be attached" in refused.content.decode()
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.ISSUED
    client.post(
        f"/supervision/suggestions/{suggestion.pk}/reply/",
        {
            "reply": "已整改",
            "documents": [SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4", "application/pdf")],
        },
    )
    document = Suggestion.objects.get(pk=suggestion.pk).documents.get()
    for username, expected in [("court_clerk", 200), ("leader", 200), ("labour_dept", 404)]:
        client.force_login(users[username])
        response = client.get(f"/supervision/documents/{document.pk}/")
        assert response.status_code == expected, username
        if expected == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4"
