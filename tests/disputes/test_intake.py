"""Intake (登记) and the grid report: nothing typed is lost, errors sit at their field."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Region
from disputes.forms import IntakeForm, party_formset
from disputes.models import Attachment, Category, Dispute, Party
from disputes.validators import id_check_char
from disputes.views.intake import _errors_onto_intake

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

DONGZHAI, DAZHAI = "620723101201", "620723102201"


def resident_id(serial: int) -> str:
    first17 = f"62072319800101{serial:03d}"
    return first17 + id_check_char(first17)


BAD_CHECKSUM_ID = resident_id(3)[:17] + ("0" if resident_id(3)[17] != "0" else "1")


@pytest.fixture
def mediator(client, users):
    client.force_login(users["mediator_dongzhai"])
    return client


def intake_post(*, parties: list[dict], **fields) -> dict:
    data = {
        "title": "承包地边界纠纷",
        "category": Category.objects.get(code="land-contract").pk,
        "area": Region.objects.get(code="620723101").pk,
        "region": Region.objects.get(code=DONGZHAI).pk,
        "channel": "hotline",
        "description": "两户因承包地边界发生争执。\n已多次协商。",
        "amount": "1200.50",
        "people_involved": "5",
        "personal_status_matter": "on",
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "1",
        "parties-MAX_NUM_FORMS": "50",
    }
    for index, party in enumerate(parties):
        for key, value in party.items():
            data[f"parties-{index}-{key}"] = value
    data.update(fields)
    return data


THREE_PARTIES = [
    {
        "role": "applicant",
        "kind": "person",
        "name": "张建国",
        "id_number": resident_id(1),
        "phone": "13893600001",
        "address": "沙河镇东寨村3社",
    },
    {
        "role": "respondent",
        "kind": "person",
        "name": "李明",
        "id_number": "",
        "phone": "1389360",
        "address": "东寨村5社",
    },
    {
        "role": "third_party",
        "kind": "organisation",
        "name": "东寨村村民委员会",
        "id_number": BAD_CHECKSUM_ID,
        "phone": "",
        "address": "东寨村",
    },
]


def value_of(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    option = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1)) if select else None
    return option.group(1) if option else None


def test_the_intake_page_offers_two_party_rows_and_the_region_picker(mediator):
    html = mediator.get("/workbench/new/").content.decode()
    assert re.search(r"<h1[^>]*>登记纠纷</h1>", html)
    assert 'name="parties-1-name"' in html and 'name="parties-2-name"' not in html
    assert '<optgroup label="沙河镇">' in html and '<optgroup label="新华镇">' in html  # no-JS fallback
    assert 'hx-get="/workbench/new/villages/"' in html and 'hx-get="/workbench/new/party-row/"' in html
    assert 'name="add_party"' in html  # the no-JS "add another party" button
    for label in (
        "标题",
        "类别",
        "案情",
        "村（社区）",
        "涉及金额（元）",
        "姓名（名称）",
        "居民身份证号码",
        "手机号码",
    ):
        assert label in html


def test_intake_keeps_every_typed_value_when_it_comes_back_with_field_errors(mediator):
    before = Dispute.objects.count()
    response = mediator.post("/workbench/new/", intake_post(parties=THREE_PARTIES))
    html = response.content.decode()

    assert response.status_code == 200
    assert Dispute.objects.count() == before
    # The errors sit at their fields.
    assert "请输入中国大陆手机号码" in html
    assert "该身份证号码校验位不符" in html
    assert html.count('aria-invalid="true"') >= 2
    # Every value typed is still there: the dispute …
    assert value_of(html, "title") == "承包地边界纠纷"
    assert "两户因承包地边界发生争执。\n已多次协商。" in html
    assert value_of(html, "amount") == "1200.50" and value_of(html, "people_involved") == "5"
    assert re.search(r'name="personal_status_matter"[^>]*checked', html)
    assert selected(html, "channel") == "hotline"
    assert selected(html, "category") == str(Category.objects.get(code="land-contract").pk)
    assert selected(html, "region") == str(Region.objects.get(code=DONGZHAI).pk)
    assert value_of(html, "parties-TOTAL_FORMS") == "3"
    # … and all three party rows.
    for index, party in enumerate(THREE_PARTIES):
        for key in ("name", "id_number", "phone", "address"):
            assert value_of(html, f"parties-{index}-{key}") == party[key], (index, key)
        assert selected(html, f"parties-{index}-role") == party["role"]
        assert selected(html, f"parties-{index}-kind") == party["kind"]


def test_missing_required_fields_are_named(mediator):
    data = intake_post(parties=[{"role": "applicant", "kind": "person", "name": ""}], title="", region="")
    html = mediator.post("/workbench/new/", data).content.decode()
    assert "请选择纠纷发生地所在的村（社区）。" in html
    assert "请填写当事人姓名或名称。" in html
    assert "请为纠纷填写简短标题。" in html
    assert Dispute.objects.count() == 0


def test_a_valid_intake_registers_the_dispute_and_opens_its_page(mediator, users):
    parties = [dict(THREE_PARTIES[0]), {**THREE_PARTIES[1], "phone": "13893600002"}]
    response = mediator.post("/workbench/new/", intake_post(parties=parties))

    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/workbench/d/{dispute.code}/"
    assert (dispute.title, dispute.channel, str(dispute.amount), dispute.people_involved) == (
        "承包地边界纠纷",
        "hotline",
        "1200.50",
        5,
    )
    assert dispute.region.code == DONGZHAI and dispute.personal_status_matter
    assert (
        dispute.holder.code == "shahe-dongzhai-committee"
        and dispute.reported_by == users["mediator_dongzhai"]
    )
    assert list(Party.objects.filter(dispute=dispute).values_list("name", "role", "phone")) == [
        ("张建国", "applicant", "13893600001"),
        ("李明", "respondent", "13893600002"),
    ]
    html = mediator.get(response.headers["Location"]).content.decode()
    assert f"纠纷已登记，编号 {dispute.code}" in html


def test_removed_and_empty_rows_are_not_registered(mediator):
    parties = [
        THREE_PARTIES[0],
        {**THREE_PARTIES[1], "phone": "", "DELETE": "on"},  # removed, its bad data no longer matters
        {"role": "respondent", "kind": "person", "name": "", "id_number": "", "phone": "", "address": ""},
        {"role": "respondent", "kind": "person", "name": "王五", "id_number": "", "phone": "", "address": ""},
    ]
    assert mediator.post("/workbench/new/", intake_post(parties=parties)).status_code == 302
    assert list(Party.objects.values_list("name", flat=True)) == ["张建国", "王五"]


def test_a_dispute_needs_a_party(mediator):
    empty = {"role": "applicant", "kind": "person", "name": "", "DELETE": "on"}
    html = mediator.post("/workbench/new/", intake_post(parties=[empty])).content.decode()
    assert "每件纠纷至少需要一名当事人。" in html
    assert Dispute.objects.count() == 0


def test_an_attachment_of_a_disallowed_type_shows_the_rule(mediator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = intake_post(parties=[THREE_PARTIES[0]])
    data["attachments"] = [
        SimpleUploadedFile("virus.exe", b"MZ"),
        SimpleUploadedFile("photo.jpg", b"\xff\xd8"),
    ]
    html = mediator.post("/workbench/new/", data).content.decode()
    assert "不能上传 .exe 类型的文件" in html
    assert "请重新选择证据材料" in html
    assert value_of(html, "title") == "承包地边界纠纷"
    assert Dispute.objects.count() == 0 and Attachment.objects.count() == 0


def test_attachments_are_saved_with_the_dispute(mediator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = intake_post(parties=[THREE_PARTIES[0]])
    data["attachments"] = [
        SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
        SimpleUploadedFile("contract.pdf", b"%PDF-1.4", content_type="application/pdf"),
    ]
    assert mediator.post("/workbench/new/", data).status_code == 302
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["contract.pdf", "photo.jpg"]
    assert Dispute.objects.get().events.filter(transition="attach").count() == 2


def test_without_javascript_add_another_party_keeps_everything_and_shows_no_errors(mediator):
    data = intake_post(parties=THREE_PARTIES[:2], title="", add_party="1")
    html = mediator.post("/workbench/new/", data).content.decode()
    assert value_of(html, "parties-TOTAL_FORMS") == "3"
    assert 'name="parties-2-name"' in html
    assert value_of(html, "parties-1-phone") == "1389360"
    assert 'aria-invalid="true"' not in html and "请输入中国大陆手机号码" not in html
    assert Dispute.objects.count() == 0


def test_htmx_adds_a_party_row_with_the_next_index_and_the_new_count(mediator):
    response = mediator.get("/workbench/new/party-row/?parties-TOTAL_FORMS=2", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'name="parties-2-name"' in html and 'id="id_parties-2-name"' in html
    assert re.search(
        r'name="parties-TOTAL_FORMS" value="3" id="id_parties-TOTAL_FORMS" hx-swap-oob="true"', html
    )
    assert "当事人 3" in html
    assert mediator.get("/workbench/new/party-row/?parties-TOTAL_FORMS=x").status_code == 404


def test_htmx_reloads_the_villages_of_the_chosen_town(mediator):
    xinhua = Region.objects.get(code="620723102")
    html = mediator.get(f"/workbench/new/villages/?area={xinhua.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="region-field"' in html and "大寨村" in html and "东寨村" not in html


def test_a_village_outside_the_chosen_town_is_refused(mediator):
    data = intake_post(parties=[THREE_PARTIES[0]], region=Region.objects.get(code=DAZHAI).pk)
    html = mediator.post("/workbench/new/", data).content.decode()
    assert "该村（社区）不属于所选乡镇。" in html
    assert Dispute.objects.count() == 0


def test_service_errors_land_on_the_row_they_belong_to():
    formset = party_formset(
        {
            "parties-TOTAL_FORMS": "3",
            "parties-INITIAL_FORMS": "0",
            "parties-0-role": "applicant",
            "parties-0-kind": "person",
            "parties-0-name": "甲",
            "parties-1-role": "respondent",
            "parties-1-kind": "person",
            "parties-1-name": "",
            "parties-2-role": "respondent",
            "parties-2-kind": "person",
            "parties-2-name": "丙",
        }
    )
    form = IntakeForm({})
    assert formset.is_valid()
    _errors_onto_intake(
        ValidationError(
            {"parties[1].address": ["地址有误"], "title": ["标题有误"], "parties": ["当事人有误"]}
        ),
        form,
        formset,
    )
    # The second party the service saw is the third row (the second was left empty).
    assert formset.forms[2].errors["address"] == ["地址有误"]
    assert "标题有误" in form.errors["title"]
    assert formset.non_form_errors() == ["当事人有误"]


def test_only_desk_staff_register(client, users):
    for username, status in [("grid_dongzhai", 403), ("leader", 403), ("labour_dept", 200), ("centre", 200)]:
        client.force_login(users[username])
        assert client.get("/workbench/new/").status_code == status, username


# -- the grid report ----------------------------------------------------------------------------------


@pytest.fixture
def grid(client, users):
    client.force_login(users["grid_dongzhai"])
    return client


def grid_post(**fields) -> dict:
    data = {
        "title": "两户因排水沟堵塞争吵",
        "category": Category.objects.get(code="neighbour").pk,
        "description": "张家排水沟被李家堵塞，双方争吵。",
        "region": Region.objects.get(code=DONGZHAI).pk,
        "name_1": "张三",
        "phone_1": "13893600001",
        "name_2": "李四",
        "phone_2": "",
        "risk_level": "orange",
    }
    data.update(fields)
    return data


def test_the_grid_report_preselects_the_station_village_and_offers_only_its_town(grid):
    html = grid.get("/workbench/grid/report/").content.decode()
    assert selected(html, "region") == str(Region.objects.get(code=DONGZHAI).pk)
    assert "西寨村" in html and "大寨村" not in html
    assert re.search(r'name="risk_level" value="yellow"[^>]*checked', html)


def test_a_grid_report_registers_through_the_service_as_a_grid_patrol(grid, users):
    response = grid.post("/workbench/grid/report/", grid_post(), follow=True)
    dispute = Dispute.objects.get()
    assert response.redirect_chain == [("/workbench/grid/", 302)]
    assert (dispute.channel, dispute.risk_level, dispute.region.code, dispute.reported_by) == (
        "grid_patrol",
        "orange",
        DONGZHAI,
        users["grid_dongzhai"],
    )
    assert list(dispute.parties.values_list("name", "role", "phone")) == [
        ("张三", "applicant", "13893600001"),
        ("李四", "respondent", ""),
    ]
    html = response.content.decode()
    assert f"已上报，纠纷编号 {dispute.code}" in html
    assert dispute.code in html and "已登记" in html


def test_a_bad_grid_report_keeps_what_was_typed(grid):
    response = grid.post("/workbench/grid/report/", grid_post(phone_1="12345", title=""))
    html = response.content.decode()
    assert response.status_code == 200 and Dispute.objects.count() == 0
    assert "请输入中国大陆手机号码" in html
    assert value_of(html, "phone_1") == "12345" and value_of(html, "name_2") == "李四"
    assert re.search(r'name="risk_level" value="orange"[^>]*checked', html)


def test_my_reports_lists_only_my_own(grid, users):
    from tests.factories import register_dispute, staff

    colleague = staff("shahe-dongzhai-grid", "grid_worker")
    mine = register_dispute(user=users["grid_dongzhai"], title="我上报的")
    theirs = register_dispute(user=colleague, title="同事上报的")
    html = grid.get("/workbench/grid/").content.decode()
    assert mine.code in html and theirs.code not in html
    assert re.search(r"<h1[^>]*>我的上报</h1>", html)
