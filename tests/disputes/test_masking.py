"""One masking of personal data: the dispute page, the API and the warning all show a party the same way."""

import pytest

from disputes.masking import party_name, party_personal_data
from disputes.models import Party
from tests.factories import register_dispute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def test_every_personal_field_is_masked_and_nothing_else_leaks():
    party = Party(
        name="张三丰", id_number="620723199001011234", phone="13912345678", address="临泽县沙河镇东寨村三社"
    )

    masked = party_personal_data(party, masked=True)

    assert masked == {
        "name": "张**",
        "id_number": "620***********1234",
        "phone": "139****5678",
        "address": "临泽县沙河镇…",
        "masked": True,
    }
    assert party_personal_data(party, masked=False)["id_number"] == "620723199001011234"
    assert party_name(party, masked=True) == "张**"


def test_the_page_and_the_api_mask_a_party_identically_for_someone_who_may_not_see_it(client, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    party = dispute.parties.order_by("position").first()
    expected = party_personal_data(party, masked=True)
    client.force_login(users["leader"])

    page = client.get(f"/workbench/d/{dispute.code}/").content.decode()
    api = client.get(f"/api/v1/disputes/{dispute.code}/").json()["parties"][0]

    for field in ("name", "id_number", "phone"):
        assert expected[field] in page
        assert api[field] == expected[field]
    assert party.id_number not in page and party.phone not in page
    assert api["masked"] is True
