"""The court's pages (accept, delegate, file, conclude; examine and rule on judicial confirmations),
through the pages."""

import pytest
from django.urls import reverse

from agencies.choices import Role
from disputes.models import Dispute
from mediation.models import JudicialConfirmation
from tests.factories import case_number, parties_data, staff
from tests.mediation import fixtures
from tests.mediation.fixtures import count_queries, village_dispute, zh

# The fixtures of the mediation page tests: reference data, demo accounts, signed-in clients.
linze, users, client_for = fixtures.linze, fixtures.users, fixtures.client_for

pytestmark = pytest.mark.django_db


def _status(dispute) -> str:
    return Dispute.objects.get(pk=dispute.pk).status


# -- the court ----------------------------------------------------------------------------------------


def _act(client, dispute, name: str, **data):
    data.setdefault("version", Dispute.objects.get(pk=dispute.pk).version)
    return client.post(reverse("court:act", args=[dispute.code, name]), data, follow=True)


def test_the_court_queue_lists_what_the_court_holds(client_for, users):
    referred = village_dispute(users, state="court_referred")
    confirming = village_dispute(users, state="confirming")
    mediating = village_dispute(users)
    response = client_for("court_clerk").get(reverse("court:queue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="court-{referred.code}"' in html and f'data-testid="court-{confirming.code}"' in html
    assert mediating.code not in html
    only = client_for("court_clerk").get(reverse("court:queue"), {"status": "confirming"}).content.decode()
    assert confirming.code in only and referred.code not in only


def test_the_court_accepts_files_and_concludes(client_for, users):
    dispute = village_dispute(users, state="court_referred")
    client = client_for("court_clerk")
    page = client.get(reverse("court:case", args=[dispute.code])).content.decode()
    for name in ("court_accept", "court_delegate", "court_file"):
        assert f'data-testid="action-{name}"' in page
    assert f'name="version" value="{dispute.version}"' in page

    assert _act(client, dispute, "court_accept").status_code == 200
    assert _status(dispute) == "court_mediating"
    _act(client, dispute, "court_file", case_number=case_number())
    assert _status(dispute) == "litigating"
    missing = _act(client, dispute, "court_conclude", outcome="")
    assert missing.status_code == 200 and _status(dispute) == "litigating"
    assert 'id="id_court_conclude_outcome_error"' in missing.content.decode()
    _act(client, dispute, "court_conclude", outcome="judgment", note="判决驳回诉讼请求")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome) == ("closed", "judgment")


def test_the_court_delegates_to_a_town_mediator(client_for, users):
    dispute = village_dispute(users, state="court_referred")
    response = _act(client_for("court_clerk"), dispute, "court_delegate")
    dispute.refresh_from_db()
    assert response.status_code == 200
    assert (dispute.status, dispute.tier, dispute.holder.code, dispute.diverted_by_court) == (
        "mediating",
        "town",
        "shahe-committee",
        True,
    )


def test_the_court_examines_the_agreement_and_confirms_it(client_for, users):
    dispute = village_dispute(users, state="confirming")
    client = client_for("court_clerk")
    page = client.get(reverse("court:case", args=[dispute.code])).content.decode()
    assert 'data-testid="court-agreement"' in page and "按原界址砌墙" in page
    agreement = dispute.latest_agreement
    assert reverse("mediation:agreement", args=[dispute.code, agreement.pk]) in page
    assert reverse("mediation:confirmation", args=[dispute.code]) in page
    assert client.get(reverse("mediation:agreement", args=[dispute.code, agreement.pk])).status_code == 200

    _act(client, dispute, "confirm", note="协议合法有效", case_number=case_number("民特"))
    dispute.refresh_from_db()
    assert (dispute.status, dispute.holder.code) == ("fulfilling", "shahe-dongzhai-committee")
    confirmation = JudicialConfirmation.objects.get(dispute=dispute)
    assert (confirmation.ruling, confirmation.reasons) == ("valid", "协议合法有效")


def test_rejecting_a_confirmation_needs_reasons(client_for, users):
    dispute = village_dispute(users, state="confirming")
    client = client_for("court_clerk")
    missing = _act(client, dispute, "reject_confirmation", note="", case_number=case_number("民特"))
    assert zh("Give a reason; it is recorded on the timeline.") in missing.content.decode()
    assert _status(dispute) == "confirming"

    _act(
        client,
        dispute,
        "reject_confirmation",
        note="协议内容违反法律强制性规定",
        case_number=case_number("民特"),
    )
    assert _status(dispute) == "mediating"
    assert JudicialConfirmation.objects.get(dispute=dispute).ruling == "invalid"


def test_acting_on_a_stale_page_says_the_dispute_changed_meanwhile(client_for, users):
    dispute = village_dispute(users, state="court_referred")
    first, second = client_for("court_clerk"), client_for("court_clerk")
    seen = dispute.version
    _act(first, dispute, "court_accept", version=seen)
    response = _act(second, dispute, "court_file", version=seen, case_number=case_number())

    assert response.status_code == 200
    assert zh("This dispute was changed meanwhile. Look at its current state and try again.") in (
        response.content.decode()
    )
    assert _status(dispute) == "court_mediating"
    # The fresh page is shown: it carries the new version.
    assert f'name="version" value="{seen + 1}"' in response.content.decode()


def test_an_action_that_is_not_a_court_action_is_404(client_for, users):
    dispute = village_dispute(users, state="court_referred")
    assert _act(client_for("court_clerk"), dispute, "withdraw", note="x").status_code == 404
    assert _status(dispute) == "court_referred"


@pytest.mark.parametrize("who", ["mediator_xinhua", "labour_dept", "leader", "tribunal", "mediator_dongzhai"])
def test_court_pages_answer_404_outside_scope(client_for, users, who):
    dispute = village_dispute(users, state="court_referred")
    if who == "tribunal":
        users["tribunal"] = staff("shahe-tribunal", Role.JUDGE)
    client = client_for(who)
    assert client.get(reverse("court:case", args=[dispute.code])).status_code == 404
    response = client.post(
        reverse("court:act", args=[dispute.code, "court_accept"]), {"version": dispute.version}
    )
    assert response.status_code == 404
    assert _status(dispute) == "court_referred"


def test_the_court_queue_costs_the_same_queries_for_2_and_20_disputes(client_for, users):
    client = client_for("court_clerk")
    for _ in range(2):
        village_dispute(users, state="court_referred", parties=parties_data(3))
    client.get(reverse("court:queue"))  # the per-process reference tables are read once
    few = count_queries(client, reverse("court:queue"))
    for index in range(18):
        village_dispute(users, state=("court_mediating", "confirming", "litigating")[index % 3])
    assert count_queries(client, reverse("court:queue")) == few
    html = client.get(reverse("court:queue")).content.decode()
    assert html.count('data-testid="court-') == 20
    assert html.count('data-testid="queue-case-number"') == 6  # the filed ones show their 案号
