"""A major decision assessed high or medium risk cannot be approved until re-assessed lower."""

import pytest
from django.utils import translation

from agencies.models import Body, Region
from linze.exceptions import Conflict, NotPermitted
from supervision import services
from supervision.models import DecisionEvent, MajorDecision
from tests.factories import dispute_in_state, staff

pytestmark = pytest.mark.django_db


def _register(user):
    return services.decision_register(
        user=user,
        department=Body.objects.get(code="labour-dept"),
        region=Region.objects.get(code="620723101"),
        kind="land_requisition",
        title="沙河镇工业园征地",
        description="征收东寨村耕地120亩。",
    )


def _assess(decision, user, level):
    return services.decision_assess(
        decision_id=decision.pk, user=user, consultations="村民代表座谈会", risks="补偿标准争议", level=level,
        mitigation="提高补偿标准" if level == "low" else "",
    )  # fmt: skip


def test_a_decision_assessed_high_cannot_be_approved_until_reassessed_low(linze, users):
    department, centre = users["labour_dept"], users["centre"]
    decision = _register(department)
    _assess(decision, department, "high")
    with (
        translation.override("en"),
        pytest.raises(Conflict, match="cannot be approved until it is re-assessed"),
    ):
        services.decision_approve(decision_id=decision.pk, user=centre)
    assert MajorDecision.objects.get(pk=decision.pk).status == "assessed"
    _assess(decision, department, "medium")
    with pytest.raises(Conflict):
        services.decision_approve(decision_id=decision.pk, user=centre)

    _assess(decision, department, "low")
    with pytest.raises(NotPermitted):  # the department does not review its own decision
        services.decision_approve(decision_id=decision.pk, user=department)
    approved = services.decision_approve(decision_id=decision.pk, user=centre)
    assert approved.status == "approved" and approved.risk_level == "low"
    assert list(DecisionEvent.objects.filter(decision=decision).values_list("action", flat=True)) == [
        "register",
        "assess",
        "assess",
        "assess",
        "approve",
    ]
    assert [a.level for a in approved.assessments.all()] == ["high", "medium", "low"]


def test_the_refusal_reaches_the_page_and_disputes_link_to_the_decision(linze, users, client):
    decision = _register(users["labour_dept"])
    _assess(decision, users["labour_dept"], "high")
    client.force_login(users["centre"])
    response = client.post(
        f"/supervision/decisions/{decision.pk}/approve/", follow=True, headers={"accept-language": "en"}
    )
    assert "cannot be approved until it is re-assessed lower" in response.content.decode()
    dispute = dispute_in_state("reported", reporter=None)  # online: held by the county centre
    client.post(f"/supervision/decisions/{decision.pk}/link/", {"code": dispute.code})
    assert list(MajorDecision.objects.get(pk=decision.pk).disputes.all()) == [dispute]
    page = client.get(f"/supervision/decisions/{decision.pk}/")
    assert dispute.code in page.content.decode()


@pytest.mark.parametrize(
    "username,expected",
    [("labour_dept", 200), ("centre", 200), ("leader", 200), ("police_shahe", 404), ("court_clerk", 404),
     ("mediator_dongzhai", 404)],
)  # fmt: skip
def test_who_sees_a_decision(linze, users, client, username, expected):
    decision = _register(users["labour_dept"])
    client.force_login(users[username])
    for path in ("", "assess/", "approve/", "link/"):
        url = f"/supervision/decisions/{decision.pk}/{path}"
        if expected == 404:
            assert client.get(url).status_code in (404, 405) and client.post(url).status_code == 404, url
    assert client.get(f"/supervision/decisions/{decision.pk}/").status_code == expected


def test_only_departments_register(linze, users):
    with pytest.raises(NotPermitted):
        services.decision_register(
            user=staff("shahe-dongzhai-committee"),
            department=Body.objects.get(code="shahe-dongzhai-committee"),
            region=Region.objects.get(code="620723101"), kind="project", title="x", description="y",
        )  # fmt: skip
