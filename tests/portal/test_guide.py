"""The guide, the explorer and the directory: what a citizen reads without logging in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Body, Region
from disputes.models import DeadlinePolicy
from portal.models import GuideWay
from tests.portal.conftest import text, visible

pytestmark = pytest.mark.django_db

LABOUR = "/guide/labour-mediation-arbitration/"


def test_the_guide_compares_every_shipped_way_side_by_side(linze, citizen):
    html = text(citizen.get("/guide/"))

    assert 'data-testid="comparison"' in html
    names = ["People's mediation", "Administrative mediation", "Administrative ruling", "Police mediation",
             "Labour mediation and arbitration", "Petitions", "Judicial confirmation",
             "Pre-litigation mediation", "Litigation"]  # fmt: skip
    for name in names:
        assert name in html, name
    assert GuideWay.objects.filter(is_active=True).count() == 9


def test_a_way_reads_its_time_limits_from_the_deadline_policies(linze, citizen):
    html = visible(citizen.get(LABOUR))
    assert "劳动争议调解期限: 15 calendar days" in html
    assert "劳动争议仲裁裁决: 45 calendar days" in html


def test_the_guide_follows_an_edited_deadline_policy(linze, citizen):
    policy = DeadlinePolicy.objects.get(code="labour-mediation")
    policy.amount, policy.unit = 20, "workdays"
    policy.save()
    DeadlinePolicy.objects.filter(code="labour-arbitration-award").update(is_active=False)

    for url in (LABOUR, "/guide/"):
        html = visible(citizen.get(url))
        assert "劳动争议调解期限: 20 working days" in html
        assert "15 calendar days" not in html.split("劳动争议调解期限")[1][:40]
        assert "劳动争议仲裁裁决" not in html  # switched off: no longer a limit anyone keeps


def test_mediation_on_the_ladder_shows_the_ladders_working_days(linze, citizen):
    html = visible(citizen.get("/guide/peoples-mediation/"))
    assert "调解阶梯：村（社区）: 2 working days" in html


def test_the_guide_speaks_chinese_first(linze, client):
    html = text(client.get(LABOUR))
    assert "劳动争议调解与仲裁" in html
    assert "Labour mediation and arbitration" not in html


def test_an_unknown_way_is_not_found(linze, citizen):
    assert citizen.get("/guide/no-such-way/").status_code == 404


def test_the_comparison_costs_the_same_queries_whatever_the_number_of_ways(linze, citizen):
    text(citizen.get("/guide/"))
    with CaptureQueriesContext(connection) as nine:
        text(citizen.get("/guide/"))
    GuideWay.objects.filter(slug__in=["petitions", "litigation", "police-mediation"]).update(is_active=False)
    with CaptureQueriesContext(connection) as six:
        text(citizen.get("/guide/"))
    assert len(six) == len(nine)


# -- explorer ------------------------------------------------------------------------------------------


def test_the_explorer_asks_about_danger_first_and_sends_to_110(linze, citizen):
    first = text(citizen.get("/explore/"))
    assert "Is anyone in danger right now?" in first
    assert 'href="tel:110"' in first

    html = text(citizen.get("/explore/", {"a": "danger-yes"}))
    assert 'data-testid="danger-result"' in html
    assert "Call 110 now" in html
    assert "Ways that suit your dispute" not in html


def test_a_wage_dispute_leads_to_labour_mediation_and_the_labour_bureau(linze, citizen):
    Body.objects.filter(code="labour-dept").update(
        address="临泽县沙河镇人民路1号", office_hours="周一至周五 8:30–12:00", phone="0936-5520000"
    )
    place = Region.objects.get(code="620723101201")
    html = text(
        citizen.get(
            "/explore/",
            {"a": ["danger-no", "kind-wages", "whom-employer", "amount-large"], "place": place.pk},
        )
    )

    assert 'href="/guide/labour-mediation-arbitration/"' in html
    assert "Linze County Human Resources and Social Security Bureau" in html
    assert "临泽县沙河镇人民路1号" in html
    assert "0936-5520000" in html
    assert "Dongzhai Village People's Mediation Committee" in html  # the chosen village's committee
    assert "Shahe Town Social Governance Centre" in html


def test_the_explorer_stops_at_an_answer_that_does_not_fit_the_question(linze, citizen):
    html = text(citizen.get("/explore/", {"a": ["danger-no", "amount-large"]}))
    assert "What is the dispute about?" in html


def test_the_questions_are_data(linze, citizen):
    from portal.models import ExplorerQuestion

    ExplorerQuestion.objects.filter(code="kind").update(text_en="What happened between you?")
    assert "What happened between you?" in text(citizen.get("/explore/", {"a": "danger-no"}))


# -- directory -----------------------------------------------------------------------------------------


def test_the_directory_filters_by_town_and_shows_contact_details(linze, citizen):
    Body.objects.filter(code="xinhua-committee").update(address="新华镇政府院内", phone="0936-5550001")
    xinhua = Region.objects.get(code="620723102")

    html = text(citizen.get("/directory/", {"town": xinhua.pk}))
    assert "Xinhua Town People's Mediation Committee" in html
    assert "新华镇政府院内" in html and "0936-5550001" in html
    assert "Shahe Town People's Mediation Committee" not in html


def test_the_directory_is_keyset_paginated(linze, citizen):
    first = text(citizen.get("/directory/"))
    assert "after=" in first
    cursor = first.split("after=")[1].split('"')[0].replace("%3A", ":")
    second = text(citizen.get("/directory/", {"after": cursor}))
    assert second.count('data-testid="body"') > 0
    assert set(first.split('data-testid="body"')[1:2]) != set(second.split('data-testid="body"')[1:2])


def test_the_directory_costs_the_same_queries_for_a_few_rows_and_a_full_page(linze, citizen):
    state_unit = Region.objects.get(code="620723500")  # a state farm: no committee of its own
    citizen.get("/directory/")
    with CaptureQueriesContext(connection) as few:
        few_html = text(citizen.get("/directory/", {"town": state_unit.pk}))
    with CaptureQueriesContext(connection) as full:
        full_html = text(citizen.get("/directory/"))
    assert few_html.count('data-testid="body"') < 3 < full_html.count('data-testid="body"') == 25
    assert len(few) == len(full)


def test_the_explorer_costs_the_same_queries_with_and_without_a_village(linze, citizen):
    answers = {"a": ["danger-no", "kind-wages", "whom-employer", "amount-large"]}
    village = Region.objects.get(code="620723101201").pk
    citizen.get("/explore/", answers)
    with CaptureQueriesContext(connection) as without:
        citizen.get("/explore/", answers)
    with CaptureQueriesContext(connection) as with_place:
        citizen.get("/explore/", {**answers, "place": village})
    assert len(with_place) <= len(without) + 1  # the chosen village itself


def test_administrators_edit_the_guide_and_the_explorer_in_the_admin(linze, admin_client):
    way = GuideWay.objects.get(slug="labour-mediation-arbitration")
    change = admin_client.get(f"/admin/portal/guideway/{way.pk}/change/")
    assert change.status_code == 200
    assert "劳动争议调解" in text(change)  # its time limits are chosen among the deadline policies
    from portal.models import ExplorerQuestion

    question = ExplorerQuestion.objects.get(code="kind")
    assert "工资、工伤、劳动合同" in text(
        admin_client.get(f"/admin/portal/explorerquestion/{question.pk}/change/")
    )
    assert admin_client.get("/admin/portal/onlinesubmission/").status_code == 200
