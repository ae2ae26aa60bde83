"""The agency inbox (report in, return with a reason, record handling and complete), through the pages."""

import pytest
from django.urls import reverse

from disputes.models import Dispute, Referral
from tests.factories import parties_data
from tests.mediation import fixtures
from tests.mediation.fixtures import count_queries, village_dispute, zh

# The fixtures of the mediation page tests: reference data, demo accounts, signed-in clients.
linze, users, client_for = fixtures.linze, fixtures.users, fixtures.client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(users):
    """A dispute referred by 东寨村's committee: 人社局 leads, 沙河派出所 supports."""
    dispute = village_dispute(users, state="referred", via="mediating")
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    support = Referral.objects.get(dispute=dispute, is_lead=False)
    assert (lead.body.code, support.body.code) == ("labour-dept", "shahe-police")
    return dispute, lead, support


def _status(dispute) -> str:
    return Dispute.objects.get(pk=dispute.pk).status


# -- the agency inbox ---------------------------------------------------------------------------------


def test_the_inbox_shows_what_to_report_in_on_with_time_left_lead_flag_and_masked_parties(
    client_for, referred
):
    dispute, lead, _support = referred
    response = client_for("labour_dept").get(reverse("referrals:inbox"))

    html = response.content.decode()
    assert response.status_code == 200
    row = html.split(f'data-testid="pending-{lead.pk}"')[1].split("</li>")[0]
    assert dispute.code in row and "牵头单位" in row
    assert "剩余" in row or "已超期" in row
    assert "报到（接收）" in row and "说明理由退回" in row
    for party in dispute.parties.all():
        assert party.name not in row
        assert party.name[0] + "*" in row


def test_the_lead_reports_in_and_takes_the_dispute(client_for, referred):
    dispute, lead, _support = referred
    response = client_for("labour_dept").post(reverse("referrals:accept", args=[lead.pk]), follow=True)

    assert response.status_code == 200
    assert f"已对 {dispute.code} 报到。" in response.content.decode()
    dispute.refresh_from_db()
    assert (dispute.status, dispute.holder.code) == ("agency_handling", "labour-dept")
    html = response.content.decode()
    assert f'data-testid="handling-{lead.pk}"' in html
    assert reverse("mediation:session_new", args=[dispute.code]) in html


def test_a_supporting_body_reports_in_without_moving_the_dispute(client_for, referred):
    dispute, _lead, support = referred
    client_for("police_shahe").post(reverse("referrals:accept", args=[support.pk]))
    support.refresh_from_db()
    assert support.status == "accepted" and _status(dispute) == "referred"


def test_returning_without_a_reason_shows_the_field_error(client_for, referred):
    dispute, lead, _support = referred
    client = client_for("labour_dept")
    response = client.post(reverse("referrals:return", args=[lead.pk]), {"reason": "  "})

    html = response.content.decode()
    assert response.status_code == 200
    assert zh("Give the reason for returning the referral.") in html
    assert 'id="id_reason_error"' in html and "is-invalid" in html
    assert Referral.objects.get(pk=lead.pk).status == "pending"

    response = client.post(reverse("referrals:return", args=[lead.pk]), {"reason": "不属于本部门职责"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.returned_reason) == ("returned", "不属于本部门职责")
    assert _status(dispute) == "mediating"


def test_handling_is_recorded_and_the_leads_completion_closes_the_dispute(client_for, referred):
    dispute, lead, support = referred
    labour, police = client_for("labour_dept"), client_for("police_shahe")
    labour.post(reverse("referrals:accept", args=[lead.pk]))
    police.post(reverse("referrals:accept", args=[support.pk]))

    response = police.post(reverse("referrals:complete", args=[support.pk]), {"result": "已出警调查"})
    assert response.status_code == 302
    support.refresh_from_db()
    assert (support.status, support.result) == ("completed", "已出警调查")
    assert _status(dispute) == "agency_handling"

    empty = labour.post(reverse("referrals:complete", args=[lead.pk]), {"result": ""})
    assert empty.status_code == 200 and zh("Describe what your body did.") in empty.content.decode()
    form = labour.get(reverse("referrals:complete", args=[lead.pk])).content.decode()
    assert (
        zh(
            "Your body leads this referral: completing it closes the dispute with the outcome that follows "
            "from what the handling ended in."
        )
        in form
    )
    assert 'name="handling_result"' in form

    labour.post(
        reverse("referrals:complete", args=[lead.pk]),
        {"result": "已作出行政处理决定", "handling_result": "administrative_decision"},
    )
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome) == ("closed", "administrative_decision")


def test_answering_twice_is_a_message_not_an_error(client_for, referred):
    _dispute, lead, _support = referred
    client = client_for("labour_dept")
    client.post(reverse("referrals:accept", args=[lead.pk]))
    response = client.post(reverse("referrals:return", args=[lead.pk]), {"reason": "迟到的退回"}, follow=True)
    assert response.status_code == 200
    assert zh("This referral has already been answered.") in response.content.decode()


@pytest.mark.parametrize("username", ["petitions", "mediator_dongzhai", "court_clerk", "leader"])
def test_referral_pages_answer_404_to_bodies_they_are_not_addressed_to(client_for, referred, username):
    _dispute, lead, _support = referred
    client = client_for(username)
    assert client.post(reverse("referrals:accept", args=[lead.pk])).status_code == 404
    assert client.get(reverse("referrals:return", args=[lead.pk])).status_code == 404
    assert client.post(reverse("referrals:return", args=[lead.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("referrals:complete", args=[lead.pk])).status_code == 404
    assert Referral.objects.get(pk=lead.pk).status == "pending"


def test_the_inbox_costs_the_same_queries_for_2_and_20_referrals(client_for, users):
    client = client_for("labour_dept")

    def refer(count: int) -> None:
        for _ in range(count):
            dispute = village_dispute(users, state="referred", via="mediating", parties=parties_data(3))
            # Half of them reported in: both lists fill up.
            if dispute.pk % 2:
                client.post(reverse("referrals:accept", args=[dispute.referrals.get(is_lead=True).pk]))

    refer(2)
    few = count_queries(client, reverse("referrals:inbox"))
    refer(18)
    assert count_queries(client, reverse("referrals:inbox")) == few
    assert Referral.objects.filter(body__code="labour-dept").count() == 20
