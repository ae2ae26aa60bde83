"""Issue 11 item 6: an agency's completion says what happened, and the closing outcome follows from it.

A police mediation that ended in an agreement closes as an agency mediation, not as an administrative
decision; the result is on the event and on the dispute page's timeline; the cockpit counts it.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from agencies.models import Body
from dashboards.indicators.measures import COURT_RESOLVED, MEDIATION_SUCCESS, RESOLVED_OUTCOMES
from disputes import services
from disputes.choices import OUTCOME_OF_HANDLING_RESULT, HandlingResult, Outcome, Status
from disputes.models import Dispute, Referral
from tests.factories import register_dispute, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def handled_by(users, *, body_code: str, username: str, route: str) -> tuple[Dispute, Referral]:
    """A 东寨村 dispute referred to one body on `route`, which has reported in."""
    dispute = register_dispute(user=users["mediator_dongzhai"])
    body = Body.objects.get(code=body_code)
    transition(
        dispute,
        "refer",
        user=users["mediator_dongzhai"],
        bodies=[body.pk],
        lead=body.pk,
        route=route,
        note="请处理",
    )
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    services.referral_accept_supporting(referral_id=lead.pk, user=users[username])
    return Dispute.objects.get(pk=dispute.pk), lead


@pytest.mark.parametrize(
    ("result", "outcome"),
    [
        ("mediated_agreement", Outcome.AGENCY_MEDIATED),
        ("administrative_decision", Outcome.ADMINISTRATIVE_DECISION),
        ("ruling", Outcome.ADMINISTRATIVE_DECISION),
        ("arbitration_award", Outcome.ARBITRATION_AWARD),
        ("explained", Outcome.EXPLAINED),
        ("not_competent", Outcome.DECLINED),
    ],
)
def test_each_result_closes_with_its_outcome(users, result, outcome):
    dispute, _lead = handled_by(
        users, body_code="labour-dept", username="labour_dept", route="labour_arbitration"
    )
    closed = transition(
        dispute, "close_handled", user=users["labour_dept"], handling_result=result, note="办结"
    )

    assert (closed.status, closed.outcome) == (Status.CLOSED, outcome)
    event = closed.events.order_by("pk").last()
    assert event.transition == "close_handled" and event.payload["handling_result"] == result


def test_every_result_has_an_outcome():
    assert set(OUTCOME_OF_HANDLING_RESULT) == set(HandlingResult)


def test_a_police_mediation_that_ended_in_an_agreement_is_not_an_administrative_decision(client, users):
    dispute, lead = handled_by(
        users, body_code="shahe-police", username="police_shahe", route="police_mediation"
    )
    client.force_login(users["police_shahe"])

    response = client.post(
        reverse("referrals:complete", args=[lead.pk]),
        {"result": "经治安调解，双方达成协议并当场履行", "handling_result": "mediated_agreement"},
    )

    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome) == (Status.CLOSED, Outcome.AGENCY_MEDIATED)
    assert dispute.outcome != Outcome.ADMINISTRATIVE_DECISION
    assert dispute.mediation_tried  # counted as a mediation that succeeded
    assert Referral.objects.get(pk=lead.pk).status == "completed"
    event = dispute.events.order_by("pk").last()
    assert event.payload["handling_result"] == "mediated_agreement"
    # The dispute page's timeline says what happened.
    client.force_login(users["mediator_dongzhai"])
    page = client.get(f"/workbench/d/{dispute.code}/").content.decode()
    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    with translation.override("zh-hans"):
        label = str(HandlingResult.MEDIATED_AGREEMENT.label)
    assert 'data-testid="handling-result"' in timeline and label in timeline
    assert label != str(HandlingResult.ADMINISTRATIVE_DECISION.label)


def test_the_lead_must_say_what_the_handling_ended_in(client, users):
    dispute, lead = handled_by(
        users, body_code="shahe-police", username="police_shahe", route="police_mediation"
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.referral_complete(referral_id=lead.pk, user=users["police_shahe"], result="已调解")
    assert refused.value.message_dict["handling_result"] == [
        "Choose what the handling ended in; the dispute closes with the matching outcome."
    ]
    assert Dispute.objects.get(pk=dispute.pk).status == Status.AGENCY_HANDLING

    client.force_login(users["police_shahe"])
    response = client.post(reverse("referrals:complete", args=[lead.pk]), {"result": "已调解"})
    assert response.status_code == 200
    assert 'id="id_handling_result_error"' in response.content.decode()
    assert Dispute.objects.get(pk=dispute.pk).status == Status.AGENCY_HANDLING


def test_an_unknown_result_through_the_api_is_a_400_not_a_500(users):
    from rest_framework.test import APIClient

    dispute, lead = handled_by(
        users, body_code="shahe-police", username="police_shahe", route="police_mediation"
    )
    api = APIClient()
    api.force_authenticate(users["police_shahe"])
    response = api.post(
        f"/api/v1/referrals/{lead.pk}/complete/",
        {"result": "已调解", "handling_result": "magic"},
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/referrals/{lead.pk}/complete/",
        {"result": "已调解", "handling_result": "mediated_agreement"},
        format="json",
    )
    assert response.status_code == 200
    assert Dispute.objects.get(pk=dispute.pk).outcome == Outcome.AGENCY_MEDIATED


def test_the_cockpit_classifies_every_outcome():
    """Each outcome is resolved (化解) or, on purpose, not: a new outcome cannot slip past the figures."""
    unresolved = {Outcome.JUDGMENT, Outcome.WITHDRAWN, Outcome.DECLINED, Outcome.MERGED}
    resolved = set(RESOLVED_OUTCOMES) | set(COURT_RESOLVED)
    assert resolved | unresolved == set(Outcome) and not resolved & unresolved
    assert {Outcome.AGENCY_MEDIATED, Outcome.ARBITRATION_AWARD, Outcome.EXPLAINED} <= resolved
    assert Outcome.AGENCY_MEDIATED in MEDIATION_SUCCESS
