"""The demo accounts of `seed_demo`: one per kind of user, each in its body's group."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from agencies.models import Membership
from agencies.services import reference_data_load

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {
    "admin": None,
    "centre": ("county-centre", "clerk"),
    "grid_dongzhai": ("shahe-dongzhai-grid", "grid_worker"),
    "mediator_dongzhai": ("shahe-dongzhai-committee", "mediator"),
    "mediator_shahe": ("shahe-committee", "mediator"),
    "mediator_xinhua": ("xinhua-committee", "mediator"),
    "court_clerk": ("county-court", "clerk"),
    "police_shahe": ("shahe-police", "officer"),
    "petitions": ("petitions-bureau", "clerk"),
    "labour_dept": ("labour-dept", "officer"),
    "leader": ("county-leadership", "leader"),
    # The legal liaisons of 东寨村's first grid cell (demo/liaisons.py).
    "liaison_judge": ("county-court", "liaison"),
    "liaison_prosecutor": ("procuratorate", "liaison"),
    "liaison_police": ("shahe-police", "liaison"),
    "liaison_lawyer": ("shahe-judicial", "liaison"),
}


@pytest.fixture
def linze():
    reference_data_load()


def test_seed_demo_creates_the_fifteen_accounts(linze, settings):
    call_command("seed_demo", no_disputes=True)

    User = get_user_model()
    assert set(User.objects.values_list("username", flat=True)) == set(DEMO_USERNAMES)
    for username, place in DEMO_USERNAMES.items():
        user = authenticate(username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert user.last_name and user.first_name, username
        memberships = [
            (m.body.code, m.role) for m in Membership.objects.filter(user=user).select_related("body")
        ]
        assert memberships == ([place] if place else []), username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.exclude(username="admin").filter(is_staff=True).exists()


def test_memberships_put_users_in_their_bodys_group(linze):
    call_command("seed_demo", no_disputes=True)

    for membership in Membership.objects.select_related("user", "body"):
        assert membership.user.groups.filter(pk=membership.body.group_id).exists(), membership


def test_seed_demo_twice_changes_nothing(linze, settings):
    call_command("seed_demo", no_disputes=True)
    User = get_user_model()
    users = list(User.objects.order_by("pk").values_list("pk", "username", "first_name", "last_name"))
    memberships = list(Membership.objects.order_by("pk").values_list("pk", "user_id", "body_id", "role"))

    call_command("seed_demo", no_disputes=True)

    assert list(User.objects.order_by("pk").values_list("pk", "username", "first_name", "last_name")) == users
    assert (
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "body_id", "role")) == memberships
    )
    assert authenticate(username="grid_dongzhai", password=settings.DEMO_PASSWORD) is not None


def test_seed_demo_resets_a_changed_password(linze, settings):
    call_command("seed_demo", no_disputes=True)
    user = get_user_model().objects.get(username="centre")
    user.set_password("something-else-entirely")
    user.save()

    call_command("seed_demo", no_disputes=True)

    assert authenticate(username="centre", password=settings.DEMO_PASSWORD) is not None


def test_seed_demo_is_refused_where_demo_accounts_are_not_allowed(linze, settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False

    with pytest.raises(CommandError, match="DEMO_ACCOUNTS_ALLOWED"):
        call_command("seed_demo", no_disputes=True)
    assert not get_user_model().objects.exists()


def test_seed_demo_without_reference_data_says_to_run_load_linze():
    with pytest.raises(CommandError, match="load_linze"):
        call_command("seed_demo", no_disputes=True)
    assert not get_user_model().objects.exists()
