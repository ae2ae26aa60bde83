"""Deadlines (DESIGN.md §4, issue 5): the policies, the clock every transition sets, pauses, time left.

Time is frozen by standing in for django.utils.timezone.now (as the demo data does), so that dates
are exact: 2026-03-02 is a Monday; the Spring Festival 2026 holiday runs 15–23 February, with
Saturday 14 February a working day.
"""

from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Body
from disputes import services
from disputes.choices import Status, Tier
from disputes.deadlines import (
    DEFAULT_POLICIES,
    STATE_DEFAULTS,
    deadline_policies_load_defaults,
    dispute_deadline,
    dispute_time_left,
    policy_for,
    time_left,
    with_clock_state,
    with_clock_units,
)
from disputes.models import ClockPause, DeadlineBreach, DeadlinePolicy, Dispute, LadderStep, Referral
from disputes.models.deadlines import BreachAction, DeadlineUnit
from disputes.sweep import deadline_sweep_run
from disputes.transitions import TRANSITIONS
from linze.exceptions import Conflict, NotPermitted
from linze.workdays import calendar_days_deadline, workdays_deadline
from tests.factories import ROUTES, dispute_in_state, register_dispute, transition, transition_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def end_of(year, month, day) -> datetime:
    return local(year, month, day, 23, 59, 59)


class Clock:
    """Stands in for django.utils.timezone.now; tests set or move `now`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", new=Clock(local(2026, 3, 2, 10))) as frozen:
        yield frozen


def warn_point(start: datetime, due: datetime, percent: int = 80) -> datetime:
    return start + (due - start) * percent / 100


# -- the shipped policies --------------------------------------------------------------------------------


def test_the_shipped_policies_are_there_and_loading_them_again_adds_nothing():
    codes = set(DeadlinePolicy.objects.filter(code__isnull=False).values_list("code", flat=True))

    assert codes == {spec["code"] for spec in DEFAULT_POLICIES}
    assert deadline_policies_load_defaults() == 0


def test_loading_keeps_an_administrators_edits_and_brings_back_a_missing_shipped_policy():
    DeadlinePolicy.objects.filter(code="reported").update(amount=3, warning_percent=50)
    DeadlinePolicy.objects.filter(code="fulfilling").delete()

    assert deadline_policies_load_defaults() == 1
    reported = DeadlinePolicy.objects.get(code="reported")
    assert (reported.amount, reported.warning_percent) == (3, 50)
    assert DeadlinePolicy.objects.get(code="fulfilling").amount == 90


@pytest.mark.parametrize(
    "code,unit,amount,action",
    [
        ("ladder-grid", DeadlineUnit.WORKING_DAYS, None, BreachAction.ESCALATE),  # days from the ladder
        ("ladder-county", DeadlineUnit.WORKING_DAYS, None, BreachAction.ESCALATE),
        ("referred", DeadlineUnit.WORKING_DAYS, 1, BreachAction.ALERT),
        ("confirming", DeadlineUnit.CALENDAR_DAYS, 3, BreachAction.ALERT),  # the court accepts
        ("confirmation-decision", DeadlineUnit.CALENDAR_DAYS, 15, BreachAction.ALERT),  # then decides
        ("petition-acceptance", DeadlineUnit.CALENDAR_DAYS, 15, BreachAction.ALERT),
        ("petition-handling", DeadlineUnit.CALENDAR_DAYS, 60, BreachAction.ALERT),
        ("court-mediating", DeadlineUnit.CALENDAR_DAYS, 30, BreachAction.ALERT),
        ("labour-mediation", DeadlineUnit.CALENDAR_DAYS, 15, BreachAction.ALERT),
        ("police-mediation", DeadlineUnit.WORKING_DAYS, 3, BreachAction.ALERT),
        ("traffic-mediation", DeadlineUnit.CALENDAR_DAYS, 10, BreachAction.ALERT),
        ("agreed", DeadlineUnit.CALENDAR_DAYS, 30, BreachAction.ALERT),
    ],
)
def test_shipped_defaults_follow_the_domain_notes(code, unit, amount, action):
    policy = DeadlinePolicy.objects.get(code=code)
    assert (policy.unit, policy.amount, policy.breach_action, policy.warning_percent) == (
        unit,
        amount,
        action,
        80,
    )
    policy.full_clean()


def test_litigation_ships_without_an_active_clock():
    assert not DeadlinePolicy.objects.get(code="litigating").is_active
    assert Status.LITIGATING not in STATE_DEFAULTS


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"status": Status.ASSESSING, "amount": None}, "amount"),  # only a ladder tier may omit it
        ({"status": Status.MEDIATING, "tier": Tier.COURT, "amount": None}, "amount"),
        ({"status": Status.ASSESSING, "amount": 2, "breach_action": BreachAction.ESCALATE}, "breach_action"),
        ({"status": Status.MEDIATING, "amount": 2, "anchor": "agreement_effective"}, "anchor"),
    ],
)
def test_a_policy_that_cannot_work_is_refused_naming_the_field(fields, field):
    policy = DeadlinePolicy(name="测试", unit=DeadlineUnit.WORKING_DAYS, **fields)

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert field in refused.value.message_dict


# -- which policy applies --------------------------------------------------------------------------------


def test_the_most_specific_policy_wins_category_then_route_then_tier_then_state(admin):
    dispute = dispute_in_state("agency_handling", category_code="traffic")  # route: administrative mediation
    assert dispute.tier == Tier.AGENCY
    DeadlinePolicy.objects.create(
        name="部门办理（部门层级）", status=Status.AGENCY_HANDLING, tier=Tier.AGENCY, unit="days", amount=20
    )
    DeadlinePolicy.objects.create(
        name="行政调解",
        status=Status.AGENCY_HANDLING,
        route="administrative_mediation",
        unit="days",
        amount=25,
    )

    chosen = []
    for _round in range(4):
        policy, _amount = policy_for(dispute)
        chosen.append(policy.name)
        policy.is_active = False
        policy.save()

    assert chosen == ["交警道路交通事故调解", "行政调解", "部门办理（部门层级）", "部门办理"]
    assert policy_for(dispute) == (None, None)
    assert dispute_deadline(dispute) == (None, None)


def test_a_policy_for_another_category_route_or_tier_does_not_apply():
    dispute = dispute_in_state("agency_handling", category_code="neighbour")
    DeadlinePolicy.objects.create(
        name="别的层级", status=Status.AGENCY_HANDLING, tier=Tier.COURT, unit="days", amount=1
    )

    assert policy_for(dispute)[0].code == "agency-handling"
    assert policy_for(dispute, route="police_mediation")[0].code == "police-mediation"
    assert policy_for(dispute, route="petition")[0].code == "petition-handling"


def test_the_ladder_tiers_take_their_working_days_from_the_ladder_steps(clock):
    dispute = dispute_in_state("mediating")  # registered by a grid worker: the grid rung
    assert dispute.tier == Tier.GRID
    assert dispute.due_at == end_of(2026, 3, 3)  # one working day

    LadderStep.objects.filter(town__isnull=True, tier=Tier.GRID).update(working_days=3)
    assert dispute_in_state("mediating").due_at == end_of(2026, 3, 5)

    # A policy that gives an amount overrides the ladder.
    DeadlinePolicy.objects.filter(code="ladder-grid").update(amount=5, unit=DeadlineUnit.CALENDAR_DAYS)
    assert dispute_in_state("mediating").due_at == end_of(2026, 3, 7)


def test_labour_mediation_runs_the_ladders_clock_and_its_fifteen_day_limit_beside_it(clock):
    dispute = dispute_in_state("mediating", category_code="labour")  # the grid rung

    clocks = {c.kind: c for c in dispute.clocks.select_related("policy")}
    assert (clocks["step"].policy.code, clocks["step"].due_at) == ("ladder-grid", end_of(2026, 3, 3))
    assert (clocks["limit"].policy.code, clocks["limit"].due_at) == ("labour-mediation", end_of(2026, 3, 17))
    assert clocks["limit"].policy.breach_action == BreachAction.ALERT
    assert policy_for(dispute)[0].breach_action == BreachAction.ESCALATE  # the ladder escalates
    assert (dispute.due_at, dispute.warn_at) == (clocks["step"].due_at, clocks["step"].warn_at)  # earliest


# -- every transition sets the clock -----------------------------------------------------------------------


def _source_for(name: str) -> str:
    sources = getattr(Dispute, name)._django_fsm.transitions
    return next(state for state in ROUTES if state in sources)


# Pausing, resuming, calling a supporting body into a whistle keep the clock that runs; an extension
# moves it on (test_clock_set.py).
@pytest.mark.parametrize("name", sorted(name for name, spec in TRANSITIONS.items() if not spec.keeps_clock))
def test_every_transition_restarts_the_clock_from_the_policy_of_the_step_it_enters(name, clock, admin):
    dispute = dispute_in_state(_source_for(name))
    clock.now = local(2026, 3, 4, 9, 30)  # two days later

    dispute = transition(dispute, name, user=admin, **transition_data(name))

    stored = Dispute.objects.get(pk=dispute.pk)
    policy, amount = policy_for(stored)
    if stored.status == Status.CLOSED or policy is None:
        assert stored.status in (Status.CLOSED, Status.LITIGATING)
        assert (stored.due_at, stored.warn_at) == (None, None)
        return
    begin = (  # a confirmation's decision counts from its acceptance: now
        local(*stored.latest_agreement.effective_on.timetuple()[:3])
        if policy.anchor == "agreement_effective"
        else clock.now
    )
    expected = (
        workdays_deadline(begin, amount)
        if policy.unit == "workdays"
        else calendar_days_deadline(begin, amount)
    )
    assert stored.due_at == expected, policy.code
    assert stored.warn_at == warn_point(begin, expected, policy.warning_percent)
    assert clock.now < stored.warn_at < stored.due_at


def test_registration_on_the_friday_before_the_spring_festival_is_due_on_the_swapped_saturday(clock, users):
    clock.now = local(2026, 2, 13, 10)

    dispute = register_dispute(user=users["grid_dongzhai"])

    assert dispute.due_at == end_of(2026, 2, 14)
    assert dispute.warn_at == warn_point(clock.now, dispute.due_at)


def test_an_escalation_on_the_swapped_saturday_counts_its_two_days_after_the_holiday(clock, users):
    grid = users["grid_dongzhai"]
    clock.now = local(2026, 2, 13, 10)
    dispute = dispute_in_state("mediating", reporter=grid, actor=grid)
    assert dispute.due_at == end_of(2026, 2, 14)

    clock.now = local(2026, 2, 14, 12)
    dispute = transition(dispute, "escalate", user=grid)

    assert (dispute.tier, dispute.due_at) == (Tier.VILLAGE, end_of(2026, 2, 25))


def test_the_agreement_clock_counts_thirty_days_from_the_day_the_agreement_takes_effect(clock):
    clock.now = local(2026, 3, 5, 15)

    dispute = dispute_in_state("agreed", effective_on=date(2026, 3, 1))

    assert dispute.due_at == end_of(2026, 3, 31)


def test_a_referral_reports_in_by_its_routes_policy_and_the_dispute_waits_as_long(clock, admin):
    dispute = dispute_in_state("assessing")
    petitions = Body.objects.get(code="petitions-bureau")

    dispute = transition(
        dispute, "refer", user=admin, bodies=[petitions.pk], route="petition", note="转信访局受理"
    )

    referral = Referral.objects.get(dispute=dispute)
    assert referral.report_by == end_of(2026, 3, 17)  # 15 days to accept a petition
    assert referral.warn_at == warn_point(clock.now, referral.report_by)
    assert (dispute.due_at, dispute.warn_at) == (referral.report_by, referral.warn_at)

    clock.advance(days=2)
    dispute = transition(dispute, "accept_referral", user=admin)
    assert dispute.due_at == end_of(2026, 5, 3)  # 60 days to handle it


def test_a_whistle_gives_every_body_one_working_day_to_report_in(clock, admin):
    clock.now = local(2026, 3, 6, 16)  # a Friday afternoon

    dispute = dispute_in_state("referred")  # labour department leads, the police station supports

    reports = set(Referral.objects.filter(dispute=dispute).values_list("report_by", flat=True))
    assert reports == {end_of(2026, 3, 9)}
    assert dispute.due_at == end_of(2026, 3, 9)


def test_police_public_order_mediation_has_three_working_days(clock, admin):
    police = Body.objects.get(code="shahe-police")
    dispute = dispute_in_state("assessing")
    dispute = transition(
        dispute, "refer", user=admin, bodies=[police.pk], route="police_mediation", note="治安"
    )

    dispute = transition(dispute, "accept_referral", user=admin)

    assert dispute.due_at == end_of(2026, 3, 5)


# -- pauses -----------------------------------------------------------------------------------------------


def test_a_pause_stops_the_clock_and_resuming_moves_it_on_by_the_paused_time(clock, users):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=grid, actor=grid)
    due, warn = dispute.due_at, dispute.warn_at

    clock.advance(hours=1)
    dispute = transition(dispute, "pause_clock", user=grid, note="等待伤残鉴定意见")

    assert (dispute.status, dispute.due_at, dispute.warn_at) == (Status.MEDIATING, None, None)
    pause = ClockPause.objects.get(dispute=dispute)
    assert (pause.due_at, pause.warn_at, pause.reason, pause.paused_by) == (
        due,
        warn,
        "等待伤残鉴定意见",
        grid,
    )
    event = dispute.events.latest("pk")
    assert (event.transition, event.from_status, event.to_status, event.note) == (
        "pause_clock",
        Status.MEDIATING,
        Status.MEDIATING,
        "等待伤残鉴定意见",
    )

    clock.advance(days=10)  # long past the old deadline: the sweep leaves a stopped clock alone
    assert deadline_sweep_run().breaches == 0
    assert not DeadlineBreach.objects.filter(dispute=dispute).exists()

    dispute = transition(dispute, "resume_clock", user=grid, note="鉴定意见已送达")

    stopped = timedelta(days=10)
    assert (dispute.due_at, dispute.warn_at) == (due + stopped, warn + stopped)
    pause.refresh_from_db()
    assert (pause.resumed_at, pause.resumed_by, pause.ended_by) == (clock.now, grid, "resume_clock")
    assert dispute.events.latest("pk").transition == "resume_clock"


def test_pausing_and_resuming_need_a_reason(users):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=grid, actor=grid)

    with pytest.raises(ValidationError) as refused:
        services.dispute_transition(dispute_id=dispute.pk, user=grid, name="pause_clock", data={})
    assert "note" in refused.value.message_dict

    transition(dispute, "pause_clock", user=grid)
    with pytest.raises(ValidationError):
        services.dispute_transition(dispute_id=dispute.pk, user=grid, name="resume_clock", data={"note": " "})


def test_only_a_running_clock_pauses_and_only_a_paused_one_resumes(users):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=grid, actor=grid)
    offered = {t["name"] for t in services.available_transitions(dispute, grid)}
    assert "pause_clock" in offered and "resume_clock" not in offered

    with pytest.raises(Conflict) as refused:
        transition(dispute, "resume_clock", user=grid)
    assert refused.value.code == "wrong_state"

    dispute = transition(dispute, "pause_clock", user=grid)
    with pytest.raises(Conflict) as refused:
        transition(dispute, "pause_clock", user=grid)
    assert refused.value.code == "wrong_state"
    offered = {t["name"] for t in services.available_transitions(dispute, grid)}
    assert "resume_clock" in offered and "pause_clock" not in offered


def test_a_reader_may_not_pause_the_clock(users):
    dispute = dispute_in_state("mediating", reporter=users["grid_dongzhai"])

    with pytest.raises(NotPermitted):
        transition(dispute, "pause_clock", user=users["leader"])


def test_moving_on_while_paused_ends_the_pause_and_the_next_step_has_its_own_clock(clock, users):
    grid = users["grid_dongzhai"]
    dispute = dispute_in_state("mediating", reporter=grid, actor=grid)
    dispute = transition(dispute, "pause_clock", user=grid)

    clock.advance(days=3)
    dispute = transition(dispute, "escalate", user=grid)

    assert dispute.due_at == workdays_deadline(clock.now, 2)
    pause = ClockPause.objects.get(dispute=dispute)
    assert (pause.resumed_at, pause.ended_by) == (clock.now, "escalate")
    assert dispute.events.latest("pk").payload["clock_pause_ended"] is True


# -- time left ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "now,state,days,working_days,hours,label",
    [
        (local(2026, 3, 2, 10), "running", 2, 2, 62, "剩余 2 个工作日"),  # Monday, due Wednesday
        (local(2026, 3, 3, 10), "running", 1, 1, 38, "剩余 1 个工作日"),
        (local(2026, 3, 4, 20), "warning", 0, 0, 4, "今日到期，剩余 4 小时"),
        (local(2026, 3, 5, 5), "overdue", 0, 1, 5, "已超期 5 小时"),
        (local(2026, 3, 8, 9), "overdue", 3, 2, 81, "已超期 3 天"),
    ],
)
def test_time_left_in_working_days_and_overdue(now, state, days, working_days, hours, label):
    with translation.override("zh-hans"):
        left = time_left(end_of(2026, 3, 4), now=now, warn_at=local(2026, 3, 4, 9))

    assert (left.state, left.days, left.working_days, left.hours, left.label) == (
        state,
        days,
        working_days,
        hours,
        label,
    )
    assert left.overdue is (state == "overdue")
    assert left.due_at == end_of(2026, 3, 4)


def test_time_left_over_a_weekend_names_calendar_and_working_days():
    due, warn = end_of(2026, 3, 10), local(2026, 3, 9, 12)

    with translation.override("zh-hans"):
        left = time_left(due, now=local(2026, 3, 6, 10), warn_at=warn)  # Friday; due Tuesday
    with translation.override("en"):
        english = time_left(due, now=local(2026, 3, 6, 10), warn_at=warn)

    assert (left.days, left.working_days, left.label) == (4, 2, "剩余 4 天（2 个工作日）")
    assert english.label == "4 days left (2 working days)"
    assert not left.warning


def test_time_left_over_the_spring_festival_counts_no_working_day():
    # Saturday 14 February 2026 is a working day; the holiday runs from the 15th to the 23rd.
    with translation.override("zh-hans"):
        assert time_left(end_of(2026, 2, 20), now=local(2026, 2, 14, 10)).label == "剩余 6 天（无工作日）"
        assert time_left(end_of(2026, 2, 24), now=local(2026, 2, 14, 10)).label == "剩余 10 天（1 个工作日）"


def test_time_left_of_a_deadline_without_a_dispute_is_due_soon_within_two_working_days():
    now = local(2026, 3, 2, 10)  # Monday

    assert time_left(end_of(2026, 3, 4), now=now).soon  # Wednesday: the second working day
    assert not time_left(end_of(2026, 3, 5), now=now).soon
    assert time_left(end_of(2026, 3, 4), now=now).state == "running"  # no warning point to pass


def test_time_left_of_a_paused_closed_or_unclocked_clock():
    with translation.override("zh-hans"):
        assert time_left(None, paused=True).label == "计时已暂停"
        assert time_left(None).label == "无办理期限"
        assert time_left(end_of(2026, 3, 4), closed=True).state == "closed"


def test_dispute_time_left_of_a_paused_closed_or_unclocked_dispute(users):
    grid = users["grid_dongzhai"]
    paused = transition(dispute_in_state("mediating", reporter=grid, actor=grid), "pause_clock", user=grid)
    litigating = dispute_in_state("litigating")
    closed = dispute_in_state("closed")

    with translation.override("zh-hans"):
        assert dispute_time_left(Dispute.objects.get(pk=paused.pk)).label == "计时已暂停"
        assert dispute_time_left(litigating).label == "无办理期限"
        assert dispute_time_left(closed).state == "closed"


def test_dispute_time_left_needs_no_query_per_row_after_with_clock_state(users, django_assert_num_queries):
    grid = users["grid_dongzhai"]
    paused = transition(dispute_in_state("mediating", reporter=grid, actor=grid), "pause_clock", user=grid)
    running = dispute_in_state("mediating", reporter=grid)

    # The rows alone: the active policies and the ladders, which give the units of the clocks, come from
    # the process's reference tables (linze.reference), read by the transitions above.
    with django_assert_num_queries(1):
        rows = with_clock_units(
            with_clock_state(Dispute.objects.filter(pk__in=[paused.pk, running.pk])).order_by("pk")
        )
        states = [dispute_time_left(row).state for row in rows]

    assert states == ["paused", "running"]


# -- the admin ----------------------------------------------------------------------------------------------


def test_the_admin_lists_the_policies_and_keeps_the_shipped_ones_from_being_deleted(admin_client):
    shipped = DeadlinePolicy.objects.get(code="ladder-village")
    own = DeadlinePolicy.objects.create(
        name="本地规则", status=Status.FULFILLING, tier=Tier.TOWN, unit="days", amount=60
    )

    listing = admin_client.get(reverse("admin:disputes_deadlinepolicy_changelist"))
    assert listing.status_code == 200
    assert shipped.name in listing.content.decode() and "本地规则" in listing.content.decode()
    assert (
        admin_client.get(reverse("admin:disputes_deadlinepolicy_change", args=[shipped.pk])).status_code
        == 200
    )

    assert (
        admin_client.get(reverse("admin:disputes_deadlinepolicy_delete", args=[shipped.pk])).status_code
        == 403
    )
    assert admin_client.get(reverse("admin:disputes_deadlinepolicy_delete", args=[own.pk])).status_code == 200


def test_the_admin_shows_breaches_and_pauses_read_only(admin_client):
    for name in ("deadlinebreach", "clockpause"):
        assert admin_client.get(reverse(f"admin:disputes_{name}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:disputes_{name}_add")).status_code == 403
