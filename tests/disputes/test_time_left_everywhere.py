"""One reading of time left everywhere (issue 11, item 9): the work list, the agency inbox, the dispute
page and the API tell the same clock the same way, in the clock's own unit — a working-day clock in
working days, a calendar-day clock in days — and never a text that contradicts the deadline.

The walk: a dispute on the police station's mediation clock (3 working days, 治安调解), and a petition
referred to the petitions bureau, whose acceptance clock is 15 calendar days (信访工作条例).
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Body
from disputes.deadlines import time_left
from disputes.models import Dispute, Referral
from linze.workdays import calendar_days_deadline, end_of_day
from tests.factories import parties_data, transition
from tests.mediation import fixtures
from tests.mediation.fixtures import count_queries, village_dispute

linze, users, client_for = fixtures.linze, fixtures.users, fixtures.client_for

pytestmark = pytest.mark.django_db

CLOCK = re.compile(r'<span class="[^"]*" data-clock="[a-z]+">([^<]*)</span>')


def label_in(html: str, start: str, end: str) -> str:
    """The text of the one time-left element between `start` and the next `end`."""
    assert start in html, start
    found = CLOCK.findall(html.split(start, 1)[1].split(end, 1)[0])
    assert len(found) == 1, found
    return found[0]


def refer(dispute, users, *, body_code: str, route: str):
    body = Body.objects.get(code=body_code)
    data = {"bodies": [body.pk], "lead": body.pk, "route": route, "note": "请依法处理"}
    transition(dispute, "refer", user=users["admin"], **data)
    return Referral.objects.get(dispute=dispute, body=body, is_lead=True)


def police_mediation(users) -> Dispute:
    """A dispute the Shahe police station mediates, its clock moved to the end of the day a week away
    (a weekend between: the working days are fewer than the days)."""
    dispute = village_dispute(users, state="mediating")
    lead = refer(dispute, users, body_code="shahe-police", route="police_mediation")
    transition(dispute, "accept_referral", user=users["police_shahe"])
    dispute.refresh_from_db()
    assert (dispute.status, dispute.holder_id) == ("agency_handling", lead.body_id)
    due = end_of_day(timezone.localdate() + timedelta(days=7))
    Dispute.objects.filter(pk=dispute.pk).update(due_at=due, warn_at=None)
    return dispute


def test_a_working_day_clock_reads_the_same_in_working_days_everywhere(client_for, users):
    dispute = police_mediation(users)
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    with translation.override("zh-hans"):
        expected = time_left(Dispute.objects.get(pk=dispute.pk).due_at, unit="workdays")
    assert re.fullmatch(r"剩余 \d 个工作日", expected.label), expected.label

    police = client_for("police_shahe")
    workbench = police.get(reverse("disputes:workbench")).content.decode()
    inbox = police.get(reverse("referrals:inbox")).content.decode()
    page = police.get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    detail = police.get(f"/api/v1/disputes/{dispute.code}/").json()
    listed = police.get("/api/v1/disputes/?tab=mine").json()["results"]
    seen = {
        "work list": label_in(workbench, f">{dispute.code}</a>", "</tr>"),
        "agency inbox": label_in(inbox, f'data-testid="handling-{lead.pk}"', "</li>"),
        "dispute page": label_in(page, 'data-testid="time-left"', "</p>"),
        "api detail": detail["time_left"]["label"],
        "api list": next(row for row in listed if row["code"] == dispute.code)["time_left"]["label"],
    }

    assert set(seen.values()) == {expected.label}, seen
    assert detail["time_left"] == {
        "state": "running",
        "label": expected.label,
        "unit": "workdays",
        "amount": expected.working_days,
        "due": detail["due_at"],
    }


def petition(users):
    dispute = village_dispute(users, state="mediating")
    referral = refer(dispute, users, body_code="petitions-bureau", route="petition")
    dispute.refresh_from_db()
    return dispute, referral


def petition_clocks(client, dispute, referral) -> dict:
    """The report-in clock of a petition referral wherever the petitions bureau reads it."""
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    work_list = client.get(reverse("disputes:workbench") + "?tab=referrals").content.decode()
    page = client.get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    with translation.override("zh-hans"):
        body_cell = f"<td>{referral.body.display_name}</td>"
    api_inbox = client.get("/api/v1/referrals/?status=pending").json()["results"]
    api_detail = client.get(f"/api/v1/disputes/{dispute.code}/").json()
    return {
        "agency inbox": label_in(inbox, f'data-testid="pending-{referral.pk}"', "</li>"),
        "work list": label_in(work_list, f">{dispute.code}</a>", "</tr>"),
        "dispute page, referral": label_in(page, body_cell, "</tr>"),
        "dispute page, clock": label_in(page, 'data-testid="time-left"', "</p>"),
        "api referrals": next(row for row in api_inbox if row["id"] == referral.pk)["time_left"],
        "api detail, referral": next(row for row in api_detail["referrals"] if row["id"] == referral.pk)[
            "time_left"
        ],
        "api detail, clock": api_detail["time_left"],
    }


def test_a_petition_reports_in_within_15_calendar_days_and_every_page_says_days(client_for, users):
    dispute, referral = petition(users)
    # The petition's acceptance clock, 15 calendar days (policy petition-acceptance), is the dispute's too.
    assert referral.report_by == dispute.due_at
    assert abs(referral.report_by - calendar_days_deadline(timezone.now(), 15)) < timedelta(minutes=1)
    with translation.override("zh-hans"):
        expected = time_left(referral.report_by, unit="days").label
    assert expected == "剩余 15 天"

    seen = petition_clocks(client_for("petitions"), dispute, referral)

    texts = {key: value["label"] if isinstance(value, dict) else value for key, value in seen.items()}
    assert set(texts.values()) == {expected}, texts
    for key in ("api referrals", "api detail, referral", "api detail, clock"):
        assert seen[key]["unit"] == "days" and seen[key]["amount"] == 15, (key, seen[key])
        assert seen[key]["state"] in ("running", "warning")


def test_a_petition_due_tomorrow_says_one_day_never_one_working_day(client_for, users):
    """Where the old reading said "剩余 1 个工作日" beside a fifteen-day deadline: a calendar-day clock on
    its last day but one says 1 day, whatever tomorrow is."""
    dispute, referral = petition(users)
    tomorrow = end_of_day(timezone.localdate() + timedelta(days=1))
    Referral.objects.filter(pk=referral.pk).update(report_by=tomorrow, warn_at=None)
    Dispute.objects.filter(pk=dispute.pk).update(due_at=tomorrow, warn_at=None)

    seen = petition_clocks(client_for("petitions"), dispute, referral)

    texts = {key: value["label"] if isinstance(value, dict) else value for key, value in seen.items()}
    assert set(texts.values()) == {"剩余 1 天"}, texts
    assert not any("工作日" in text for text in texts.values())


def test_the_lists_cost_the_same_queries_for_2_and_20_rows_with_their_units(client_for, users):
    pages = {
        "petitions": [
            reverse("referrals:inbox"),
            reverse("disputes:workbench") + "?tab=referrals",
            "/api/v1/referrals/",
        ],
        "police_shahe": [
            reverse("disputes:workbench"),
            reverse("referrals:inbox"),
            "/api/v1/disputes/?tab=mine",
        ],
    }

    def queries() -> dict:
        return {
            (username, url): count_queries(client_for(username), url)
            for username, urls in pages.items()
            for url in urls
        }

    def add(count: int) -> None:
        for _ in range(count):
            dispute = village_dispute(users, state="mediating", parties=parties_data(2))
            refer(dispute, users, body_code="petitions-bureau", route="petition")
            police_mediation(users)

    add(2)
    few = queries()
    add(18)

    assert queries() == few
    assert Referral.objects.filter(body__code="petitions-bureau", status="pending").count() == 20


def test_a_dispute_with_two_clocks_reads_its_earliest_everywhere_and_each_clock_alike_on_page_and_api(
    client_for, users
):
    """A labour dispute mediated at the village runs the ladder's two working days and the statutory 15
    days beside them: every list and the page's headline tell the earliest; the page's clocks and the
    API's tell each clock the same way, in its own unit."""
    dispute = village_dispute(users, state="mediating", category_code="labour")
    with translation.override("zh-hans"):
        step = time_left(Dispute.objects.get(pk=dispute.pk).due_at, unit="workdays").label
    assert re.fullmatch(r"剩余 \d 个工作日", step), step

    mediator = client_for("mediator_dongzhai")
    workbench = mediator.get(reverse("disputes:workbench")).content.decode()
    page = mediator.get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    detail = mediator.get(f"/api/v1/disputes/{dispute.code}/").json()
    listed = mediator.get("/api/v1/disputes/?tab=mine").json()["results"]
    headline = {
        "work list": label_in(workbench, f">{dispute.code}</a>", "</tr>"),
        "dispute page": label_in(page, 'data-testid="time-left"', "</p>"),
        "api detail": detail["time_left"]["label"],
        "api list": next(row for row in listed if row["code"] == dispute.code)["time_left"]["label"],
    }
    assert set(headline.values()) == {step}, headline

    on_page = CLOCK.findall(page.split('data-testid="clocks"', 1)[1].split("</ul>", 1)[0])
    in_api = [clock["time_left"]["label"] for clock in detail["clocks"]]
    assert on_page == in_api == [step, "剩余 15 天"]
    assert [(c["kind"], c["time_left"]["unit"], c["time_left"]["amount"]) for c in detail["clocks"]] == [
        ("step", "workdays", detail["time_left"]["amount"]),
        ("limit", "days", 15),
    ]
    assert detail["clocks"][0]["time_left"] == detail["time_left"]
