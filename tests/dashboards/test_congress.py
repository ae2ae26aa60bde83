"""The People's Congress pages: who reads and who records, reports filed with the period's indicators,
inspections and inquiries answered by the bodies asked, the report pack PDF read back with pdftotext."""

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Body
from dashboards.congress import services
from dashboards.congress.models import CongressActivity, CongressReport, CongressRequest
from dashboards.indicators import funnel, scope_default
from tests.dashboards.helpers import congress_member, disputes_with_names, this_month
from tests.disputes.conftest import linze  # noqa: F401  (the module's reference data)
from tests.factories import DAZHAI, DONGZHAI, staff, transition

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "documents"
HOME = reverse("dashboards:congress")
PACK = reverse("dashboards:congress_pack")


@pytest.fixture
def users(linze):  # noqa: F811
    return {u.username: u for u in get_user_model().objects.all()}


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(user)
    return client


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def keep(pdf: bytes, name: str) -> None:
    """The PDF and its pages as PNG (pdftoppm) in artifacts/documents/, to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)], check=True
    )


def inspection(member, *bodies, due_in: int = 5, held_ago: int = 1):
    today = timezone.localdate()
    return services.activity_record(
        user=member,
        kind="inspection",
        title="诉源治理工作执法检查",
        held_on=today - timedelta(days=held_ago),
        findings="部分单位调解台账不全，回访不及时。",
        bodies=[Body.objects.get(code=code) for code in bodies],
        asked="一个月内补齐调解台账并书面报告",
        due_on=today + timedelta(days=due_in),
    )


# -- who ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["mediator_dongzhai", "centre", "police_shahe"])
def test_who_is_not_a_leader_gets_403_on_the_page_and_the_pack(users, username):
    client = client_for(users[username])

    assert client.get(HOME).status_code == 403
    assert client.get(PACK).status_code == 403


def test_a_leader_reads_the_page_but_only_the_standing_committee_records(users):
    leader = client_for(users["leader"])

    assert leader.get(HOME).status_code == 200
    assert leader.get(reverse("dashboards:congress_report_new")).status_code == 403
    assert leader.post(reverse("dashboards:congress_activity_new"), {"title": "x"}).status_code == 403
    member = client_for(congress_member())
    assert member.get(reverse("dashboards:congress_report_new")).status_code == 200
    assert member.get(reverse("dashboards:congress_activity_new")).status_code == 200


def test_a_period_that_cannot_be_read_is_a_400_that_says_why(users):
    response = client_for(users["leader"]).get(HOME, {"period": "2026-02-30~2026-03-01"})

    assert response.status_code == 400
    assert 'data-testid="scope-error"' in response.content.decode()


# -- reports --------------------------------------------------------------------------------------------


def test_a_report_is_filed_with_the_periods_indicators_attached(users):
    disputes_with_names(3, region_code=DONGZHAI)
    disputes_with_names(1, region_code=DAZHAI)
    client = client_for(congress_member())
    document = SimpleUploadedFile("法院工作报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")

    response = client.post(
        f"{reverse('dashboards:congress_report_new')}?period={this_month()}",
        {
            "body": Body.objects.get(code="county-court").pk,
            "title": "县法院诉源治理专项工作报告",
            "file": document,
        },
    )

    report = CongressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "dashboards:congress_report", args=[report.pk]
    )
    assert (report.body.code, report.start, report.end) == (
        "county-court",
        timezone.localdate().replace(day=1),
        scope_default(users["leader"]).end,
    )
    taken_in = next(item for item in report.indicators if item["key"] == "taken_in")
    assert taken_in["value"] == "4"
    page = client_for(users["leader"]).get(response["Location"]).content.decode()
    assert "县法院诉源治理专项工作报告" in page and taken_in["label"] in page
    download = client_for(users["leader"]).get(reverse("dashboards:congress_report_file", args=[report.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 report"
    assert client_for(users["mediator_dongzhai"]).get(response["Location"]).status_code == 404


def test_a_document_of_a_refused_type_is_a_400_that_says_why(users):
    client = client_for(congress_member())

    response = client.post(
        reverse("dashboards:congress_report_new"),
        {
            "body": Body.objects.get(code="county-court").pk,
            "title": "报告",
            "file": SimpleUploadedFile("报告.exe", b"MZ", content_type="application/octet-stream"),
        },
    )

    assert response.status_code == 400
    assert ".exe" in response.content.decode()
    assert not CongressReport.objects.exists()


# -- inspections and inquiries --------------------------------------------------------------------------


def test_the_bodies_asked_see_the_request_and_answer_it_once(users):
    member = congress_member()
    activity = inspection(member, "shahe-police", "labour-dept")
    police = client_for(users["police_shahe"])
    answer_url = reverse("dashboards:congress_activity_answer", args=[activity.pk])
    ours = CongressRequest.objects.get(body__code="shahe-police")
    theirs = CongressRequest.objects.get(body__code="labour-dept")

    listed = police.get(reverse("dashboards:congress_requests")).content.decode()
    page = police.get(reverse("dashboards:congress_activity", args=[activity.pk])).content.decode()
    answered = police.post(
        answer_url, {"request": ours.pk, f"r{ours.pk}-answer": "已补齐台账。"}, follow=True
    )
    again = police.post(answer_url, {"request": ours.pk, f"r{ours.pk}-answer": "再次答复"}, follow=True)
    not_ours = police.post(answer_url, {"request": theirs.pk, f"r{theirs.pk}-answer": "代为答复"})

    assert "诉源治理工作执法检查" in listed
    assert "临泽县人力资源和社会保障局" not in page  # another body's request is not shown to the police
    assert "答复已记录" in answered.content.decode()
    assert "已经答复过了" in again.content.decode()
    assert not_ours.status_code == 403
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.answer, ours.answered_by, theirs.answered_at) == (
        "已补齐台账。",
        users["police_shahe"],
        None,
    )
    leader_page = client_for(users["leader"]).get(reverse("dashboards:congress_activity", args=[activity.pk]))
    assert "已补齐台账。" in leader_page.content.decode()
    assert client_for(users["mediator_dongzhai"]).get(leader_page.request["PATH_INFO"]).status_code == 404


def test_an_empty_answer_is_refused_with_a_message(users):
    activity = inspection(congress_member(), "shahe-police")
    request = activity.requests.get()

    response = client_for(users["police_shahe"]).post(
        reverse("dashboards:congress_activity_answer", args=[activity.pk]),
        {"request": request.pk, f"r{request.pk}-answer": "  "},
        follow=True,
    )

    assert "请填写答复内容" in response.content.decode()
    assert CongressRequest.objects.get().answered_at is None


def test_an_inspection_with_a_deadline_before_it_was_held_is_a_400_that_says_why(users):
    client = client_for(congress_member())
    today = timezone.localdate()

    response = client.post(
        reverse("dashboards:congress_activity_new"),
        {
            "kind": "inquiry",
            "title": "专题询问",
            "held_on": today.isoformat(),
            "findings": "询问情况",
            "bodies": [Body.objects.get(code="county-court").pk],
            "asked": "书面答复",
            "due_on": (today - timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert "答复期限不能早于检查日期" in response.content.decode()
    assert not CongressActivity.objects.exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_makes_the_same_queries_for_2_and_20_reports_and_inspections(
    users, count, django_assert_num_queries
):
    member = congress_member()
    scope = scope_default(member)
    for index in range(count):
        inspection(member, "shahe-police", "labour-dept", due_in=index % 2 - 1, held_ago=1)
        CongressReport.objects.create(
            body=Body.objects.get(code="county-court"),
            title=f"报告{index}",
            region=scope.region,
            start=scope.start,
            end=scope.end,
            period_label=scope.label,
            file=SimpleUploadedFile("r.pdf", b"%PDF"),
            file_name="r.pdf",
            size=4,
        )
    client = client_for(users["leader"])
    client.get(HOME)

    with django_assert_num_queries(QUERIES_OF_THE_PAGE):
        page = client.get(HOME)

    assert page.content.decode().count("诉源治理工作执法检查") == count
    assert page.content.decode().count("报告") >= count


# Session, user, memberships (read once for the header and the scope), the scope's region, the reports,
# the inspections with their overdue counts, their requests with their bodies: none per row.
QUERIES_OF_THE_PAGE = 7


@pytest.mark.parametrize("count", [2, 20])
def test_a_bodys_list_of_requests_makes_the_same_queries_for_2_and_20(
    users, count, django_assert_num_queries
):
    member = congress_member()
    for _ in range(count):
        inspection(member, "shahe-police")
    client = client_for(users["police_shahe"])
    client.get(reverse("dashboards:congress_requests"))

    with django_assert_num_queries(QUERIES_OF_THE_REQUESTS):
        page = client.get(reverse("dashboards:congress_requests"))

    assert page.content.decode().count("诉源治理工作执法检查") == count


# The session, the user and their bodies (read once for the header and the scope), the header's bounded
# counts of the police station's work and referrals, and one query for the requests with their
# inspections and bodies: none per row.
QUERIES_OF_THE_REQUESTS = 9


# -- the report pack ------------------------------------------------------------------------------------


def test_the_report_pack_pdf_holds_the_periods_numbers_the_funnel_overdue_work_and_the_courtless_list(users):
    made = disputes_with_names(4, region_code=DONGZHAI) + disputes_with_names(2, region_code=DAZHAI)
    transition(made[0][0], "withdraw", user=staff("county-centre"))
    inspection(congress_member(), "shahe-police", due_in=-1, held_ago=3)  # its answer is overdue
    leader = users["leader"]

    response = client_for(leader).get(PACK, {"period": this_month()})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    keep(response.content, "report-pack")
    assert "诉源治理工作报告材料" in text
    assert timezone.localdate().strftime("%Y-%m-01") in text
    with translation.override("zh-hans"):
        steps = {step.key: step for step in funnel(scope_default(leader))}
    assert steps["taken_in"].count == 6
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    # The funnel's table: each step's label and its count on one line (the chart above draws the same).
    for step in steps.values():
        assert any(line.startswith(step.label) and line.endswith(f" {step.count}") for line in lines), step
    assert any("派出所" in line and line.endswith(" 1") for line in lines)  # the answer past its deadline
    assert "无讼村" in text and "认定规则" in text
    assert not any(name in text for _dispute, names in made for name in names)
