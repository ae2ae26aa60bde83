"""The workbench pages: inboxes, the dispute page and its actions, unmasking, scope (404) and query counts."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from agencies.models import Body
from disputes import services
from disputes.deadlines import time_left as clock_time_left
from disputes.models import Dispute, PersonalDataView, Referral
from disputes.templatetags.workbench import time_left, yuan
from disputes.views.pagination import SORTS, keyset_page
from tests.factories import dispute_in_state, grid_station_of, parties_data, register_dispute, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

STALE = "已被他人更新"


@pytest.fixture
def as_user(client, users):
    def log_in(username):
        client.force_login(users[username])
        return client

    return log_in


def page(response) -> str:
    return response.content.decode()


def mediating(user, **fields) -> Dispute:
    dispute = register_dispute(user=user, **fields)
    return services.dispute_transition(dispute_id=dispute.pk, user=user, name="start_mediation")


def escalated(users) -> Dispute:
    """A dispute the Dongzhai village committee mediated and handed up to the Shahe town committee."""
    dispute = mediating(users["mediator_dongzhai"])
    return services.dispute_transition(
        dispute_id=dispute.pk, user=users["mediator_dongzhai"], name="escalate", data={"note": "调解未果"}
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


# -- scope: a dispute outside the user's scope does not exist for them ---------------------------------

SCOPED_URLS = [
    ("get", "/workbench/d/{code}/"),
    ("post", "/workbench/d/{code}/parties/reveal/"),
    ("get", "/workbench/d/{code}/act/assess/"),
    ("post", "/workbench/d/{code}/act/assess/"),
    ("post", "/workbench/d/{code}/attachments/"),
    ("get", "/workbench/d/{code}/attachments/{attachment}/"),
    ("get", "/workbench/d/id/{pk}/"),
]


@pytest.fixture
def dongzhai_dispute_with_evidence(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dispute = register_dispute(user=users["mediator_dongzhai"], title="东寨村宅基地纠纷")
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = services.attachment_add(
        dispute_id=dispute.pk, user=users["mediator_dongzhai"], upload=upload
    )
    return dispute, attachment


@pytest.mark.parametrize(("method", "url"), SCOPED_URLS)
def test_every_page_with_a_code_answers_404_outside_the_users_scope(
    as_user, dongzhai_dispute_with_evidence, method, url
):
    dispute, attachment = dongzhai_dispute_with_evidence
    client = as_user("mediator_xinhua")
    response = getattr(client, method)(url.format(code=dispute.code, attachment=attachment.pk, pk=dispute.pk))
    assert response.status_code == 404
    assert "东寨村宅基地纠纷" not in page(response)
    assert Dispute.objects.get(pk=dispute.pk).status == "reported"
    assert not PersonalDataView.objects.exists()


@pytest.mark.parametrize("url", [u for m, u in SCOPED_URLS if m == "get"])
def test_the_same_pages_open_for_the_holder(as_user, dongzhai_dispute_with_evidence, url):
    dispute, attachment = dongzhai_dispute_with_evidence
    client = as_user("mediator_dongzhai")
    response = client.get(url.format(code=dispute.code, attachment=attachment.pk, pk=dispute.pk), follow=True)
    assert response.status_code == 200


def test_an_unknown_code_or_action_is_404(as_user, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    client = as_user("mediator_dongzhai")
    assert client.get("/workbench/d/LZ-2026-999999/").status_code == 404
    assert client.get(f"/workbench/d/{dispute.code}/act/fly_away/").status_code == 404


def test_signed_out_visitors_are_sent_to_log_in(client, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    response = client.get(f"/workbench/d/{dispute.code}/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/accounts/login/")


# -- the dispute page ---------------------------------------------------------------------------------


def test_dispute_page_shows_summary_in_chinese_formats(as_user, users):
    dispute = register_dispute(user=users["mediator_dongzhai"], amount="1200", title="拖欠工钱纠纷")
    html = page(as_user("mediator_dongzhai").get(f"/workbench/d/{dispute.code}/"))
    assert "拖欠工钱纠纷" in html and dispute.code in html
    assert "¥1,200.00" in html
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", html)
    assert "已登记" in html and "源头预防" in html  # status and stage
    assert "东寨村人民调解委员会" in html  # the holder
    assert re.search(r"剩余 \d+ (个工作日|天（\d+ 个工作日）)|今日到期", html)
    assert 'data-action="assess"' in html and 'data-action="start_mediation"' in html


def test_the_timeline_names_labels_actors_and_automatic_steps(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    services.dispute_transition(
        dispute_id=dispute.pk, user=None, name="escalate", system=True, data={"note": "超期自动上交"}
    )
    html = page(as_user("mediator_dongzhai").get(f"/workbench/d/{dispute.code}/"))
    timeline = html[html.index('data-testid="timeline"') :]
    assert "登记" in timeline and "开始调解" in timeline and "提交上一级调处" in timeline
    assert "已登记 → 调解中" in timeline
    assert "系统自动" in timeline
    assert "由东寨村人民调解委员会移交" in timeline


def test_a_mediator_escalates_with_a_reason_and_sees_the_new_holder(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    client = as_user("mediator_dongzhai")
    form = page(client.get(f"/workbench/d/{dispute.code}/act/escalate/"))
    assert f'name="version" value="{dispute.version}"' in form and 'name="note"' in form

    response = client.post(
        f"/workbench/d/{dispute.code}/act/escalate/",
        {"version": dispute.version, "note": "村调委会两次调解未果"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/workbench/d/{dispute.code}/", 302)]
    html = page(response)
    town = Body.objects.get(code="shahe-committee")
    holder = re.search(r'data-testid="holder">([^<]*)<', html).group(1)
    assert holder == town.name
    assert "已完成：提交上一级调处" in html
    assert "村调委会两次调解未果" in html
    assert Dispute.objects.get(pk=dispute.pk).holder == town


def test_htmx_loads_the_form_partial_and_redirects_the_page_after_the_action(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    client = as_user("mediator_dongzhai")
    partial = page(
        client.get(f"/workbench/d/{dispute.code}/act/escalate/?v={dispute.version}", HTTP_HX_REQUEST="true")
    )
    assert "<html" not in partial and 'hx-post="/workbench/d/' in partial

    response = client.post(
        f"/workbench/d/{dispute.code}/act/escalate/",
        {"version": dispute.version, "note": "升级"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/workbench/d/{dispute.code}/"


def test_a_stale_version_says_changed_meanwhile_and_shows_the_fresh_page(as_user, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    seen = dispute.version
    services.dispute_transition(dispute_id=dispute.pk, user=users["mediator_dongzhai"], name="assess")

    response = as_user("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/act/decline/", {"version": seen, "note": "请申请仲裁"}, follow=True
    )

    html = page(response)
    assert response.redirect_chain == [(f"/workbench/d/{dispute.code}/", 302)]
    assert STALE in html
    assert re.search(r'data-testid="dispute-status">研判中<', html)
    assert Dispute.objects.get(pk=dispute.pk).status == "assessing"


def test_a_refused_guard_shows_the_rule_that_refused_it(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    response = as_user("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/act/record_agreement/", {"version": dispute.version}
    )
    assert response.status_code == 409
    refusal = re.search(r'data-testid="refusal">([^<]*)<', page(response)).group(1)
    assert refusal == "请先登记载明全部当事人的调解协议，再将纠纷标记为已达成协议。"
    assert Dispute.objects.get(pk=dispute.pk).status == "mediating"


def test_a_refusal_inside_the_htmx_panel_is_still_shown(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    response = as_user("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/act/record_agreement/",
        {"version": dispute.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'data-testid="refusal"' in page(response)


def test_a_missing_reason_is_shown_at_the_field(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    response = as_user("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/act/escalate/", {"version": dispute.version, "note": ""}
    )
    html = page(response)
    assert response.status_code == 200
    assert "请填写理由，理由将记入办理记录。" in html and 'aria-invalid="true"' in html
    assert Dispute.objects.get(pk=dispute.pk).holder.code == "shahe-dongzhai-committee"


def test_a_user_who_may_only_look_is_told_why(as_user, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    client = as_user("leader")
    form = client.get(f"/workbench/d/{dispute.code}/act/assess/")
    assert form.status_code == 403 and "只有负责此环节的工作人员" in page(form)
    response = client.post(f"/workbench/d/{dispute.code}/act/assess/", {"version": dispute.version})
    assert response.status_code == 403 and "只有负责此环节的工作人员" in page(response)
    assert Dispute.objects.get(pk=dispute.pk).status == "reported"


def test_the_refer_form_groups_bodies_by_kind_and_asks_for_the_lead(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    client = as_user("mediator_dongzhai")
    html = page(client.get(f"/workbench/d/{dispute.code}/act/refer/"))
    assert "<details" in html and "派出所" in html and "政府职能部门" in html
    # Nothing is ticked yet: the lead select offers no body (it lists the bodies ticked only).
    lead_select = re.search(r'<select[^>]*name="lead".*?</select>', html, re.S).group(0)
    assert "<optgroup" not in lead_select and lead_select.count("<option") == 1
    holder = Body.objects.get(code="shahe-dongzhai-committee")
    assert f'value="{holder.pk}"' not in html  # the holder is not offered

    labour, police = Body.objects.get(code="labour-dept"), Body.objects.get(code="shahe-police")
    response = client.post(
        f"/workbench/d/{dispute.code}/act/refer/",
        {
            "version": dispute.version,
            "bodies": [labour.pk, police.pk],
            "lead": labour.pk,
            "route": "administrative_mediation",
            "note": "请人社局牵头",
        },
    )
    assert response.status_code == 302
    assert Dispute.objects.get(pk=dispute.pk).status == "referred"
    assert {(r.body.code, r.is_lead) for r in Referral.objects.filter(dispute=dispute)} == {
        ("labour-dept", True),
        ("shahe-police", False),
    }


def test_the_refer_form_keeps_the_choice_when_the_lead_is_missing(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    labour, police = Body.objects.get(code="labour-dept"), Body.objects.get(code="shahe-police")
    response = as_user("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/act/refer/",
        {"version": dispute.version, "bodies": [labour.pk, police.pk], "route": "administrative_mediation"},
    )
    html = page(response)
    assert response.status_code == 200
    assert re.search(rf'value="{labour.pk}"[^>]*checked', html) and re.search(
        rf'value="{police.pk}"[^>]*checked', html
    )
    assert "已选择多个单位，请指定牵头单位。" in html
    assert Dispute.objects.get(pk=dispute.pk).status == "mediating"


def test_the_holder_attaches_evidence_and_a_bad_type_is_refused_with_the_rule(
    as_user, users, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dispute = register_dispute(user=users["mediator_dongzhai"])
    client = as_user("mediator_dongzhai")
    bad = client.post(
        f"/workbench/d/{dispute.code}/attachments/",
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
        follow=True,
    )
    assert "不能上传 .exe 类型的文件" in page(bad)
    good = client.post(
        f"/workbench/d/{dispute.code}/attachments/",
        {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg")},
        follow=True,
    )
    html = page(good)
    assert "photo.jpg" in html and dispute.attachments.count() == 1
    download = client.get(f"/workbench/d/{dispute.code}/attachments/{dispute.attachments.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"\xff\xd8\xff"


# -- personal data: masked by default where the role needs it, unmasking recorded ----------------------


def test_the_holder_sees_the_parties_unmasked_without_an_audit_row(as_user, users):
    parties = parties_data(2)
    dispute = register_dispute(user=users["mediator_dongzhai"], parties=parties)
    html = page(as_user("mediator_dongzhai").get(f"/workbench/d/{dispute.code}/"))
    assert parties[0]["name"] in html and parties[0]["id_number"] in html
    assert 'data-testid="masked"' not in html
    assert not PersonalDataView.objects.exists()


def test_a_previous_holder_unmasks_on_purpose_and_it_is_recorded(as_user, users):
    parties = parties_data(2)
    dispute = mediating(users["mediator_dongzhai"], parties=parties)
    services.dispute_transition(
        dispute_id=dispute.pk, user=users["mediator_dongzhai"], name="escalate", data={"note": "上交"}
    )
    client = as_user("mediator_dongzhai")
    masked = page(client.get(f"/workbench/d/{dispute.code}/"))
    assert 'data-testid="masked"' in masked and parties[0]["id_number"] not in masked
    assert parties[0]["id_number"][-4:] in masked and "显示完整个人信息" in masked

    revealed = client.post(f"/workbench/d/{dispute.code}/parties/reveal/")

    html = page(revealed)
    assert revealed.status_code == 200
    assert parties[0]["id_number"] in html and parties[1]["name"] in html
    view = PersonalDataView.objects.get()
    assert (view.user, view.dispute_id, view.body.code) == (
        users["mediator_dongzhai"],
        dispute.pk,
        "shahe-dongzhai-committee",
    )
    assert view.viewed_at is not None


def test_htmx_unmasking_swaps_only_the_parties(as_user, users):
    dispute = escalated(users)
    response = as_user("mediator_dongzhai").post(
        f"/workbench/d/{dispute.code}/parties/reveal/", HTTP_HX_REQUEST="true"
    )
    html = page(response)
    assert "<html" not in html and 'id="parties"' in html and 'data-testid="masked"' not in html
    assert PersonalDataView.objects.count() == 1


def test_a_leader_sees_masked_data_and_cannot_unmask(as_user, users):
    parties = parties_data(2)
    dispute = register_dispute(user=users["mediator_dongzhai"], parties=parties)
    client = as_user("leader")
    html = page(client.get(f"/workbench/d/{dispute.code}/"))
    assert 'data-testid="masked"' in html
    assert parties[0]["name"] not in html and parties[0]["id_number"] not in html
    assert "显示完整个人信息" not in html
    response = client.post(f"/workbench/d/{dispute.code}/parties/reveal/", follow=True)
    assert "只能查看脱敏后的个人信息" in page(response)
    assert parties[0]["id_number"] not in page(response)
    assert not PersonalDataView.objects.exists()


# -- inboxes ------------------------------------------------------------------------------------------


def test_my_bodys_open_disputes_and_not_others(as_user, users):
    own = register_dispute(user=users["mediator_dongzhai"], title="本村纠纷")
    other = register_dispute(user=users["mediator_xinhua"], region_code="620723102201", title="外镇纠纷")
    html = page(as_user("mediator_dongzhai").get("/workbench/"))
    assert own.code in html and other.code not in html
    assert re.search(r"<h1[^>]*>工作台</h1>", html)


def test_overdue_and_due_soon_tabs(as_user, users):
    late, soon = (register_dispute(user=users["mediator_dongzhai"]) for _ in range(2))
    # Time travel: the first one's deadline passed yesterday (at noon, local time: a moment 26 hours
    # ago would be the day before yesterday in the first two hours of a day).
    late_by = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=1), time(12)))
    Dispute.objects.filter(pk=late.pk).update(due_at=late_by)
    client = as_user("mediator_dongzhai")
    overdue = page(client.get("/workbench/?tab=overdue"))
    # A registered dispute's clock counts working days: it is overdue by working days (by a day when
    # none lies between, over a weekend).
    with translation.override("zh-hans"):
        label = clock_time_left(late_by, unit="workdays").label
    assert label in ("已超期 1 个工作日", "已超期 1 天")
    assert late.code in overdue and soon.code not in overdue and label in overdue
    due_soon = page(client.get("/workbench/?tab=due_soon"))
    assert soon.code in due_soon and late.code not in due_soon


def test_navigation_badges_count_open_and_overdue(as_user, users):
    late, _other = (register_dispute(user=users["mediator_dongzhai"]) for _ in range(2))
    Dispute.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=3))
    html = page(as_user("mediator_dongzhai").get("/workbench/"))
    assert re.search(r'data-testid="badge-open">2<', html)
    assert re.search(r'data-testid="badge-overdue">1<', html)


def test_search_by_code_title_and_party_name_and_filter_by_status(as_user, users):
    first = register_dispute(
        user=users["mediator_dongzhai"],
        title="果园灌溉用水纠纷",
        parties=[{"role": "applicant", "name": "欧阳明"}],
    )
    second = register_dispute(user=users["mediator_dongzhai"], title="宅基地界址纠纷")
    services.dispute_transition(dispute_id=second.pk, user=users["mediator_dongzhai"], name="assess")
    client = as_user("mediator_dongzhai")

    def codes(query):
        return set(re.findall(r"LZ-\d{4}-\d{6}", page(client.get(f"/workbench/?{query}"))))

    assert codes(f"q={first.code.lower()}") == {first.code}
    assert codes("q=灌溉") == {first.code}
    assert codes("q=欧阳明") == {first.code}
    assert codes("status=assessing") == {second.code}
    assert codes("tab=all&category=neighbour&risk=yellow") == {first.code, second.code}


def test_htmx_filtering_returns_only_the_results(as_user, users):
    register_dispute(user=users["mediator_dongzhai"])
    response = as_user("mediator_dongzhai").get(
        "/workbench/?q=x", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-results"
    )
    assert "<html" not in page(response) and "暂无内容" in page(response)


def test_keyset_pages_cover_every_row_once(as_user, users):
    user = users["mediator_dongzhai"]
    codes = {register_dispute(user=user).code for _ in range(28)}
    client = as_user("mediator_dongzhai")
    first = page(client.get("/workbench/"))
    first_codes = re.findall(r'href="/workbench/d/(LZ-[^/]+)/"', first)
    assert len(first_codes) == 25
    after = re.search(r'rel="next" href="\?([^"]+)"', first).group(1).replace("&amp;", "&")
    second = page(client.get(f"/workbench/?{after}"))
    second_codes = re.findall(r'href="/workbench/d/(LZ-[^/]+)/"', second)
    assert len(second_codes) == 3 and 'rel="next"' not in second
    assert set(first_codes) | set(second_codes) == codes
    before = re.search(r'rel="prev" href="\?([^"]+)"', second).group(1).replace("&amp;", "&")
    back = re.findall(r'href="/workbench/d/(LZ-[^/]+)/"', page(client.get(f"/workbench/?{before}")))
    assert back == first_codes


def test_keyset_pagination_by_due_date_with_empty_deadlines(users):
    user = users["mediator_dongzhai"]
    disputes = [register_dispute(user=user) for _ in range(7)]
    base = timezone.now()
    # Two deadlines alike, two without a clock: ties and nulls must not lose or repeat rows.
    for index, dispute in enumerate(disputes):
        due = None if index in (2, 5) else base + timedelta(hours=[3, 1, 0, 1, 9, 0, 2][index])
        Dispute.objects.filter(pk=dispute.pk).update(due_at=due)
    queryset = Dispute.objects.filter(pk__in=[d.pk for d in disputes])
    expected = list(queryset.order_by(SORTS["due"].field, "pk").values_list("pk", flat=True))
    expected = [pk for pk in expected if Dispute.objects.get(pk=pk).due_at] + [
        pk for pk in expected if not Dispute.objects.get(pk=pk).due_at
    ]
    seen, cursor, pages = [], None, []
    while True:
        result = keyset_page(queryset, sort=SORTS["due"], after=cursor, size=3)
        pages.append(result)
        seen += [row.pk for row in result.rows]
        if not result.next_cursor:
            break
        cursor = result.next_cursor
    assert seen == expected
    back = keyset_page(queryset, sort=SORTS["due"], before=pages[-1].prev_cursor, size=3)
    assert [row.pk for row in back.rows] == [row.pk for row in pages[-2].rows]


def test_a_tampered_cursor_shows_the_first_page(as_user, users):
    register_dispute(user=users["mediator_dongzhai"])
    assert as_user("mediator_dongzhai").get("/workbench/?after=%%%bad").status_code == 200


def test_agency_staff_see_referrals_waiting_for_them(as_user, users):
    dispute = mediating(users["mediator_dongzhai"])
    labour = Body.objects.get(code="labour-dept")
    services.dispute_transition(
        dispute_id=dispute.pk,
        user=users["mediator_dongzhai"],
        name="refer",
        data={"bodies": [labour.pk], "route": "administrative_mediation"},
    )
    client = as_user("labour_dept")
    html = page(client.get("/workbench/?tab=referrals"))
    assert dispute.code in html and 'href="/agency/"' in html and "牵头" in html
    assert re.search(r'data-testid="badge-referrals">1<', html)


def test_leaders_have_no_workbench(as_user):
    assert as_user("leader").get("/workbench/").status_code == 403


# -- query counts: the same for 2 rows as for 50 -------------------------------------------------------


@pytest.mark.parametrize("tab", ["mine", "overdue", "due_soon", "all"])
def test_inbox_tabs_make_the_same_number_of_queries_for_2_and_50_rows(as_user, users, tab):
    user = users["mediator_dongzhai"]
    client = as_user("mediator_dongzhai")
    url = f"/workbench/?tab={tab}"

    def add(count):
        disputes = [register_dispute(user=user, parties=parties_data(2)) for _ in range(count)]
        if tab == "overdue":
            Dispute.objects.filter(pk__in=[d.pk for d in disputes]).update(
                due_at=timezone.now() - timedelta(days=2)
            )

    add(2)
    client.get(url)  # warm the per-process caches (content types, the ladder)
    with_two = queries(client, url)
    add(48)
    with_fifty = queries(client, url)
    assert len(re.findall(r'href="/workbench/d/LZ-', page(client.get(url)))) == 25
    assert with_two == with_fifty


def test_grid_home_makes_the_same_number_of_queries_for_2_and_50_reports(client):
    grid_worker = staff(grid_station_of("620723101201").code, "grid_worker")
    client.force_login(grid_worker)
    for _ in range(2):
        register_dispute(user=grid_worker)
    client.get("/workbench/grid/")
    with_two = queries(client, "/workbench/grid/")
    for _ in range(48):
        register_dispute(user=grid_worker)
    with_fifty = queries(client, "/workbench/grid/")
    assert with_two == with_fifty


def test_the_dispute_page_does_not_grow_with_its_timeline(as_user, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dispute = mediating(users["mediator_dongzhai"])
    client = as_user("mediator_dongzhai")
    url = f"/workbench/d/{dispute.code}/"
    client.get(url)
    short = queries(client, url)
    for index in range(5):  # five more timeline entries and five attachments
        services.attachment_add(
            dispute_id=dispute.pk,
            user=users["mediator_dongzhai"],
            upload=SimpleUploadedFile(f"note{index}.txt", b"x", content_type="text/plain"),
        )
    assert queries(client, url) == short


# -- presentation helpers -------------------------------------------------------------------------------


def test_the_time_left_tag_counts_working_days_and_overdue_days():
    tz = timezone.get_current_timezone()
    now = datetime(2026, 11, 26, 10, 0, tzinfo=tz)  # a Thursday

    def text(due_at) -> str:
        return re.sub(r"<[^>]+>", "", time_left(due_at, now))

    with translation.override("zh-hans"):
        assert text(datetime(2026, 11, 30, 23, 59, tzinfo=tz)) == "剩余 4 天（2 个工作日）"
        assert text(datetime(2026, 11, 27, 23, 59, tzinfo=tz)) == "剩余 1 个工作日"
        assert text(datetime(2026, 11, 26, 23, 59, tzinfo=tz)) == "今日到期，剩余 14 小时"
        assert text(datetime(2026, 11, 23, 9, 0, tzinfo=tz)) == "已超期 3 天"
        assert text(datetime(2026, 11, 26, 7, 0, tzinfo=tz)) == "已超期 3 小时"
        assert text(None) == "无办理期限"
    with translation.override("en"):
        assert text(datetime(2026, 11, 30, 23, 59, tzinfo=tz)) == "4 days left (2 working days)"
    assert "text-bg-danger" in time_left(datetime(2026, 11, 23, 9, 0, tzinfo=tz), now)
    assert "text-bg-warning" in time_left(datetime(2026, 11, 30, 23, 59, tzinfo=tz), now)  # due soon
    assert "text-bg-light" in time_left(datetime(2026, 12, 7, 23, 59, tzinfo=tz), now)


def test_amounts_in_yuan():
    assert yuan("1200") == "¥1,200.00"
    assert yuan(None) == ""


def test_the_dispute_page_says_when_the_clock_is_paused(client, users):
    mediator = users["mediator_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=mediator, actor=mediator)
    services.dispute_transition(
        dispute_id=dispute.pk, user=mediator, name="pause_clock", data={"note": "等待伤残鉴定"}
    )
    client.force_login(mediator)
    html = client.get(f"/workbench/d/{dispute.code}/").content.decode()
    assert "计时已暂停" in html


def test_the_workbench_and_the_api_filter_the_same_way(as_user, users):
    """One dispute-list filter: the same filters give the same disputes on the page and in the API."""
    orchard = register_dispute(
        user=users["mediator_dongzhai"],
        title="果园灌溉用水纠纷",
        parties=[{"role": "applicant", "name": "欧阳明"}],
    )
    boundary = register_dispute(user=users["mediator_dongzhai"], title="宅基地界址纠纷")
    services.dispute_transition(dispute_id=boundary.pk, user=users["mediator_dongzhai"], name="assess")
    client = as_user("mediator_dongzhai")

    def on_page(query):
        return set(re.findall(r"LZ-\d{4}-\d{6}", page(client.get(f"/workbench/?tab=all&{query}"))))

    def in_api(query):
        return {row["code"] for row in client.get(f"/api/v1/disputes/?{query}").json()["results"]}

    for query, expected in [
        ("q=灌溉", {orchard.code}),
        ("q=欧阳明", {orchard.code}),
        (f"q={boundary.code.lower()}", {boundary.code}),
        ("status=assessing", {boundary.code}),
        ("category=neighbour&risk_level=yellow", {orchard.code, boundary.code}),
        # The description is searched too (the factory's says 宅基地界址 for both).
        ("tier=village&q=界址", {orchard.code, boundary.code}),
        # A town by its official code and by the one it had before (沙河镇 was 620723100).
        ("town=620723101", {orchard.code, boundary.code}),
        ("town=620723100", {orchard.code, boundary.code}),
        ("town=620723102", set()),
    ]:
        assert on_page(query.replace("risk_level", "risk")) == in_api(query) == expected, query
