"""Raising warnings: never twice for the same facts, notifying the right people, from intake and the sweep."""

from datetime import timedelta

import pytest
from django.utils import translation

from alerts import services
from alerts.choices import RuleKind, WarningStatus
from alerts.models import Warning, WarningSweepCursor
from notifications.models import Notification
from tests.alerts.helpers import (
    PartyDataFactory,
    age,
    evaluate,
    log_session,
    register_dispute,
    warnings_of,
    with_party,
)
from tests.factories import DONGZHAI, dispute_in_state, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze", "warning_rules")]

VIOLENT = "对方扬言要同归于尽。"


# -- dedupe -------------------------------------------------------------------------------------------


def test_evaluating_again_never_duplicates_a_warning(users):
    dispute = register_dispute(user=users["grid_dongzhai"], description=VIOLENT, people_involved=20)

    first = evaluate(dispute)
    second = evaluate(dispute)
    services.warnings_sweep(lag=timedelta(0))

    assert {w.kind for w in first} == {RuleKind.VIOLENCE_WORDS, RuleKind.MASS_DISPUTE}
    assert second == []
    assert Warning.objects.count() == 2


def test_new_facts_join_the_live_warning_instead_of_raising_another(users):
    person = PartyDataFactory(role="applicant")
    disputes = [register_dispute(user=users["grid_dongzhai"], parties=with_party(person)) for _ in range(2)]
    evaluate(disputes[-1])
    disputes.append(register_dispute(user=users["grid_dongzhai"], parties=with_party(person)))

    raised = evaluate(disputes[-1])

    assert RuleKind.REPEAT_PARTY not in {w.kind for w in raised}

    warning = warnings_of(RuleKind.REPEAT_PARTY).get()
    assert set(warning.disputes.all()) == set(disputes)
    assert warning.details["open"] == 3


def test_a_handled_warning_does_not_come_back_on_the_same_facts(users):
    dispute = register_dispute(user=users["grid_dongzhai"], description=VIOLENT)
    (warning,) = evaluate(dispute)
    services.warning_handle(warning_id=warning.pk, user=users["centre"], note="已约谈双方，落实稳控措施")

    assert evaluate(dispute) == []
    assert warnings_of(RuleKind.VIOLENCE_WORDS).count() == 1


def test_a_handled_warning_is_raised_again_on_new_facts(users, admin):
    dispute = dispute_in_state("mediating", description=VIOLENT)
    (warning,) = [w for w in evaluate(dispute) if w.kind == RuleKind.VIOLENCE_WORDS]
    services.warning_handle(warning_id=warning.pk, user=users["centre"], note="已约谈")

    log_session(dispute, admin, result="continuing", minutes="申请人又说要报复对方。")
    (again,) = evaluate(dispute)

    assert again.kind == RuleKind.VIOLENCE_WORDS and again.pk != warning.pk
    assert again.status == WarningStatus.OPEN
    assert warnings_of(RuleKind.VIOLENCE_WORDS).count() == 2


def test_the_database_allows_one_live_warning_per_key(users):
    from django.db import IntegrityError, transaction

    (warning,) = evaluate(register_dispute(user=users["grid_dongzhai"], description=VIOLENT))
    copy = Warning(
        kind=warning.kind,
        level=warning.level,
        dedupe_key=warning.dedupe_key,
        region=warning.region,
        town=warning.town,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


# -- who is told ----------------------------------------------------------------------------------------


def test_a_warning_notifies_the_centre_staff_only(users):
    dispute = register_dispute(user=users["grid_dongzhai"], description=VIOLENT)

    (warning,) = evaluate(dispute)

    told = set(Notification.objects.filter(kind="warning").values_list("recipient__username", flat=True))
    assert told == {"centre"}
    notification = Notification.objects.get(recipient=users["centre"])
    assert notification.link == f"/alerts/{warning.pk}/"
    with translation.override("zh-hans"):
        assert notification.title == "红色预警：暴力倾向言辞"
        assert dispute.code in notification.body and "同归于尽" in notification.body
    with translation.override("en"):
        assert notification.title == "Red warning: Words signalling violence"


def test_a_cluster_notifies_the_joint_meeting_too(users):
    police_bureau = staff("police-bureau", "officer")
    justice_bureau = staff("justice-bureau", "clerk")
    for _ in range(3):
        dispute = register_dispute(user=users["grid_dongzhai"])
    evaluate(dispute)

    warning = warnings_of(RuleKind.CLUSTER).get()
    told = set(
        Notification.objects.filter(source_key=f"warning:{warning.pk}").values_list("recipient", flat=True)
    )
    # The centre, the petitions bureau, the justice bureau and the police bureau; not the police station,
    # the leader or the village's own staff.
    assert told == {users["centre"].pk, users["petitions"].pk, police_bureau.pk, justice_bureau.pk}


# -- the sweep ------------------------------------------------------------------------------------------


def test_the_sweep_finds_clusters_without_any_evaluation_on_intake(users, warning_rules):
    disputes = [register_dispute(user=users["grid_dongzhai"]) for _ in range(3)]
    other_category = register_dispute(user=users["grid_dongzhai"], category_code="labour")

    counts = services.warnings_sweep()

    warning = warnings_of(RuleKind.CLUSTER).get()
    assert warning.rule == warning_rules["cluster-village"] and warning.dispute is None
    assert set(warning.disputes.all()) == set(disputes) and other_category not in warning.disputes.all()
    assert counts["clusters"] == 1 and counts["raised"] >= 1


def test_the_sweep_is_idempotent(users):
    for _ in range(5):
        register_dispute(user=users["grid_dongzhai"])

    services.warnings_sweep()
    services.warnings_sweep()

    assert warnings_of(RuleKind.CLUSTER).count() == 2  # the village rule and the town rule, once each


def test_the_sweep_evaluates_disputes_whose_events_it_has_not_seen(users):
    # As if Redis was down at intake: no on-commit evaluation ran.
    dispute = register_dispute(user=users["grid_dongzhai"], description=VIOLENT)

    services.warnings_sweep(lag=timedelta(0))

    assert warnings_of(RuleKind.VIOLENCE_WORDS).get().dispute == dispute
    assert WarningSweepCursor.objects.get().last_event_id >= dispute.events.get().pk


def test_the_sweep_leaves_events_younger_than_its_lag_for_next_time(users):
    register_dispute(user=users["grid_dongzhai"], description=VIOLENT)

    services.warnings_sweep(lag=timedelta(minutes=5))

    assert not warnings_of(RuleKind.VIOLENCE_WORDS).exists()


def test_the_sweep_only_counts_recent_disputes(users):
    disputes = [register_dispute(user=users["grid_dongzhai"]) for _ in range(3)]
    age(disputes[0], days=30)

    services.warnings_sweep()

    assert not warnings_of(RuleKind.CLUSTER).exists()


# -- evaluation queued on commit ----------------------------------------------------------------------


def test_registration_queues_the_rules_on_commit(users, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = register_dispute(user=users["grid_dongzhai"], description=VIOLENT, region_code=DONGZHAI)

    assert warnings_of(RuleKind.VIOLENCE_WORDS).get().dispute == dispute


def test_a_logged_session_queues_the_rules_on_commit(admin, eager_celery, django_capture_on_commit_callbacks):
    dispute = dispute_in_state("mediating")
    log_session(dispute, admin, result="failed")

    with django_capture_on_commit_callbacks(execute=True):
        log_session(dispute, admin, result="failed")

    assert warnings_of(RuleKind.FAILED_MEDIATION).get().dispute == dispute


def test_other_transitions_do_not_evaluate(users, admin):
    dispute = register_dispute(user=users["grid_dongzhai"], description=VIOLENT)
    from tests.factories import transition

    transition(dispute, "assess", user=admin)
    event = dispute.events.order_by("-pk").first()

    assert services.warnings_evaluate_dispute(dispute_id=dispute.pk, event_id=event.pk) == []
