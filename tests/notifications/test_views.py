"""The bell and the notifications page: counts, reading, marking read, one's own notifications only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.choices import NotificationKind
from notifications.models import Notification
from tests.factories import register_dispute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def give(user, count: int, *, dispute=None) -> list[Notification]:
    dispute = dispute or register_dispute(user=None)
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=NotificationKind.INBOX_ARRIVAL,
                params={
                    "code": dispute.code,
                    "title": dispute.title,
                    "action": "register",
                    "channel": "online",
                },
                dispute=dispute,
            )
            for _ in range(count)
        ]
    )


def badge(html: str) -> str | None:
    match = re.search(r'data-testid="unread-count">([^<]+)<', html)
    return match.group(1) if match else None


def test_the_bell_shows_the_unread_count_and_marking_read_clears_it(client, users):
    centre = users["centre"]
    first, *_rest = give(centre, 3)
    client.force_login(centre)

    assert badge(client.get("/notifications/").content.decode()) == "3"

    client.post(f"/notifications/{first.pk}/read/")
    assert badge(client.get("/notifications/").content.decode()) == "2"

    response = client.post("/notifications/read-all/", {"next": "/notifications/?unread=1"})
    assert response.headers["Location"] == "/notifications/?unread=1"
    html = client.get("/notifications/?unread=1").content.decode()
    assert badge(html) is None
    assert 'data-testid="empty"' in html
    assert not Notification.objects.filter(recipient=centre, read_at__isnull=True).exists()


def test_the_bell_is_on_every_page_of_a_signed_in_user(client, users):
    give(users["mediator_dongzhai"], 2)
    client.force_login(users["mediator_dongzhai"])

    html = client.get("/workbench/", follow=True).content.decode()

    assert 'data-testid="bell"' in html and badge(html) == "2"


def test_the_badge_caps_at_99(client, users):
    give(users["centre"], 120)
    client.force_login(users["centre"])

    assert badge(client.get("/notifications/badge/").content.decode()) == "99+"


def test_the_unread_count_is_one_query_per_page(client, users):
    give(users["centre"], 5)
    client.force_login(users["centre"])
    client.get("/notifications/")

    with CaptureQueriesContext(connection) as captured:
        client.get("/notifications/")

    counting = [
        q["sql"] for q in captured if "notifications_notification" in q["sql"] and "COUNT(" in q["sql"]
    ]
    unread = [sql for sql in counting if '"read_at" IS NULL' in sql]
    assert len(unread) == 1


def test_the_list_makes_the_same_number_of_queries_for_2_and_20_notifications(client, users):
    client.force_login(users["centre"])
    dispute = register_dispute(user=None)

    def queries_for(count: int) -> int:
        Notification.objects.filter(recipient=users["centre"]).delete()
        give(users["centre"], count, dispute=dispute)
        client.get("/notifications/")
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/notifications/").content.decode()
        assert html.count('data-testid="notification"') == count
        return len(captured)

    assert queries_for(2) == queries_for(20)


def test_a_user_sees_and_marks_only_their_own_notifications(client, users):
    (mine,) = give(users["centre"], 1)
    (theirs,) = give(users["mediator_dongzhai"], 1)
    client.force_login(users["centre"])

    html = client.get("/notifications/").content.decode()
    assert f"/notifications/{mine.pk}/" in html and f"/notifications/{theirs.pk}/" not in html
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    client.post("/notifications/read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_its_subject(client, users):
    notification = Notification.objects.create(
        recipient=users["labour_dept"],
        kind=NotificationKind.REFERRAL_WAITING,
        params={"code": "X", "title": "Y"},
    )
    client.force_login(users["labour_dept"])

    response = client.get(f"/notifications/{notification.pk}/")

    assert response.status_code == 302 and response.headers["Location"] == "/agency/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_notifications_read_in_the_readers_language(client, users):
    (notification,) = give(users["centre"], 1)
    client.force_login(users["centre"])

    assert f"新转入纠纷：{notification.params['code']}" in client.get("/notifications/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    assert (
        f"New in your inbox: {notification.params['code']}" in client.get("/notifications/").content.decode()
    )


def test_pages_of_notifications(client, users):
    give(users["centre"], 25)
    client.force_login(users["centre"])

    assert client.get("/notifications/").content.decode().count('data-testid="notification"') == 20
    assert client.get("/notifications/?page=2").content.decode().count('data-testid="notification"') == 5
    assert client.get("/notifications/?page=abc").status_code == 200


def test_anonymous_visitors_have_no_bell_and_are_sent_to_log_in(client):
    assert 'data-testid="bell"' not in client.get("/").content.decode()
    assert client.get("/notifications/").status_code == 302


def test_unknown_params_never_break_the_page(client, users):
    Notification.objects.create(recipient=users["centre"], kind=NotificationKind.DEADLINE_BREACHED, params={})
    client.force_login(users["centre"])

    response = client.get("/notifications/")

    assert response.status_code == 200
    assert 'data-testid="notification"' in response.content.decode()
