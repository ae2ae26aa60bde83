"""The administrator tunes warning rules and looks at warnings, notifications and the outbox: no 500s."""

import pytest
from django.conf import settings

from alerts.models import WarningRule
from notifications.models import OutboxMessage
from tests.alerts.helpers import evaluate, register_dispute

# The administrator's site lives where settings.ADMIN_URL_PATH puts it.
ADMIN = f"/{settings.ADMIN_URL_PATH}"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze", "warning_rules")]


def test_admin_pages_of_alerts_and_notifications_open(client, admin, users):
    evaluate(register_dispute(user=users["grid_dongzhai"], description="扬言要同归于尽", people_involved=20))
    OutboxMessage.objects.create(kind="warning", channel="sms", address="13909361234", body="x")
    client.force_login(admin)
    rule = WarningRule.objects.get(code="cluster-village")

    for url in [
        f"{ADMIN}alerts/warningrule/",
        f"{ADMIN}alerts/warningrule/add/",
        f"{ADMIN}alerts/warningrule/{rule.pk}/change/",
        f"{ADMIN}alerts/warning/",
        f"{ADMIN}notifications/notification/",
        f"{ADMIN}notifications/outboxmessage/",
        f"{ADMIN}notifications/deliverypreference/add/",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_rule_form_shows_only_its_kinds_thresholds(client, admin):
    client.force_login(admin)
    rule = WarningRule.objects.get(code="violence-words")

    html = client.get(f"{ADMIN}alerts/warningrule/{rule.pk}/change/").content.decode()

    assert 'name="words"' in html and 'name="window_days"' not in html


def test_thresholds_are_edited_in_the_admin(client, admin):
    client.force_login(admin)
    rule = WarningRule.objects.get(code="failed-mediation")

    response = client.post(
        f"{ADMIN}alerts/warningrule/{rule.pk}/change/",
        {"code": rule.code, "enabled": "on", "level": "red", "min_failed_sessions": 3},
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.min_failed_sessions, rule.level) == (3, "red")


def test_the_outbox_admin_sends_failed_messages_again(client, admin):
    message = OutboxMessage.objects.create(
        kind="warning", channel="sms", address="13909361234", body="x", status="failed", attempts=10
    )
    client.force_login(admin)

    response = client.post(
        f"{ADMIN}notifications/outboxmessage/", {"action": "retry_now", "_selected_action": [message.pk]}
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "pending"
