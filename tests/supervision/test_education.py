"""Legal education sessions, linked to the villages they served."""

import datetime

import pytest

from agencies.models import Body, Region
from linze.exceptions import NotPermitted
from supervision import services
from supervision.models import LegalEducationSession
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_a_judicial_office_records_a_session_in_its_villages_and_leaders_read_it(linze, users, client):
    officer = staff("shahe-judicial")
    client.force_login(officer)
    dongzhai = Region.objects.get(code="620723101201")
    response = client.post(
        "/supervision/education/",
        {
            "body": Body.objects.get(code="shahe-judicial").pk,
            "held_on": "2026-11-20",
            "place": "东寨村委会",
            "topic": "民法典进村",
            "audience": "85",
            "villages": [dongzhai.pk],
        },
    )
    assert response.status_code == 302
    session = LegalEducationSession.objects.get(topic="民法典进村")
    assert list(session.villages.all()) == [dongzhai] and session.audience == 85
    client.force_login(users["leader"])
    assert "民法典进村" in client.get("/supervision/education/").content.decode()
    client.force_login(users["mediator_dongzhai"])
    assert client.get("/supervision/education/").status_code == 403


def test_only_the_justice_bureau_and_judicial_offices_record_sessions(linze, users):
    with pytest.raises(NotPermitted):
        services.education_session_record(
            user=users["police_shahe"], body=Body.objects.get(code="shahe-police"),
            held_on=datetime.date.today(),
            place="x", topic="y", audience=1, villages=[Region.objects.get(code="620723101201")],
        )  # fmt: skip
