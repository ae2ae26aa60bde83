"""Fixtures of the mediation, agency and court page tests (imported by tests/mediation/conftest.py and
tests/agencies/test_views.py).

Linze's reference data, the demo accounts and the demo directory (rooms, mediator profiles) are loaded
once per module inside a transaction rolled back at the module's end; each test runs in a savepoint
within it, as Django's TestCase.setUpTestData does.
"""

import io
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from demo.accounts import DEMO_ACCOUNTS, demo_accounts_create
from demo.mediation import mediation_demo_create
from mediation import services as mediation_services
from tests.factories import dispute_in_state

USERNAMES = ["admin", *(username for username, *_rest in DEMO_ACCOUNTS)]


@contextmanager
def _module_transaction(django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def linze(django_db_setup, django_db_blocker):
    with _module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("load_linze", stdout=io.StringIO())
            demo_accounts_create()
            mediation_demo_create()
        yield


@pytest.fixture
def users(db, linze) -> dict:
    """The demo accounts by username, fresh instances each test (permission caches live on them)."""
    return {user.username: user for user in get_user_model().objects.filter(username__in=USERNAMES)}


@pytest.fixture
def client_for(users):
    """`client_for("court_clerk")`: a Django test client signed in as that demo account, in Chinese."""

    def make(username: str) -> Client:
        client = Client(headers={"accept-language": "zh-hans"})
        client.force_login(users[username])
        return client

    return make


def village_dispute(users, state: str = "mediating", **kwargs):
    """A dispute registered by 东寨村's mediation committee and walked to `state` by its mediator, so that
    the committee holds it wherever the ladder allows."""
    return dispute_in_state(
        state, reporter=users["mediator_dongzhai"], actor=kwargs.pop("actor", users["admin"]), **kwargs
    )


def agreement_for(dispute, user, *, obligations: int = 1, **fields):
    """An agreement with `obligations` obligations of the first respondent, drafted by `user`."""
    parties = list(dispute.parties.order_by("position"))
    today = timezone.localdate()
    data = {
        "facts": "双方因宅基地界址发生争执，多次协商未果。",
        "terms": "一、按原界址砌墙；二、李方补偿张方人民币3000元。",
        "performance": "十日内一次付清。",
        "effective_on": today,
        "obligations": [
            {
                "obligor": parties[-1],
                "description": f"支付补偿款第{i + 1}期",
                "amount": Decimal("3000.00") + i,
                "due_on": today + timedelta(days=10 + i),
            }
            for i in range(obligations)
        ],
        **fields,
    }
    return mediation_services.agreement_create(dispute_id=dispute.pk, user=user, data=data)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def zh(message: str) -> str:
    """The Chinese a user reads for a message (whoever's catalogue entry it is)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)
