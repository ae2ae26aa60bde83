"""The mediator and room directory: mediators with committee, specialties and training; brand rooms with
the disputes mediated in each (only those the reader may see); fixed query counts per page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.choices import Role
from demo.mediation import mediation_demo_create
from disputes.models import Category
from mediation.models import MediationRoom, MediatorProfile, TrainingRecord
from mediation.services import mediator_profile_save, session_log, training_record_add
from tests.factories import dispute_in_state, staff
from tests.mediation.fixtures import count_queries, village_dispute

pytestmark = pytest.mark.django_db


def test_the_directory_lists_a_mediator_with_committee_specialties_and_training(client_for):
    response = client_for("mediator_shahe").get(reverse("mediation:mediators"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "调解员名录" in html
    card = html.split('data-testid="mediator-mediator_dongzhai"')[1].split("</article>")[0]
    assert "陈桂兰" in card and "金牌调解员" in card and "东寨村人民调解委员会" in card
    assert "邻里" in card and "婚姻家庭" in card
    assert "人民调解员岗前培训" in card and "临泽县司法局" in card and "16学时" in card
    assert "2025年3月18日" in card


def test_the_directory_filters_by_specialty(client_for):
    client = client_for("mediator_shahe")
    html = client.get(reverse("mediation:mediators"), {"category": "labour"}).content.decode()
    assert 'data-testid="mediator-mediator_shahe"' in html
    assert 'data-testid="mediator-mediator_dongzhai"' not in html


def test_a_brand_room_lists_the_disputes_mediated_in_it(client_for, users):
    room = MediationRoom.objects.get(name="安贵调解室")
    # Registered and mediated by the county centre, in its brand room.
    dispute = dispute_in_state("mediating", reporter=users["centre"], actor=users["centre"])
    assert dispute.holder == room.body
    session_log(
        dispute_id=dispute.pk,
        user=users["centre"],
        data={
            "held_at": timezone.now(),
            "room": room,
            "attendees": "双方当事人、安贵调解室调解员",
            "minutes": "记录",
            "result": "continuing",
        },
    )
    rooms = client_for("mediator_dongzhai").get(reverse("mediation:rooms")).content.decode()
    row = rooms.split(f'data-testid="room-{room.pk}"')[1].split("</tr>")[0]
    assert "安贵调解室" in row and "品牌调解室" in row and ">1</td>" in row
    brand = client_for("mediator_dongzhai").get(reverse("mediation:rooms"), {"brand": "1"}).content.decode()
    assert "安贵调解室" in brand and "第一调解室" not in brand

    detail = client_for("centre").get(reverse("mediation:room", args=[room.pk])).content.decode()
    assert f'data-testid="room-dispute-{dispute.code}"' in detail and dispute.title in detail
    # A mediator of a town that never held the dispute does not see it listed.
    other = client_for("mediator_xinhua").get(reverse("mediation:room", args=[room.pk])).content.decode()
    assert dispute.code not in other


def test_an_unknown_room_answers_404(client_for):
    assert client_for("mediator_dongzhai").get(reverse("mediation:room", args=[999999])).status_code == 404


def test_mediator_directory_costs_the_same_queries_for_2_and_20_mediators(client_for, users):
    client = client_for("mediator_shahe")
    labour = Category.objects.get(code="labour")

    def add_mediators(count: int) -> None:
        for _ in range(count):
            user = staff("xinhua-committee", Role.MEDIATOR)
            mediator_profile_save(user=user, data={"title": "调解能手", "specialties": [labour]})
            training_record_add(
                user=user,
                data={"title": "培训", "held_on": date(2026, 1, 5), "hours": 4, "organiser": "县司法局"},
            )

    from agencies.models import Membership

    Membership.objects.filter(role=Role.MEDIATOR).exclude(user__in=users.values()).delete()
    baseline = Membership.objects.filter(role=Role.MEDIATOR).count()
    add_mediators(2 - min(baseline, 2))
    few = count_queries(client, reverse("mediation:mediators"))
    add_mediators(20 - Membership.objects.filter(role=Role.MEDIATOR).count())
    assert Membership.objects.filter(role=Role.MEDIATOR).count() == 20
    assert count_queries(client, reverse("mediation:mediators")) == few


def test_room_pages_cost_the_same_queries_for_2_and_20_rows(client_for, users):
    client = client_for("mediator_dongzhai")
    MediationRoom.objects.all().delete()
    body = users["mediator_dongzhai"].memberships.get().body
    rooms = [MediationRoom.objects.create(body=body, name=f"调解室{i}", is_brand=i == 0) for i in range(2)]

    def mediate_in(room, count: int) -> None:
        for _ in range(count):
            dispute = village_dispute(users)
            session_log(
                dispute_id=dispute.pk,
                user=users["mediator_dongzhai"],
                data={
                    "held_at": timezone.now(),
                    "room": room,
                    "attendees": "双方",
                    "minutes": "记录",
                    "result": "continuing",
                },
            )

    mediate_in(rooms[0], 2)
    few_rooms = count_queries(client, reverse("mediation:rooms"))
    few_disputes = count_queries(client, reverse("mediation:room", args=[rooms[0].pk]))
    rooms += [MediationRoom.objects.create(body=body, name=f"调解室{i}") for i in range(2, 20)]
    mediate_in(rooms[0], 18)
    assert count_queries(client, reverse("mediation:rooms")) == few_rooms
    assert count_queries(client, reverse("mediation:room", args=[rooms[0].pk])) == few_disputes
    html = client.get(reverse("mediation:room", args=[rooms[0].pk])).content.decode()
    assert html.count('data-testid="room-dispute-') == 20


def test_the_demo_directory_is_idempotent(users):
    before = (MediatorProfile.objects.count(), TrainingRecord.objects.count(), MediationRoom.objects.count())
    result = mediation_demo_create()
    assert (
        MediatorProfile.objects.count(),
        TrainingRecord.objects.count(),
        MediationRoom.objects.count(),
    ) == before
    assert result["sessions_linked"] == 0
    brand = MediationRoom.objects.get(name="安贵调解室")
    assert brand.is_brand and brand.body.code == "county-centre"
    assert MediatorProfile.objects.get(user__username="mediator_dongzhai").title == "金牌调解员"
