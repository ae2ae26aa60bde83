"""Fixtures of the citizens' side: Linze's reference data with the shipped deadline policies and guide
content, a cache of the test's own (rate limits and codes never meet another run's), a citizen's client."""

import html
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client, override_settings

from disputes.deadlines import deadline_policies_load_defaults
from portal.content import portal_content_load
from tests.disputes.conftest import _module_transaction, load_reference_data_and_accounts


def load_portal_data() -> None:
    load_reference_data_and_accounts()
    deadline_policies_load_defaults()
    portal_content_load()


@pytest.fixture(scope="module")
def linze(django_db_setup, django_db_blocker):
    with _module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            load_portal_data()
        yield


@pytest.fixture(autouse=True)
def _own_cache():
    """Rate limits, one-time codes and challenges live in Redis: each test gets keys of its own."""
    caches = {
        name: {**spec, "KEY_PREFIX": f"test-portal-{uuid.uuid4().hex}"}
        for name, spec in settings.CACHES.items()
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture
def citizen() -> Client:
    return Client(headers={"accept-language": "en"})


def challenge_answer(html: str) -> tuple[str, str]:
    """(token, answer) of the page's challenge question."""
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
    a, b = map(int, re.search(r"What is (\d+) plus (\d+)\?", html).groups())
    return token, str(a + b)


def sent_code(phone: str) -> str:
    """The one-time code in the newest SMS the outbox holds for `phone`."""
    from notifications.models import OutboxMessage

    body = OutboxMessage.objects.filter(address=phone, kind="portal_phone_code").latest("pk").body
    return re.search(r"(?<!\d)(\d{6})(?!\d)", body).group(1)


def text(response) -> str:
    """The page's HTML with its entities read (People&#x27;s → People's)."""
    return html.unescape(response.content.decode())


def visible(response) -> str:
    """What the page says: its text without tags, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split()).replace(
        " :", ":"
    )
