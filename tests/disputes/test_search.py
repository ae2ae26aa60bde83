"""Chinese search with an index, and similar past cases (类案推送)."""

import re

import pytest
from django.db import connection

from disputes.models import Dispute
from disputes.search import search_query, search_text
from disputes.selectors import dispute_list
from disputes.similar import similar_disputes, telling_words
from tests.factories import dispute_in_state, register_dispute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_two_character_words_find_the_title_the_description_and_the_parties(users):
    wages = register_dispute(
        user=users["mediator_dongzhai"],
        title="务工人员讨薪",
        description="包工头拖欠工资三个月，金额两万元。",
        parties=[{"role": "applicant", "name": "欧阳明"}],
    )
    register_dispute(user=users["mediator_dongzhai"], title="邻里噪音纠纷", description="楼上装修噪音扰民。")
    user = users["mediator_dongzhai"]

    assert codes(dispute_list(user=user, filters={"q": "工资"})) == {wages.code}
    assert codes(dispute_list(user=user, filters={"q": "拖欠工资"})) == {wages.code}
    assert codes(dispute_list(user=user, filters={"q": "欧阳明"})) == {wages.code}
    assert codes(dispute_list(user=user, filters={"q": "赔偿"})) == set()
    assert codes(dispute_list(user=user, filters={"q": wages.code.lower()})) == {wages.code}


def test_a_resident_id_number_is_matched_exactly(users):
    from tests.disputes.test_api import resident_id

    dispute = register_dispute(
        user=users["mediator_dongzhai"],
        parties=[{"role": "applicant", "name": "张建国", "id_number": resident_id(7)}],
    )
    user = users["mediator_dongzhai"]
    assert codes(dispute_list(user=user, filters={"q": resident_id(7)})) == {dispute.code}
    assert codes(dispute_list(user=user, filters={"q": resident_id(8)})) == set()


def test_search_never_reaches_outside_the_users_scope(users):
    register_dispute(user=users["mediator_xinhua"], title="拖欠工资", region_code="620723103201")
    assert codes(dispute_list(user=users["mediator_dongzhai"], filters={"q": "工资"})) == set()


def test_the_search_uses_the_gin_index(users):
    """The plan can take the index: on a tiny table the planner would rather scan, so scans (and the
    ordered index scans) are off here; README shows the plan chosen on a million rows. A body's search
    can read its viewing bodies and the words in one scan of the one index (at 1M the planner does so
    for the work list's search too), and the words alone (similar cases) read the same index."""
    with connection.cursor() as cursor:
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("set local enable_indexscan = off")
    plan = Dispute.objects.filter(search=search_query("工资")).order_by().explain()
    assert "dispute_viewers_search" in plan
    body_id = users["mediator_dongzhai"].memberships.get().body_id
    plan = Dispute.objects.filter(viewer_bodies__overlap=[body_id], search=search_query("工资")).explain()
    conditions = re.findall(r"Bitmap Index Scan on dispute_viewers_search[^\n]*\n\s+Index Cond: (.*)", plan)
    assert any("viewer_bodies &&" in c and "search @@" in c for c in conditions), plan


def test_the_segmenter_keeps_two_character_words():
    assert {"拖欠", "工资", "纠纷"} <= set(search_text("拖欠工资纠纷").split())
    assert telling_words("宅基地界址纠纷") == ["宅基地", "宅基", "基地", "界址"]


def test_similar_past_cases_are_closed_alike_disputes_with_terms_and_masked_parties(users):
    alike = dispute_in_state("closed", via="fulfilling", title="宅基地界址纠纷", category_code="neighbour")
    unlike = dispute_in_state(
        "closed", via="fulfilling", title="拖欠工资", description="包工头拖欠工资。", category_code="labour"
    )
    dispute_in_state("mediating", title="宅基地界址争议")  # open: not a precedent
    current = register_dispute(
        user=users["mediator_xinhua"], title="宅基地界址纠纷", region_code="620723103201"
    )

    rows = similar_disputes(
        user=users["mediator_xinhua"],
        title=current.title,
        category_id=current.category_id,
        exclude_id=current.pk,
    )

    assert [row["dispute"].code for row in rows] == [alike.code]
    assert unlike.code not in {row["dispute"].code for row in rows}
    row = rows[0]
    assert row["visible"] is False and row["days"] == 0 and row["same_category"] is True
    assert row["outcome"] and row["tier"]
    assert row["terms"] == "按原界址砌墙，一方补偿对方500元"  # the agreement's terms, from mediation


def test_the_dispute_page_shows_similar_cases_without_leaking_names(client, users):
    alike = dispute_in_state(
        "closed",
        via="fulfilling",
        title="宅基地界址纠纷",
        parties=[{"role": "applicant", "name": "欧阳明"}, {"role": "respondent", "name": "李四"}],
    )
    current = register_dispute(
        user=users["mediator_xinhua"], title="宅基地界址纠纷", region_code="620723103201"
    )
    client.force_login(users["mediator_xinhua"])

    page = client.get(f"/workbench/d/{current.code}/").content.decode()
    # The page asks for the panel once shown (htmx), and links to it for a browser without scripts.
    assert f'hx-get="/workbench/d/{current.code}/similar/"' in page
    assert f'<noscript><a href="/workbench/d/{current.code}/similar/"' in page
    panel = client.get(f"/workbench/d/{current.code}/similar/", headers={"HX-Request": "true"})
    html = panel.content.decode()

    assert html.startswith("<section") and "<html" not in html
    section = html[html.index('data-testid="similar-cases"') :]
    assert 'data-testid="similar-case"' in section and "宅基地界址纠纷" in section
    assert alike.code not in html  # outside the user's scope: neither its code nor a link
    assert "欧阳明" not in html
    standalone = client.get(f"/workbench/d/{current.code}/similar/").content.decode()
    assert "<html" in standalone and 'data-testid="similar-case"' in standalone


def test_the_similar_cases_of_a_dispute_one_may_not_see_are_a_404(client, users):
    current = register_dispute(
        user=users["mediator_xinhua"], title="宅基地界址纠纷", region_code="620723103201"
    )
    client.force_login(users["mediator_dongzhai"])

    assert client.get(f"/workbench/d/{current.code}/similar/").status_code == 404


def test_intake_suggests_the_category_of_similar_disputes(client, users):
    dispute_in_state(
        "closed", via="fulfilling", title="拖欠工资", description="包工头拖欠工资。", category_code="labour"
    )
    client.force_login(users["mediator_dongzhai"])

    response = client.get("/workbench/new/similar/", {"title": "拖欠工资三个月", "description": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="similar-case"' in html
    assert re.search("劳动|Labour", html)
