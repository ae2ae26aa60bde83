"""Mediation records through the pages: sessions, agreements with obligations, follow-up visits, the
section the dispute page includes, and 404 for every page outside the user's scope."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from disputes.models import DisputeEvent
from mediation.models import Agreement, FollowUp, MediationRoom, MediationSession
from mediation.services import session_log
from tests.factories import DAZHAI, dispute_in_state, parties_data
from tests.mediation.fixtures import agreement_for, village_dispute, zh

pytestmark = pytest.mark.django_db


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def test_a_session_is_logged_in_a_room_of_the_holding_body(client_for, users):
    dispute = village_dispute(users)
    room = MediationRoom.objects.create(body=dispute.holder, name="东寨村调解室")
    client = client_for("mediator_dongzhai")
    page = client.get(reverse("mediation:session_new", args=[dispute.code]))
    assert page.status_code == 200
    assert "东寨村调解室" in page.content.decode()
    assert '<label class="form-label" for="id_minutes">调解记录' in page.content.decode()

    response = client.post(
        reverse("mediation:session_new", args=[dispute.code]),
        {
            "held_at": _now_local(),
            "room": room.pk,
            "attendees": "双方当事人、村调委会主任",
            "minutes": "双方同意按原界址砌墙。",
            "result": "agreed",
        },
    )
    assert response.status_code == 302
    session = MediationSession.objects.get(dispute=dispute)
    assert (session.room, session.place, session.result, session.mediator) == (
        room,
        "东寨村调解室",
        "agreed",
        users["mediator_dongzhai"],
    )
    assert DisputeEvent.objects.filter(dispute=dispute, transition="log_session").exists()


def test_a_session_needs_a_room_or_a_place_and_keeps_what_was_typed(client_for, users):
    dispute = village_dispute(users)
    response = client_for("mediator_dongzhai").post(
        reverse("mediation:session_new", args=[dispute.code]),
        {
            "held_at": _now_local(),
            "attendees": "双方当事人",
            "minutes": "第一次调解记录",
            "result": "continuing",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert zh("Choose a room or say where the session was held.") in html
    assert "第一次调解记录" in html
    assert not MediationSession.objects.filter(dispute=dispute).exists()


def test_a_room_of_another_body_is_refused_by_the_service(users):
    dispute = village_dispute(users)
    other = MediationRoom.objects.get(name="安贵调解室")
    with pytest.raises(Exception) as refused:
        session_log(
            dispute_id=dispute.pk,
            user=users["mediator_dongzhai"],
            data={
                "held_at": timezone.now(),
                "room": other,
                "attendees": "x",
                "minutes": "y",
                "result": "continuing",
            },
        )
    assert "room" in refused.value.message_dict


def test_an_agreement_is_drafted_from_the_parties_with_its_obligations(client_for, users):
    dispute = village_dispute(users)
    parties = list(dispute.parties.order_by("position"))
    client = client_for("mediator_dongzhai")
    page = client.get(reverse("mediation:agreement_new", args=[dispute.code])).content.decode()
    for party in parties:
        assert party.name in page
    assert 'id="obligation-template"' in page and "增加一项履行义务" in page
    due = timezone.localdate() + timedelta(days=15)
    response = client.post(
        reverse("mediation:agreement_new", args=[dispute.code]),
        {
            "parties": [p.pk for p in parties],
            "facts": "宅基地界址争议",
            "terms": "按原界址砌墙，被申请人补偿3000元",
            "performance": "十五日内付清",
            "effective_on": timezone.localdate().isoformat(),
            "originals": "3",
            "obligations-TOTAL_FORMS": "3",
            "obligations-INITIAL_FORMS": "0",
            "obligations-0-obligor": parties[1].pk,
            "obligations-0-description": "支付补偿款",
            "obligations-0-amount": "3000",
            "obligations-0-due_on": due.isoformat(),
            "obligations-1-description": "",
            "obligations-2-obligor": parties[0].pk,
            "obligations-2-description": "配合砌墙",
        },
    )
    agreement = Agreement.objects.get(dispute=dispute)
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:agreement", args=[dispute.code, agreement.pk])
    assert set(agreement.parties.all()) == set(parties) and agreement.originals == 3
    assert [(o.obligor, o.description, o.amount, o.due_on) for o in agreement.obligations.order_by("id")] == [
        (parties[1], "支付补偿款", 3000, due),
        (parties[0], "配合砌墙", None, None),
    ]


def test_an_obligation_without_a_description_is_a_field_error(client_for, users):
    dispute = village_dispute(users)
    response = client_for("mediator_dongzhai").post(
        reverse("mediation:agreement_new", args=[dispute.code]),
        {
            "parties": [p.pk for p in dispute.parties.all()],
            "facts": "事实",
            "terms": "条款",
            "effective_on": timezone.localdate().isoformat(),
            "originals": "3",
            "obligations-TOTAL_FORMS": "1",
            "obligations-INITIAL_FORMS": "0",
            "obligations-0-amount": "500",
        },
    )
    assert response.status_code == 200
    assert zh("Say what the obligor must do.") in response.content.decode()
    assert not Agreement.objects.filter(dispute=dispute).exists()


def test_a_follow_up_visit_is_recorded_while_the_agreement_is_performed(client_for, users):
    dispute = village_dispute(users, state="fulfilling")
    client = client_for("mediator_dongzhai")
    response = client.post(
        reverse("mediation:follow_up_new", args=[dispute.code]),
        {"visited_at": _now_local(), "performed": "yes", "note": "补偿款已付清"},
    )
    assert response.status_code == 302
    visit = FollowUp.objects.get(dispute=dispute)
    assert visit.performed and visit.note == "补偿款已付清" and visit.agreement == dispute.latest_agreement

    missing = client.post(
        reverse("mediation:follow_up_new", args=[dispute.code]), {"visited_at": _now_local()}
    )
    assert zh("Say whether the agreement is being performed.") in missing.content.decode()


def test_a_record_the_user_may_not_make_is_a_message_not_an_error(client_for, users):
    dispute = village_dispute(users, state="fulfilling")
    client = client_for("mediator_dongzhai")
    response = client.get(reverse("mediation:session_new", args=[dispute.code]), follow=True)
    assert response.status_code == 200
    assert (
        zh("Sessions can be logged only while the dispute is being mediated or handled.")
        in response.content.decode()
    )
    # The centre may see the dispute but does not hold it.
    response = client_for("centre").post(
        reverse("mediation:follow_up_new", args=[dispute.code]),
        {"visited_at": _now_local(), "performed": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        zh("Only the staff of the body holding this dispute may record its mediation.")
        in response.content.decode()
    )
    assert not FollowUp.objects.filter(dispute=dispute).exists()


def _pages(dispute, agreement) -> list[tuple[str, str]]:
    code = dispute.code
    return [
        ("get", reverse("mediation:records", args=[code])),
        ("get", reverse("mediation:session_new", args=[code])),
        ("post", reverse("mediation:session_new", args=[code])),
        ("get", reverse("mediation:agreement_new", args=[code])),
        ("get", reverse("mediation:agreement", args=[code, agreement.pk])),
        ("get", reverse("mediation:agreement_pdf", args=[code, agreement.pk])),
        ("get", reverse("mediation:confirmation", args=[code])),
        ("get", reverse("mediation:confirmation_pdf", args=[code])),
        ("post", reverse("mediation:confirmation_apply", args=[code])),
        ("get", reverse("mediation:follow_up_new", args=[code])),
        ("post", reverse("mediation:follow_up_new", args=[code])),
        ("get", reverse("mediation:ruling", args=[code])),
        ("get", reverse("mediation:ruling_pdf", args=[code])),
    ]


@pytest.mark.parametrize("username", ["mediator_xinhua", "court_clerk", "labour_dept", "grid_dongzhai"])
def test_every_page_of_a_dispute_answers_404_outside_the_users_scope(client_for, users, username):
    dispute = village_dispute(users)
    agreement = agreement_for(dispute, users["mediator_dongzhai"])
    client = client_for(username)
    for method, url in _pages(dispute, agreement):
        response = getattr(client, method)(url, {"version": dispute.version})
        assert response.status_code == 404, (username, method, url, response.status_code)
    # An agreement of another dispute is not reachable through a visible dispute's code either.
    other = village_dispute(users)
    response = client_for("mediator_dongzhai").get(
        reverse("mediation:agreement", args=[other.code, agreement.pk])
    )
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, users):
    dispute = village_dispute(users)
    response = client.get(reverse("mediation:records", args=[dispute.code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _render_sections(dispute, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "mediation/_dispute_sections.html" %}')
    return template.render(Context({"dispute": dispute, "request": request, "user": user}))


def test_the_dispute_page_section_lists_records_and_offers_only_allowed_actions(users):
    dispute = village_dispute(users)
    session_log(
        dispute_id=dispute.pk,
        user=users["mediator_dongzhai"],
        data={
            "held_at": timezone.now(),
            "place": "东寨村村委会",
            "attendees": "双方",
            "minutes": "第一次调解",
            "result": "continuing",
        },
    )
    agreement = agreement_for(dispute, users["mediator_dongzhai"])
    holder = _render_sections(dispute, users["mediator_dongzhai"])
    assert "东寨村村委会" in holder and "第一次调解" in holder
    assert reverse("mediation:agreement", args=[dispute.code, agreement.pk]) in holder
    assert reverse("mediation:agreement_pdf", args=[dispute.code, agreement.pk]) in holder
    assert reverse("mediation:session_new", args=[dispute.code]) in holder
    assert reverse("mediation:agreement_new", args=[dispute.code]) in holder
    assert "3,000.00元" in holder
    leader = _render_sections(dispute, users["leader"])
    assert reverse("mediation:session_new", args=[dispute.code]) not in leader
    assert reverse("mediation:agreement_new", args=[dispute.code]) not in leader
    party = dispute.parties.first()
    assert party.name in holder and party.name not in leader


def test_the_section_costs_the_same_queries_for_few_and_many_records(users):
    def queries_for(count: int) -> int:
        dispute = village_dispute(users, parties=parties_data(2 + count // 5))
        for index in range(count):
            session_log(
                dispute_id=dispute.pk,
                user=users["mediator_dongzhai"],
                data={
                    "held_at": timezone.now(),
                    "place": f"地点{index}",
                    "attendees": "双方",
                    "minutes": "记录",
                    "result": "continuing",
                },
            )
        for _index in range(max(count // 5, 1)):
            agreement_for(dispute, users["mediator_dongzhai"], obligations=count // 5 + 1)
        user = type(users["mediator_dongzhai"]).objects.get(pk=users["mediator_dongzhai"].pk)
        _render_sections(dispute, user)  # warms the user's permission caches
        with CaptureQueriesContext(connection) as queries:
            _render_sections(dispute, user)
        return len(queries)

    assert queries_for(2) == queries_for(20)


def test_a_xinhua_dispute_is_out_of_dongzhais_scope(client_for, users):
    dispute = dispute_in_state("mediating", reporter=users["mediator_xinhua"], region_code=DAZHAI)
    assert (
        client_for("mediator_dongzhai").get(reverse("mediation:records", args=[dispute.code])).status_code
        == 404
    )
    assert (
        client_for("mediator_xinhua").get(reverse("mediation:records", args=[dispute.code])).status_code
        == 200
    )


def test_agreements_and_confirmations_are_restricted_like_their_disputes(client_for, users):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from mediation import selectors
    from mediation.models import JudicialConfirmation

    dispute = village_dispute(users, "confirming")  # 东寨村's agreement, before the court
    agreement, confirmation = dispute.agreements.get(), dispute.confirmations.get()
    readers = {"admin", "centre", "leader", "mediator_dongzhai", "court_clerk"}
    for username in ["mediator_xinhua", "labour_dept", "police_shahe", "grid_dongzhai", *readers]:
        user = users[username]
        sees = username in readers
        assert Agreement.objects.restrict(user).filter(pk=agreement.pk).exists() is sees, username
        assert JudicialConfirmation.objects.restrict(user).filter(pk=confirmation.pk).exists() is sees
        if not sees:
            with pytest.raises(Http404):
                selectors.agreement_get(dispute=dispute, pk=agreement.pk, user=user)
            assert selectors.confirmation_latest(dispute=dispute, user=user) is None
    assert not Agreement.objects.restrict(AnonymousUser()).exists()
    assert selectors.agreement_get(dispute=dispute, pk=agreement.pk, user=users["leader"]) == agreement
    assert not Agreement.objects.restrict(users["mediator_dongzhai"], "change").filter(pk=agreement.pk)

    # The agreement's pages answer 404 outside the scope, also under the code of a dispute one may see.
    xinhua = dispute_in_state("mediating", reporter=users["mediator_xinhua"], region_code=DAZHAI)
    client = client_for("mediator_xinhua")
    for code in (dispute.code, xinhua.code):
        for name in ("mediation:agreement", "mediation:agreement_pdf"):
            assert client.get(reverse(name, args=[code, agreement.pk])).status_code == 404, (code, name)
    assert (
        client_for("leader")
        .get(reverse("mediation:agreement", args=[dispute.code, agreement.pk]))
        .status_code
        == 200
    )
