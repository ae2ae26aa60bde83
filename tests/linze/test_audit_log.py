"""The audit log (issue 14, item 2): who changed a deadline policy, a body, a membership or a user, with
the values before and after; every sign-in and failed sign-in; unmaskings and exports beside them —
one administrator's page, never editable, append-only in the database."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import InternalError
from django.forms.models import model_to_dict
from django.urls import reverse

from agencies.choices import Role
from agencies.models import Body
from disputes.audit import personal_data_view_record
from disputes.deadlines import deadline_policies_load_defaults
from disputes.models import DeadlinePolicy
from linze.models import AuditRecord
from tests.factories import MembershipFactory, SuperUserFactory, UserFactory, dispute_in_state

pytestmark = pytest.mark.django_db

Action = AuditRecord.Action


@pytest.fixture(autouse=True)
def reference_data():
    call_command("load_linze", verbosity=0)


@pytest.fixture
def admin_user():
    return SuperUserFactory(username="admin_audit")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def admin_change(client, obj, **changes):
    """Posts the object's admin change form with its current values and `changes`."""
    data = {key: "" if value is None else value for key, value in model_to_dict(obj).items()}
    data.update(changes)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.post(url, data, REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_an_administrator_editing_a_deadline_policy_leaves_who_when_where_and_before_after(admin_client):
    deadline_policies_load_defaults()
    policy = DeadlinePolicy.objects.filter(amount__isnull=False).order_by("pk").first()
    old_amount, old_warning = policy.amount, policy.warning_percent

    admin_change(admin_client, policy, amount=old_amount + 5, warning_percent=60)

    record = AuditRecord.objects.get(subject="disputes.deadlinepolicy", action=Action.UPDATE)
    assert record.object_id == str(policy.pk)
    assert record.username == "admin_audit"
    assert record.ip_address == "10.20.30.40"
    assert record.details["amount"] == [old_amount, old_amount + 5]
    assert record.details["warning_percent"] == [old_warning, 60]
    assert set(record.details) == {"amount", "warning_percent"}  # only what changed


def test_a_save_that_changes_nothing_leaves_no_record():
    body = Body.objects.get(code="county-centre")
    before = AuditRecord.objects.count()

    body.save()

    assert AuditRecord.objects.count() == before


def test_a_new_membership_and_a_users_groups_are_recorded_and_a_password_never_is():
    user = UserFactory(username="new_clerk")
    membership = MembershipFactory(user=user, body_code="county-centre", role=Role.CLERK)
    user.set_password("a-secret-Passw0rd")
    user.save()

    created = AuditRecord.objects.get(subject="agencies.membership", action=Action.CREATE)
    assert created.object_id == str(membership.pk)
    assert created.details["role"] == [None, Role.CLERK]
    groups = AuditRecord.objects.filter(
        subject="auth.user", object_id=str(user.pk), details__has_key="groups"
    )
    assert groups.exists()  # the membership put the user in the body's group
    password_change = AuditRecord.objects.filter(
        subject="auth.user", action=Action.UPDATE, details__has_key="password"
    ).get()
    assert password_change.details["password"] == ["…", "…"]
    stored = AuditRecord.objects.filter(subject="auth.user").values_list("details", flat=True)
    assert not any(user.password in str(details) or "a-secret" in str(details) for details in stored)


def test_sign_in_failed_sign_in_and_sign_out_are_recorded_with_the_address(client):
    user = UserFactory(username="mediator_audit")
    user.set_password("right-Passw0rd-1")
    user.save()

    client.post(
        "/accounts/login/", {"username": "mediator_audit", "password": "wrong"}, REMOTE_ADDR="10.0.0.7"
    )
    client.post("/accounts/login/", {"username": "nobody_at_all", "password": "x"}, REMOTE_ADDR="10.0.0.7")
    client.post(
        "/accounts/login/",
        {"username": "mediator_audit", "password": "right-Passw0rd-1"},
        REMOTE_ADDR="10.0.0.8",
    )
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.8")

    rows = list(
        AuditRecord.objects.filter(action__in=[Action.LOGIN, Action.LOGIN_FAILED, Action.LOGOUT])
        .order_by("id")
        .values_list("action", "username", "ip_address", "user_id")
    )
    assert rows == [
        (Action.LOGIN_FAILED, "mediator_audit", "10.0.0.7", None),
        (Action.LOGIN_FAILED, "nobody_at_all", "10.0.0.7", None),
        (Action.LOGIN, "mediator_audit", "10.0.0.8", user.pk),
        (Action.LOGOUT, "mediator_audit", "10.0.0.8", user.pk),
    ]
    assert not AuditRecord.objects.filter(details__icontains="wrong").exists()


def test_unmasking_personal_data_is_on_the_same_log():
    dispute = dispute_in_state("mediating")
    clerk = MembershipFactory(body_code="county-centre", role=Role.CLERK).user

    personal_data_view_record(user=clerk, dispute=dispute, ip_address="10.1.1.1")

    record = AuditRecord.objects.get(action=Action.UNMASK)
    assert (record.summary, record.user_id, record.ip_address) == (dispute.code, clerk.pk, "10.1.1.1")


def test_the_log_refuses_update_and_delete_in_the_database():
    UserFactory()
    record = AuditRecord.objects.latest("id")
    for statement in (
        "update linze_auditrecord set username = 'someone else' where id = %s",
        "delete from linze_auditrecord where id = %s",
    ):
        with (
            pytest.raises(InternalError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).username == record.username


def test_the_administrators_page_lists_and_filters_the_records_and_offers_no_edit(admin_client):
    MembershipFactory(body_code="county-centre", role=Role.CLERK)
    url = reverse("admin:linze_auditrecord_changelist")

    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    filtered = admin_client.get(url, {"action__exact": Action.CREATE, "subject": "agencies.membership"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "agencies.membership" in html
    assert "Add audit record" not in html
    assert [r.subject for r in filtered.context["cl"].result_list] == ["agencies.membership"]
    record = filtered.context["cl"].result_list[0]
    detail = admin_client.get(reverse("admin:linze_auditrecord_change", args=[record.pk]))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content  # read-only: no save button
    assert admin_client.post(reverse("admin:linze_auditrecord_delete", args=[record.pk])).status_code == 403


def test_a_staff_member_who_is_not_an_administrator_cannot_read_the_log(client):
    clerk = MembershipFactory(body_code="county-centre", role=Role.CLERK).user
    client.force_login(clerk)

    response = client.get(reverse("admin:linze_auditrecord_changelist"))

    assert response.status_code == 302  # to the admin's login: not staff
