"""One "time left" (DESIGN.md §4): every page that says how long a dispute's step has left says the same.

The workbench, the agency inbox and the court's pages once computed it three ways (working days, a
working-day loop of their own, calendar `timeuntil`) and disagreed on one dispute. A deadline a week
away spans a weekend, where the three used to differ most.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from disputes.deadlines import time_left
from disputes.models import Dispute, Referral
from linze.workdays import end_of_day
from tests.factories import transition
from tests.mediation import fixtures
from tests.mediation.fixtures import village_dispute

linze, users, client_for = fixtures.linze, fixtures.users, fixtures.client_for

pytestmark = pytest.mark.django_db

CLOCK = re.compile(r'<span class="[^"]*" data-clock="[a-z]+">[^<]*</span>')


def clock_in(html: str, start: str, end: str) -> str:
    """The one time-left element between `start` and the next `end`."""
    assert start in html, start
    found = CLOCK.findall(html.split(start, 1)[1].split(end, 1)[0])
    assert len(found) == 1, found
    return found[0]


def workbench_clock(client, code: str) -> str:
    html = client.get(reverse("disputes:workbench")).content.decode()
    return clock_in(html, f">{code}</a>", "</tr>")


def due_in_a_week(dispute):
    """Time travel: the same deadline, the end of the day a week from today, whatever the step."""
    due = end_of_day(timezone.localdate() + timedelta(days=7))
    Dispute.objects.filter(pk=dispute.pk).update(due_at=due, warn_at=None)
    return due


def test_the_workbench_the_agency_inbox_and_the_court_show_the_same_time_left(client_for, users):
    dispute = village_dispute(users, state="referred", via="mediating")
    dispute = transition(dispute, "accept_referral", user=users["labour_dept"])
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    assert dispute.holder.code == lead.body.code == "labour-dept"
    due = due_in_a_week(dispute)
    with translation.override("zh-hans"):
        expected = time_left(due, unit="days").label
    # Every clock of this walk counts calendar days (agency handling, the court's filing review): in
    # days, the unit of the clock, not in the working days that lie between.
    assert expected == "剩余 7 天"

    agency = client_for("labour_dept")
    inbox = agency.get(reverse("referrals:inbox")).content.decode()
    seen = {
        "agency workbench": workbench_clock(agency, dispute.code),
        "agency inbox": clock_in(inbox, f'data-testid="handling-{lead.pk}"', "</li>"),
    }

    transition(dispute, "refer_to_court", user=users["labour_dept"])
    dispute.refresh_from_db()
    assert dispute.status == "court_referred"
    due_in_a_week(dispute)
    court = client_for("court_clerk")
    queue = court.get(reverse("court:queue")).content.decode()
    case = court.get(reverse("court:case", args=[dispute.code])).content.decode()
    page = court.get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    seen |= {
        "court workbench": workbench_clock(court, dispute.code),
        "court queue": clock_in(queue, f'data-testid="court-{dispute.code}"', "</tr>"),
        "court case": clock_in(case, 'data-testid="status"', "</p>"),
        "dispute page": clock_in(page, 'data-testid="time-left"', "</p>"),
    }

    assert len(set(seen.values())) == 1, seen  # the same text, in the same colour
    assert f">{expected}</span>" in seen["court queue"]


def test_a_referrals_report_in_deadline_reads_the_same_in_the_inbox_the_workbench_and_the_dispute_page(
    client_for, users
):
    dispute = village_dispute(users, state="referred", via="mediating")
    lead = Referral.objects.get(dispute=dispute, is_lead=True)
    report_by = end_of_day(timezone.localdate() + timedelta(days=7))
    Referral.objects.filter(pk=lead.pk).update(report_by=report_by)

    with translation.override("zh-hans"):
        lead_row = f"<td>{lead.body.display_name}</td>"
    agency = client_for("labour_dept")
    inbox = agency.get(reverse("referrals:inbox")).content.decode()
    referrals = agency.get(reverse("disputes:workbench") + "?tab=referrals").content.decode()
    page = agency.get(reverse("disputes:detail", args=[dispute.code])).content.decode()
    seen = {
        "agency inbox": clock_in(inbox, f'data-testid="pending-{lead.pk}"', "</li>"),
        "workbench referrals": clock_in(referrals, f">{dispute.code}</a>", "</tr>"),
        "dispute page": clock_in(page, lead_row, "</tr>"),
    }

    assert len(set(seen.values())) == 1, seen
    # A body reports in by working days (the policy of "referred"): the label counts working days.
    with translation.override("zh-hans"):
        expected = time_left(report_by, unit="workdays").label
    assert "个工作日" in expected and "天" not in expected
    assert f">{expected}</span>" in seen["agency inbox"]
