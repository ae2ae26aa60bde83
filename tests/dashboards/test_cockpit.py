"""The cockpit's indicators on a small hand-made county, with the right answers written down; the funnel
adds up; a town leader sees only the town, a mediator nothing; every drill-down list holds the number
it was clicked from."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from agencies.choices import BodyKind, Role
from agencies.models import Body, Region
from alerts.models import Warning, WarningRule
from alerts.services import warning_handle, warnings_evaluate_dispute
from dashboards.indicators import (
    Cockpit,
    Scope,
    courtless_villages,
    funnel,
    indicators,
    overdue_by_body,
    town_table,
)
from dashboards.models import CourtlessRule
from disputes.models import Dispute
from linze.workdays import is_workday
from tests.factories import DAZHAI, DONGZHAI, XIZHAI, dispute_in_state, staff

pytestmark = pytest.mark.django_db

COUNTY, SHAHE, XINHUA = "620723", "620723101", "620723102"


def _quiet_week():
    """Monday and Friday of a recent week whose five weekdays are all working days."""
    day = timezone.localdate() - timedelta(days=28)
    day -= timedelta(days=day.weekday())
    while not all(is_workday(day + timedelta(days=n)) for n in range(5)):
        day -= timedelta(days=7)
    return day, day + timedelta(days=4)


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def county(linze, users):
    """Seven disputes of this period and one of last year, each walked through the services:

    A 东寨 grid: prevention work, closed prevented            (resolved at the grid)
    B 东寨 mediated at the grid, then the village; performed  (resolved in the village, 4 working days)
    C 东寨 mediated, then withdrawn                           (concluded, unresolved)
    D 西寨 sent to court, court mediation, agreement          (pre-litigation mediation succeeded)
    E 大寨 sent to court, filed, judgment                     (filed; concluded unresolved)
    F 大寨 reported, past its deadline, threatens violence    (overdue; a warning open)
    G 东寨 threatens violence; the warning is handled         (防止民转刑)
    H 东寨 of last year, prevented                            (outside the period)
    """
    centre = users["centre"]
    # Only the rule of words signalling violence: the cluster rule would also warn about 东寨's disputes.
    WarningRule.objects.exclude(kind="violence_words").update(enabled=False)
    made = {
        "A": dispute_in_state("closed", path=["assess", "prevent", "close_prevented"], region_code=DONGZHAI),
        "B": dispute_in_state(
            "closed",
            path=["start_mediation", "escalate", "record_agreement", "start_follow_up", "close_fulfilled"],
            region_code=DONGZHAI,
        ),
        "C": dispute_in_state("closed", path=["start_mediation", "withdraw"], region_code=DONGZHAI),
        "D": dispute_in_state(
            "agreed",
            path=["assess", "refer_to_court", "court_accept", "record_agreement"],
            region_code=XIZHAI,
        ),
        "E": dispute_in_state(
            "closed", path=["assess", "refer_to_court", "court_file", "court_conclude"], region_code=DAZHAI
        ),
        "F": dispute_in_state("reported", region_code=DAZHAI, description="申请人称再不还钱就拼命。"),
        "G": dispute_in_state(
            "reported", region_code=DONGZHAI, description="对方扬言要同归于尽，双方矛盾激化。"
        ),
        "H": dispute_in_state("closed", path=["assess", "prevent", "close_prevented"], region_code=DONGZHAI),
    }
    monday, friday = _quiet_week()
    Dispute.objects.filter(pk=made["B"].pk).update(opened_at=_at(monday, 9), closed_at=_at(friday, 17))
    Dispute.objects.filter(pk=made["F"].pk).update(due_at=timezone.now() - timedelta(hours=2))
    year_ago = timezone.now() - timedelta(days=400)
    Dispute.objects.filter(pk=made["H"].pk).update(opened_at=year_ago, closed_at=year_ago)
    for key in "FG":
        warnings_evaluate_dispute(dispute_id=made[key].pk)
    warning = Warning.objects.get(dispute=made["G"], kind="violence_words")
    warning_handle(warning_id=warning.pk, user=centre, note="已上门疏导，双方情绪稳定")
    made["monday"] = monday
    return made


def _scope(code=COUNTY, monday=None):
    start = (
        min(monday, timezone.localdate().replace(day=1)) if monday else timezone.localdate().replace(day=1)
    )
    region = Region.objects.get(code=code)
    return Scope(region, start, timezone.localdate(), "test", "range")


def _values(scope):
    return {i.key: (i.value, i.numerator, i.denominator) for i in indicators(scope)}


def test_each_indicator_has_the_answer_worked_out_by_hand(county):
    values = _values(_scope(monday=county["monday"]))
    assert values["taken_in"] == (7, 7, None)  # A–G; H is last year's
    assert values["concluded"] == (4, 4, None)  # A B C E
    assert values["resolved"] == (2, 2, None)  # A prevented, B performed
    assert values["resolution_rate"] == (50.0, 2, 4)
    assert values["mediation_success_rate"] == (50.0, 1, 2)  # B of B, C
    assert values["grassroots_rate"] == (50.0, 2, 4)  # A at the grid, B in the village
    assert values["to_court"] == (2, 2, None)  # D E
    assert values["prelit_success_rate"] == (100.0, 1, 1)  # D's court mediation ended in an agreement
    assert values["diversion_rate"] == (50.0, 1, 2)  # D accepted for mediation, E filed directly
    assert values["court_filed"] == (1, 1, None)  # E
    # Linze's population (2020 census): 115,900.
    assert values["suing_rate"] == (0.17, 2, 115_900)
    assert values["litigation_rate"] == (0.09, 1, 115_900)
    assert values["overdue"] == (1, 1, None)  # F
    assert values["warned_open"] == (1, 1, None)  # F's threat, not yet handled
    assert values["warned_handled"] == (1, 1, None)  # G
    assert values["prevented_criminal"] == (1, 1, None)  # G, never filed
    assert values["days_village"] == (4.0, 4, 1)  # B: Monday 09:00 to Friday 17:00
    assert values["days_grid"] == (0.0, 0, 1)  # A: the same day
    assert values["days_town"] == (None, 0, 0)


def test_a_rate_without_denominator_is_none_not_zero(linze, users):
    values = _values(_scope(XINHUA))
    assert values["resolution_rate"][0] is None
    assert values["taken_in"][0] == 0


def test_the_funnel_adds_up_to_what_was_taken_in(county):
    steps = funnel(_scope(monday=county["monday"]))
    counts = {step.key: step.count for step in steps}
    assert counts == {
        "taken_in": 7,
        "layer_grid": 1,
        "layer_village": 1,
        "layer_town": 0,
        "layer_county": 0,
        "layer_agency": 0,
        "layer_court": 2,
        "layer_open": 2,
        "layer_other": 1,
    }
    assert sum(step.count for step in steps[1:]) == steps[0].count
    assert [step.remaining for step in steps[:6]] == [7, 6, 5, 5, 5, 5]


def test_towns_side_by_side(county):
    table = town_table(_scope(monday=county["monday"]))
    rows = {row.region.code: row.values for row in table.rows}
    assert rows[SHAHE]["taken_in"] == 5 and rows[XINHUA]["taken_in"] == 2
    assert rows[SHAHE]["to_court"] == 1 and rows[XINHUA]["court_filed"] == 1
    assert rows[XINHUA]["overdue"] == 1
    assert rows[SHAHE]["resolution_rate"] == 66.7  # A and B of A, B, C (withdrawn)
    assert rows[XINHUA]["resolution_rate"] == 0.0  # E ended in a judgment
    # 沙河镇's estimate (agencies/reference/linze.py): 39,000 people; D was sent to court.
    assert rows[SHAHE]["suing_rate"] == 0.26
    assert [key for key, _label in table.columns][:2] == ["taken_in", "concluded"]


def test_courtless_villages_follow_the_rule(county):
    scope = _scope(SHAHE, monday=county["monday"])
    villages = {v.code for v in courtless_villages(scope).villages}
    assert DONGZHAI in villages and XIZHAI not in villages  # 西寨's D went to court
    CourtlessRule.objects.create(max_court_disputes=0, count_referrals=False, require_intake=True)
    listed = courtless_villages(scope)
    assert XIZHAI in {v.code for v in listed.villages}  # D was never filed
    assert "filed" in listed.rule_text or "立案" in listed.rule_text
    # Only places that took in a dispute: 东寨 and 西寨 of Shahe's 18.
    assert {v.code for v in listed.villages} == {DONGZHAI, XIZHAI}


def test_overdue_by_body(county):
    rows = overdue_by_body(_scope())
    assert [(row.body.kind, row.count) for row in rows] == [(BodyKind.GRID_STATION, 1)]


# -- the pages ---------------------------------------------------------------------------------------


def _leader(region_code: str, role=Role.LEADER):
    region = Region.objects.get(code=region_code)
    body, _ = Body.objects.get_or_create(
        code=f"leadership-{region_code}",
        defaults={"kind": BodyKind.LEADERSHIP, "name": f"中共{region.name}委员会", "region": region},
    )
    return staff(body.code, role)


def test_a_town_leader_sees_only_the_town(county, client):
    client.force_login(_leader(SHAHE))
    page = client.get("/dashboards/", {"period": "2026"})
    assert page.status_code == 200
    assert page.context["scope"].region.code == SHAHE
    assert [row.region.code for row in page.context["table"].rows] == [SHAHE]
    assert client.get("/dashboards/", {"region": XINHUA}).status_code == 403
    assert client.get("/dashboards/", {"region": COUNTY}).status_code == 403
    assert client.get("/dashboards/", {"region": DONGZHAI}).status_code == 200
    drill = client.get("/dashboards/disputes/", {"key": "taken_in", "region": XINHUA})
    assert drill.status_code == 403


def test_a_link_made_with_a_former_region_code_opens_the_same_place(county, client):
    """Bookmarks and sent links from before the official division codes (沙河镇 was 620723100)."""
    client.force_login(_leader(SHAHE))
    page = client.get("/dashboards/", {"period": "2026", "region": "620723100201"})  # 东寨村, former code
    assert page.status_code == 200
    assert page.context["scope"].region.code == DONGZHAI
    page = client.get("/dashboards/", {"period": "2026", "region": "620723100"})
    assert page.status_code == 200
    assert page.context["scope"].region.code == SHAHE
    assert f"region={SHAHE}" in page.content.decode() and "region=620723100&" not in page.content.decode()
    # 620723101 was 新华镇 and is now 沙河镇's own code: it opens 沙河镇, not a town outside the leader's.
    assert client.get("/dashboards/", {"period": "2026", "region": "620723101"}).status_code == 200
    assert (
        client.get("/dashboards/", {"period": "2026", "region": "620723101201"}).context["scope"].region.code
        == DONGZHAI
    )
    api = client.get("/api/v1/indicators/", {"period": "2026", "region": "620723100"})
    assert api.status_code == 200 and api.json()["scope"]["region"] == SHAHE


def test_a_mediator_gets_403(county, client, users):
    client.force_login(users["mediator_dongzhai"])
    assert client.get("/dashboards/").status_code == 403
    assert client.get("/dashboards/disputes/", {"key": "taken_in"}).status_code == 403


@pytest.mark.parametrize(
    "query,message",
    [
        ({"period": "2026-13"}, "2026-13"),
        ({"period": "last tuesday"}, "last tuesday"),
        ({"period": "2026-05-01~2026-04-01"}, ""),
        ({"period": "1990"}, ""),
        ({"region": "abc"}, "abc"),
    ],
)
def test_bad_input_gets_a_message_not_a_500(county, client, users, query, message):
    client.force_login(users["leader"])
    page = client.get("/dashboards/", query)
    assert page.status_code == 400
    assert page.context["error"] and message in page.context["error"]
    assert client.get("/dashboards/disputes/", {"key": "nope"}).status_code == 400
    assert client.get("/dashboards/", {"region": "62072399"}).status_code == 404


def _rows_of(client, url) -> int:
    """Disputes listed behind a link, all pages."""
    count = 0
    while url:
        page = client.get(url)
        assert page.status_code == 200, url
        count += len(page.context["page"].rows)
        cursor = page.context["page"].next_cursor
        url = f"{url.split('&after=')[0]}&after={cursor}" if cursor else None
    return count


def test_every_number_of_the_cockpit_lists_as_many_disputes(county, client, users):
    client.force_login(users["leader"])
    start = min(county["monday"], timezone.localdate().replace(day=1))
    period = f"{start:%Y-%m-%d}~{timezone.localdate():%Y-%m-%d}"
    page = client.get("/dashboards/", {"period": period})
    assert page.status_code == 200
    checked = 0
    for indicator, _previous in page.context["rows"]:
        if indicator.drill_url and indicator.numerator is not None:
            # An average's list holds the disputes averaged; every other list, the number shown.
            expected = indicator.denominator if indicator.key.startswith("days_") else indicator.numerator
            assert _rows_of(client, indicator.drill_url) == expected, indicator.key
            checked += 1
    for step in page.context["funnel"]:
        assert _rows_of(client, step.drill_url) == step.count, step.key
    for row in page.context["table"].rows:
        assert _rows_of(client, row.drill_urls["taken_in"]) == row.values["taken_in"]
        assert _rows_of(client, row.drill_urls["overdue"]) == row.values["overdue"]
    for row in page.context["overdue"]:
        assert _rows_of(client, row.drill_url) == row.count
    assert checked >= 15
    # The page links to them, and masks: no party's name is on the cockpit or the list.
    html = page.content.decode()
    assert indicator.drill_url.replace("&", "&amp;") in html
    listed = client.get(page.context["rows"][0][0].drill_url).content.decode()
    for party in county["B"].parties.all():
        assert party.name not in listed


def test_the_cockpit_is_in_chinese_with_the_same_period_of_last_year(county, client, users):
    client.force_login(users["leader"])
    page = client.get("/dashboards/", {"period": "2026-11"})
    html = page.content.decode()
    assert "领导驾驶舱" in html and "化解率" in html and "无讼村（社区）" in html and "分层过滤" in html
    assert "2025年11月" in html  # the same period of last year, beside this one
    assert "period=2025-11" in page.context["rows"][0][1].drill_url
    assert page.context["courtless"].rule_text == "统计期内没有纠纷诉至法院。"
    assert page.context["courtless"].rule_text in html


def test_the_cockpit_reads_one_cockpit_per_period(county):
    scope = _scope(monday=county["monday"])
    cockpit = Cockpit(scope)
    assert indicators(scope, cockpit=cockpit)[0].value == 7
    assert cockpit.scope.previous_year().start.year == scope.start.year - 1


def test_categories_and_channels_link_to_their_disputes(county, client, users):
    client.force_login(users["leader"])
    start = min(county["monday"], timezone.localdate().replace(day=1))
    page = client.get("/dashboards/", {"period": f"{start:%Y-%m-%d}~{timezone.localdate():%Y-%m-%d}"})
    categories = page.context["categories"]
    assert [(category.code, n) for category, n in categories] == [("neighbour", 7)]
    channels = {value: n for value, _label, n in page.context["channels"]}
    assert sum(channels.values()) == 7
    html = page.content.decode()
    for value, n in channels.items():
        link = re.search(rf'href="([^"]*channel={value})"', html)
        assert link and _rows_of(client, link.group(1).replace("&amp;", "&")) == n
