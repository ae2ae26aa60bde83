"""Asking the grid liaisons 三官一师: only the asked grid's liaisons read the dispute, and their guidance
is on its timeline."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from agencies.choices import LiaisonKind, Role
from agencies.models import GridLiaison, Region
from agencies.selectors import village_liaisons
from disputes.models import Dispute, DisputeEvent
from supervision import liaisons
from tests.factories import dispute_in_state, staff

pytestmark = pytest.mark.django_db
GRID_1, GRID_2 = "62072310120101", "62072310120102"


def _liaison(username):
    return get_user_model().objects.get(username=username)


def test_the_demo_gives_dongzhai_grid_its_four_liaisons(linze):
    cells = village_liaisons(village=Region.objects.get(code="620723101201"))
    (grid, people), *_ = cells.items()
    assert grid.code == GRID_1
    assert sorted(p.kind for p in people) == sorted(LiaisonKind.values)


def test_a_dispute_in_a_grid_reaches_that_grids_liaisons_and_only_them(linze, users, client):
    other_grid_judge = staff("county-court", Role.LIAISON)
    GridLiaison.objects.create(
        grid=Region.objects.get(code=GRID_2), kind=LiaisonKind.JUDGE, user=other_grid_judge
    )
    dispute = dispute_in_state("reported", reporter=users["grid_dongzhai"], actor=users["grid_dongzhai"])
    judge = _liaison("liaison_judge")
    assert not Dispute.objects.restrict(judge).filter(pk=dispute.pk).exists()

    client.force_login(users["grid_dongzhai"])
    detail = client.get(f"/workbench/d/{dispute.code}/").content.decode()
    assert f'href="/supervision/disputes/{dispute.code}/liaisons/"' in detail
    grid = Region.objects.get(code=GRID_1)
    response = client.post(
        f"/supervision/disputes/{dispute.code}/liaisons/", {"grid": grid.pk, "note": "请给出法律意见"}
    )
    assert response.status_code == 302

    for username in ("liaison_judge", "liaison_prosecutor", "liaison_police", "liaison_lawyer"):
        client.force_login(_liaison(username))
        assert client.get(f"/workbench/d/{dispute.code}/").status_code == 200, username
    # Neither the liaisons' bodies (the court's other staff) nor another grid's liaison.
    for user in (users["court_clerk"], other_grid_judge, users["police_shahe"]):
        client.force_login(user)
        assert client.get(f"/workbench/d/{dispute.code}/").status_code == 404, user.username
        assert client.get(f"/supervision/disputes/{dispute.code}/liaisons/").status_code == 404

    client.force_login(judge)
    client.post(
        f"/supervision/disputes/{dispute.code}/guidance/", {"note": "建议依据《民法典》相邻关系条款调解。"}
    )
    guidance = DisputeEvent.objects.get(dispute=dispute, transition="liaison_guidance")
    assert guidance.actor == judge and guidance.note.startswith("建议依据")
    with translation.override("en"):
        page = client.get(f"/workbench/d/{dispute.code}/", headers={"accept-language": "en"})
    assert "Legal guidance from a grid liaison" in page.content.decode()


def test_only_the_holder_asks_and_only_asked_liaisons_answer(linze, users):
    from linze.exceptions import NotPermitted

    dispute = dispute_in_state("reported", reporter=users["grid_dongzhai"], actor=users["grid_dongzhai"])
    grid = Region.objects.get(code=GRID_1)
    with pytest.raises(NotPermitted):
        liaisons.liaisons_ask(dispute_id=dispute.pk, user=users["centre"], grid_id=grid.pk)
    from django.http import Http404

    with pytest.raises(Http404):  # not asked: the liaison cannot even see it
        liaisons.liaison_guidance_record(dispute_id=dispute.pk, user=_liaison("liaison_lawyer"), note="意见")
    assert not DisputeEvent.objects.filter(
        dispute=dispute, transition__in=["ask_liaisons", "liaison_guidance"]
    )
