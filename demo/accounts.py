"""Demo accounts for a development or demonstration portal (`seed_demo`); never for production."""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from agencies.choices import Role
from agencies.models import Body, Membership

__all__ = ["DEMO_ACCOUNTS", "DemoDataError", "demo_accounts_create"]


class DemoDataError(Exception):
    """Demo data cannot be written here: not allowed by the settings, or reference data missing."""


# (username, family name, given name, body code, role). One account per kind of user in DESIGN.md §1;
# the body codes are those of agencies/reference/linze.py.
DEMO_ACCOUNTS = [
    ("centre", "王", "丽华", "county-centre", Role.CLERK),
    ("grid_dongzhai", "赵", "永强", "shahe-dongzhai-grid", Role.GRID_WORKER),
    ("mediator_dongzhai", "陈", "桂兰", "shahe-dongzhai-committee", Role.MEDIATOR),
    ("mediator_shahe", "刘", "建军", "shahe-committee", Role.MEDIATOR),
    ("mediator_xinhua", "杨", "秀英", "xinhua-committee", Role.MEDIATOR),
    ("court_clerk", "周", "敏", "county-court", Role.CLERK),
    ("police_shahe", "孙", "浩", "shahe-police", Role.OFFICER),
    ("petitions", "马", "玉梅", "petitions-bureau", Role.CLERK),
    ("labour_dept", "何", "军", "labour-dept", Role.OFFICER),
    ("leader", "张", "国庆", "county-leadership", Role.LEADER),
]
DEMO_ADMIN = ("admin", "李", "志远")


@transaction.atomic
def demo_accounts_create() -> list[AbstractUser]:
    """Creates or refreshes the demo accounts, all with settings.DEMO_PASSWORD; idempotent.

    Needs the reference data (`load_linze`): the accounts belong to its bodies.
    """
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise DemoDataError("Demo accounts are not allowed here (settings.DEMO_ACCOUNTS_ALLOWED is false).")
    body_codes = {code for _username, _family, _given, code, _role in DEMO_ACCOUNTS}
    bodies = Body.objects.in_bulk(body_codes, field_name="code")
    if missing := sorted(body_codes - bodies.keys()):
        raise DemoDataError(
            f"The bodies {', '.join(missing)} do not exist: run `python manage.py load_linze` first."
        )

    username, family_name, given_name = DEMO_ADMIN
    users = [
        _demo_user_upsert(username=username, family_name=family_name, given_name=given_name, is_admin=True)
    ]
    for username, family_name, given_name, body_code, role in DEMO_ACCOUNTS:
        user = _demo_user_upsert(username=username, family_name=family_name, given_name=given_name)
        # The Membership post_save signal adds the user to the body's group.
        Membership.objects.get_or_create(user=user, body=bodies[body_code], role=role)
        users.append(user)
    return users


def _demo_user_upsert(
    *, username: str, family_name: str, given_name: str, is_admin: bool = False
) -> AbstractUser:
    user, created = get_user_model().objects.get_or_create(username=username)
    user.last_name, user.first_name = family_name, given_name
    user.is_active = True
    user.is_staff = user.is_superuser = is_admin
    # A new user has no usable password yet: checking it would still run a full (fake) hash.
    if created or not _is_password(settings.DEMO_PASSWORD, user.password):
        user.password = _password_hash(settings.DEMO_PASSWORD)
    user.save()
    return user


@functools.cache
def _password_hash(password: str) -> str:
    """One hash of the demo password for every demo account: hashing is slow by design (about 0.3 s
    each), and eleven accounts with one shared, public password gain nothing from eleven salts."""
    return make_password(password)


@functools.cache
def _is_password(password: str, encoded: str) -> bool:
    return check_password(password, encoded)
