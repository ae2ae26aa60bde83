"""The API's dispute list and detail are built directly rather than through DRF's field machinery (half a
millisecond a row); what they answer must stay what the declared fields, which the OpenAPI schema
describes, would answer — in every state of the clock and in both languages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import prefetch_related_objects
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework import serializers

from disputes.api import _detail_related
from disputes.deadlines import time_left, with_clock_state, with_clock_units
from disputes.models import Dispute
from disputes.serializers import (
    DisputeDetailSerializer,
    DisputeListSerializer,
    TimeLeftSerializer,
    time_left_data,
)
from tests.mediation import fixtures
from tests.mediation.fixtures import village_dispute

linze, users = fixtures.linze, fixtures.users

pytestmark = pytest.mark.django_db


def declared(serializer, instance) -> dict:
    """What DRF's own to_representation gives for the serializer's declared fields."""
    return serializers.ModelSerializer.to_representation(serializer, instance)


@pytest.fixture
def disputes(users):
    """An open dispute with a running clock and an amount, one overdue, one with its clock paused, one
    referred to an agency, one closed."""
    running = village_dispute(users, state="mediating")
    Dispute.objects.filter(pk=running.pk).update(amount=Decimal("12000.5"))
    referred = village_dispute(users, state="referred")
    overdue = village_dispute(users, state="mediating")
    Dispute.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(days=9))
    paused = village_dispute(users, state="mediating")
    Dispute.objects.filter(pk=paused.pk).update(due_at=None, warn_at=None)
    closed = village_dispute(users, state="closed")
    codes = [d.code for d in (running, overdue, paused, referred, closed)]
    rows = with_clock_units(
        list(with_clock_state(Dispute.objects.with_list_related().filter(code__in=codes)))
    )
    assert {d.status for d in rows} >= {"mediating", "closed"}
    return rows


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_list_answers_what_its_declared_fields_would(disputes, language):
    now = timezone.now()
    with translation.override(language):
        for dispute in disputes:
            serializer = DisputeListSerializer(dispute, context={"now": now})
            assert serializer.data == declared(serializer, dispute)
        states = {DisputeListSerializer(d, context={"now": now}).data["time_left"]["state"] for d in disputes}
    assert states >= {"running", "overdue", "closed"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_detail_answers_what_its_declared_fields_would(disputes, users, language):
    request = RequestFactory().get("/")
    request.user = users["mediator_dongzhai"]
    for dispute in disputes:
        prefetch_related_objects([dispute], *_detail_related())
        context = {"request": request, "now": timezone.now(), "available_transitions": []}
        with translation.override(language):
            serializer = DisputeDetailSerializer(dispute, context=context)
            data = serializer.data
            assert data == declared(serializer, dispute)
        assert list(data) == serializer.Meta.fields  # the schema's order
        assert data["events"] and data["parties"]
    shown = [DisputeDetailSerializer(d, context=context).data for d in disputes]
    assert {"12000.50"} <= {data["amount"] for data in shown}
    assert any(data["referrals"] for data in shown)


def test_time_left_reads_as_its_serializer_would():
    now = timezone.now()
    for left in (
        time_left(now + timedelta(days=3), now=now, unit="workdays"),
        time_left(now - timedelta(hours=5), now=now, unit="hours"),
        time_left(None, now=now),
        time_left(None, now=now, paused=True, unit="days"),
        time_left(now, now=now, closed=True),
    ):
        assert time_left_data(left) == TimeLeftSerializer(left).data
