"""Fixtures of the dispute tests: Linze's reference data and the demo accounts.

Loading them for every one of several hundred tests would dominate the run, so a module that asks
for `linze` gets them once, inside a transaction opened for the module and rolled back at its end;
each test runs in a savepoint within it (as Django's TestCase.setUpTestData does). Tests with
`transaction=True` commit for real and are flushed afterwards: they use `linze_committed` instead.
"""

import io
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, load_command_class
from django.db import transaction

from agencies.choices import Role
from tests.factories import MembershipFactory, SuperUserFactory

# The demo accounts of `seed_demo` (agencies/demo.py): username → (body code, role).
DEMO_ROLES = {
    "centre": ("county-centre", Role.CLERK),
    "grid_dongzhai": ("shahe-dongzhai-grid", Role.GRID_WORKER),
    "mediator_dongzhai": ("shahe-dongzhai-committee", Role.MEDIATOR),
    "mediator_shahe": ("shahe-committee", Role.MEDIATOR),
    "mediator_xinhua": ("xinhua-committee", Role.MEDIATOR),
    "court_clerk": ("county-court", Role.CLERK),
    "police_shahe": ("shahe-police", Role.OFFICER),
    "petitions": ("petitions-bureau", Role.CLERK),
    "labour_dept": ("labour-dept", Role.OFFICER),
    "leader": ("county-leadership", Role.LEADER),
}
ADMIN = "admin"


def _seed_demo_takes_no_disputes() -> bool:
    parser = load_command_class("demo", "seed_demo").create_parser("manage.py", "seed_demo")
    return any(action.dest == "no_disputes" for action in parser._actions)


def load_reference_data_and_accounts() -> None:
    """`load_linze`, then the demo accounts without demo disputes (the tests make their own)."""
    quiet = io.StringIO()
    call_command("load_linze", stdout=quiet)
    if _seed_demo_takes_no_disputes():
        call_command("seed_demo", no_disputes=True, stdout=quiet)
    else:
        for username, (body_code, role) in DEMO_ROLES.items():
            MembershipFactory(user__username=username, body_code=body_code, role=role)
        SuperUserFactory(username=ADMIN)


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
    """Reference data and demo accounts for the module's tests; module-scoped fixtures building
    shared disputes on top of it unblock the database with `django_db_blocker` themselves."""
    with _module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            load_reference_data_and_accounts()
        yield


@pytest.fixture
def linze_committed(transactional_db):
    """The same data committed, for tests whose threads need to see it (flushed after the test)."""
    load_reference_data_and_accounts()


@pytest.fixture
def users(db) -> dict:
    """The demo accounts by username, fresh instances each test (permission caches live on them)."""
    return {
        user.username: user for user in get_user_model().objects.filter(username__in=[*DEMO_ROLES, ADMIN])
    }


@pytest.fixture
def admin(users):
    return users[ADMIN]
