"""The clock of a dispute's current step (DESIGN.md §4): when it is due, when the warning starts, how
much time is left.

Durations come from DeadlinePolicy rows (admin-editable). The policy for a dispute is the most
specific active one for its state: one naming its category beats one naming the referral route, which
beats one naming the tier, which beats the state's own. Mediation on a rung of the ladder (四级七天)
takes its working days from that rung's LadderStep: the shipped policies for mediating at the grid,
village, town and county tiers leave the amount empty, so the ladder (including a town's own ladder)
stays the one place where its days are set, while the policy says when to warn and that a breach
escalates. A policy that gives an amount overrides the ladder.

Services call `dispute_deadline()` on every transition. Pages show `time_left()` — the one computation of
the time a step has left, for a dispute or a bare deadline — through the `time_left` template tag
(disputes/templatetags/workbench.py).
"""

import functools
import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.apps import apps as django_apps
from django.db import connection
from django.db.models import CharField, DateTimeField
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from agencies.reference import linze as linze_reference
from disputes.choices import ReferralRoute, ReferralStatus, Status, Tier
from disputes.ladder import current_ladder_step, ladders_load
from disputes.models import ClockPause, DeadlinePolicy, Dispute, DisputeClock, Referral
from disputes.models.deadlines import BreachAction, ClockAnchor, ClockKind, DeadlineUnit, ExtensionBasis
from disputes.selectors import due_soon_limit
from disputes.tables import active_policies
from linze.workdays import calendar_days_deadline, workdays_between, workdays_deadline

WORKDAYS, DAYS = DeadlineUnit.WORKING_DAYS, DeadlineUnit.CALENDAR_DAYS
ESCALATE = BreachAction.ESCALATE
STEP, LIMIT = ClockKind.STEP, ClockKind.LIMIT
APPROVAL, CONSENT, REASONS, SECOND_SESSION = (
    ExtensionBasis.APPROVAL,
    ExtensionBasis.CONSENT,
    ExtensionBasis.REASONS,
    ExtensionBasis.SECOND_SESSION,
)
_NOT_ANNOTATED = object()

# The shipped policies (DOMAIN.md, time limits). Loaded by a data migration and by
# deadline_policies_load_defaults(); afterwards they are admin data. amount None: the ladder's days.
DEFAULT_POLICIES: list[dict] = [
    # -- states, whatever the tier, route or category
    {"code": "reported", "name": "登记后研判受理", "status": Status.REPORTED, "unit": WORKDAYS, "amount": 1,
     "basis": "本地做法（可配置）"},
    {"code": "assessing", "name": "研判分流", "status": Status.ASSESSING, "unit": WORKDAYS, "amount": 2,
     "basis": "本地做法（可配置）"},
    {"code": "preventing", "name": "疏导稳控", "status": Status.PREVENTING, "unit": DAYS, "amount": 30,
     "basis": "本地做法（可配置）"},
    {"code": "mediating", "name": "人民调解（调解阶梯以外）", "status": Status.MEDIATING, "unit": DAYS,
     "amount": 30, "basis": "人民调解期限，法律未规定，本地默认（可配置）"},
    {"code": "referred", "name": "吹哨后部门报到", "status": Status.REFERRED, "unit": WORKDAYS, "amount": 1,
     "basis": "中心吹哨、部门报到：当日或次个工作日（可配置）"},
    {"code": "agency-handling", "name": "部门办理", "status": Status.AGENCY_HANDLING, "unit": DAYS,
     "amount": 60, "basis": "本地默认（可配置）"},
    {"code": "agreed", "name": "申请司法确认（协议生效之日起）", "status": Status.AGREED, "unit": DAYS,
     "amount": 30, "anchor": ClockAnchor.AGREEMENT_EFFECTIVE, "basis": "人民调解法第三十三条"},
    {"code": "fulfilling", "name": "协议履行与回访", "status": Status.FULFILLING, "unit": DAYS, "amount": 90,
     "basis": "本地默认（可配置）"},
    # A confirmation in its two steps: the court accepts (or refuses) within 3 days; once it accepted,
    # it decides within 15 days, extendable by 10 with the president's approval.
    {"code": "confirming", "name": "司法确认：受理（3日内）", "status": Status.CONFIRMING,
     "unit": DAYS, "amount": 3, "basis": "最高人民法院关于人民调解协议司法确认程序的若干规定（2011）"},
    {"code": "confirmation-decision", "name": "司法确认：审查决定（受理后15日）", "status": Status.CONFIRMING,
     "anchor": ClockAnchor.CONFIRMATION_ACCEPTED, "unit": DAYS, "amount": 15, "extension_amount": 10,
     "extension_basis": APPROVAL, "basis": "最高人民法院关于人民调解协议司法确认程序的若干规定（2011），"
     "经院长批准可延长10日"},
    {"code": "court-referred", "name": "法院立案审查", "status": Status.COURT_REFERRED, "unit": DAYS,
     "amount": 7, "basis": "民事诉讼法（七日内立案或者裁定不予受理）"},
    {"code": "court-mediating", "name": "法院诉前调解", "status": Status.COURT_MEDIATING, "unit": DAYS,
     "amount": 30, "extension_amount": 30, "extension_basis": CONSENT,
     "basis": "法院诉前调解规则（当事人同意可延长30日，可配置）"},
    # Shipped inactive: the court's own case system keeps the trial limit (审限) with its statutory
    # deductions; the portal would only duplicate it with a cruder count. An administrator may switch it on.
    {"code": "litigating", "name": "审理期限（普通程序约六个月）", "status": Status.LITIGATING, "unit": DAYS,
     "amount": 180, "is_active": False, "basis": "民事诉讼法（普通程序六个月）"},
    # -- the ladder 四级七天: days from LadderStep, a breach climbs a rung
    *[
        {"code": f"ladder-{tier}", "name": f"调解阶梯：{label}", "status": Status.MEDIATING, "tier": tier,
         "unit": WORKDAYS, "amount": None, "breach_action": ESCALATE, "basis": "四级七天（张掖市）"}
        for tier, label in [(Tier.GRID, "网格"), (Tier.VILLAGE, "村（社区）"), (Tier.TOWN, "镇"),
                            (Tier.COUNTY, "县")]
    ],
    # -- referral routes
    {"code": "petition-acceptance", "name": "信访事项受理", "status": Status.REFERRED,
     "route": ReferralRoute.PETITION, "unit": DAYS, "amount": 15, "basis": "信访工作条例（2022）"},
    {"code": "petition-handling", "name": "信访事项办理", "status": Status.AGENCY_HANDLING,
     "route": ReferralRoute.PETITION, "unit": DAYS, "amount": 60, "extension_amount": 30,
     "extension_basis": REASONS, "basis": "信访工作条例（2022），说明理由可延长30日"},
    # At most two sessions: the first within 3 working days of acceptance, a second within 7 more.
    {"code": "police-mediation", "name": "治安调解", "status": Status.AGENCY_HANDLING,
     "route": ReferralRoute.POLICE_MEDIATION, "unit": WORKDAYS, "amount": 3, "extension_amount": 7,
     "extension_basis": SECOND_SESSION, "basis": "公安机关治安调解工作规范（最多两次，第二次在7个工作日内）"},
    {"code": "labour-arbitration-acceptance", "name": "劳动争议仲裁受理", "status": Status.REFERRED,
     "route": ReferralRoute.LABOUR_ARBITRATION, "unit": DAYS, "amount": 5, "basis": "劳动争议调解仲裁法"},
    {"code": "labour-arbitration-award", "name": "劳动争议仲裁裁决", "status": Status.AGENCY_HANDLING,
     "route": ReferralRoute.LABOUR_ARBITRATION, "unit": DAYS, "amount": 45, "extension_amount": 15,
     "extension_basis": APPROVAL, "basis": "劳动争议调解仲裁法（经仲裁委员会主任批准可延长15日）"},
    # -- categories: statutory limits that run beside the ladder's clock (which goes on escalating)
    {"code": "labour-mediation", "name": "劳动争议调解期限", "status": Status.MEDIATING, "category": "labour",
     "clock": LIMIT, "unit": DAYS, "amount": 15,
     "consequence": "调解期满未达成协议，当事人可以依法申请劳动争议仲裁",
     "basis": "劳动争议调解仲裁法第十四条（自收到调解申请之日起15日内未达成协议的，可申请仲裁）"},
    {"code": "traffic-mediation", "name": "道路交通事故损害赔偿调解期限", "status": Status.MEDIATING,
     "category": "traffic", "clock": LIMIT, "unit": DAYS, "amount": 10,
     "consequence": "调解期满未达成协议，当事人可以依法向人民法院提起民事诉讼",
     "basis": "道路交通事故处理程序规定"},
    {"code": "traffic-police-mediation", "name": "交警道路交通事故调解", "status": Status.AGENCY_HANDLING,
     "category": "traffic", "unit": DAYS, "amount": 10, "basis": "道路交通事故处理程序规定"},
]  # fmt: skip


def _shipped_category(code: str) -> dict:
    """A category the shipped policies name, as load_linze would create it (it may not have run yet)."""
    for index, (category_code, name, name_en) in enumerate(linze_reference.CATEGORIES):
        if category_code == code:
            return {"name": name, "name_en": name_en, "sort_order": 10 * (index + 1)}
    raise LookupError(code)


# The shipped state-wide defaults as (unit, amount); the demo data plans its timeline with them.
STATE_DEFAULTS = {
    p["status"]: (str(p["unit"]), p["amount"])
    for p in DEFAULT_POLICIES
    if not ({"tier", "route", "category", "anchor"} & p.keys()) and p.get("is_active", True)
}
# The fields the shipped policies gained with the clock set (issue 11, items 7 and 8).
CLOCK_SET_FIELDS = ("clock", "extension_amount", "extension_basis", "consequence")

ROUTED_STATES = (Status.REFERRED, Status.AGENCY_HANDLING)


def deadline_policies_load_defaults(*, apps=django_apps) -> int:
    """Creates the shipped policies that are missing (matched by code); existing ones are admin data.

    Idempotent. `apps` is the app registry (a data migration passes its historical one). An
    administrator retires a shipped policy by deactivating it: a deleted one would come back here.
    """
    policy_model = apps.get_model("disputes", "DeadlinePolicy")
    category_model = apps.get_model("disputes", "Category")
    existing = set(policy_model.objects.filter(code__isnull=False).values_list("code", flat=True))
    missing = [spec for spec in DEFAULT_POLICIES if spec["code"] not in existing]
    categories = {}
    for code in {spec["category"] for spec in missing if spec.get("category")}:
        categories[code], _created = category_model.objects.get_or_create(
            code=code, defaults=_shipped_category(code)
        )
    rows = []
    known = {field.name for field in policy_model._meta.get_fields()}
    if "clock" not in known:  # before the clock set (migration 0005): the decision's policy comes later
        missing = [spec for spec in missing if spec.get("anchor") != ClockAnchor.CONFIRMATION_ACCEPTED]
    for spec in missing:
        fields = {**spec, "category": categories.get(spec.get("category"))}
        fields.setdefault("tier", "")
        fields.setdefault("route", "")
        # An older migration's model has not all of today's fields: it takes those it has.
        rows.append(policy_model(**{name: value for name, value in fields.items() if name in known}))
    # A scope an administrator already covers with a policy of their own keeps theirs.
    policy_model.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def deadline_policies_clock_set_update(*, apps=django_apps) -> int:
    """Gives the shipped policies made before the clock set their kind of clock, extension and
    consequence (unless an administrator set them already), and the confirmation's acceptance its 3 days
    in place of the 18 that stood for both steps. Returns how many rows changed."""
    policy_model = apps.get_model("disputes", "DeadlinePolicy")
    changed = 0
    for spec in DEFAULT_POLICIES:
        fields = {name: spec[name] for name in CLOCK_SET_FIELDS if name in spec}
        if fields:
            changed += policy_model.objects.filter(
                code=spec["code"], clock=STEP, extension_amount=None, consequence=""
            ).update(**fields, name=spec["name"], basis=spec["basis"])
    changed += policy_model.objects.filter(code="confirming", amount=18).update(
        amount=3, name="司法确认：受理（3日内）"
    )
    return changed


def _defaults_after_flush(sender, *, apps=django_apps, using="default", **kwargs) -> None:
    """`flush` (the test suite's transactional tests run it) empties every table and then sends
    post_migrate: an empty policy table gets the shipped defaults back, as content types and
    permissions come back. After a real migration the data migration has filled it: nothing to do."""
    if sender.label != "disputes":
        return
    if not apps.get_model("disputes", "DeadlinePolicy").objects.using(using).exists():
        deadline_policies_load_defaults(apps=apps)


post_migrate.connect(_defaults_after_flush, dispatch_uid="disputes.deadline_policy_defaults")


# -- which policy, how long -----------------------------------------------------------------------------


def _lead_route(dispute) -> str | None:
    annotated = getattr(dispute, "clock_route", _NOT_ANNOTATED)
    if annotated is not _NOT_ANNOTATED:
        return annotated
    return (
        Referral.objects.filter(
            dispute_id=dispute.pk, is_lead=True, status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]
        )
        .values_list("route", flat=True)
        .first()
    )


def _amount(policy: DeadlinePolicy, dispute) -> int | None:
    if policy.amount is not None:
        return policy.amount
    step = current_ladder_step(dispute) if dispute.tier == policy.tier else None
    return step.working_days if step is not None else None


def _accepted_at(dispute):
    """When the court accepted the dispute's confirmation application (None: not yet, or none)."""
    annotated = getattr(dispute, "clock_accepted_at", _NOT_ANNOTATED)
    if annotated is not _NOT_ANNOTATED:
        return annotated
    return dispute.confirmation_accepted_at


def _applies(policy: DeadlinePolicy, dispute) -> bool:
    # The decision's clock waits for the acceptance; until then the acceptance's own clock runs.
    return policy.anchor != ClockAnchor.CONFIRMATION_ACCEPTED or _accepted_at(dispute) is not None


def policy_for(
    dispute,
    *,
    route: str | None = None,
    status: str | None = None,
    policies=None,
    clock: str = ClockKind.STEP,
) -> tuple[DeadlinePolicy | None, int | None]:
    """The policy that governs the dispute's clock of kind `clock` (by default the step's own), with
    its amount; (None, None) without one.

    `route` is the referral route; by default that of the dispute's open lead referral (the
    `clock_route` annotation of with_clock_state(), else one query). `status` is the step's state, by
    default the dispute's own (a referral's report-in clock is that of "referred"). `policies` are the
    active policies already read for a page (with_clock_units()); by default they are read.
    """
    status = status or dispute.status
    if status == Status.CLOSED:
        return None, None
    if route is None and status in ROUTED_STATES:
        route = _lead_route(dispute)
    if policies is None:
        policies = active_policies(status)
    matching = [
        policy
        for policy in policies
        if policy.status == status
        and policy.is_active
        and policy.clock == clock
        and (not policy.tier or policy.tier == dispute.tier)
        and (not policy.route or policy.route == route)
        and (policy.category_id is None or policy.category_id == dispute.category_id)
    ]
    for policy in sorted(matching, key=lambda p: p.specificity, reverse=True):
        if not _applies(policy, dispute):
            continue
        amount = _amount(policy, dispute)
        if amount is not None:  # a ladder policy on a tier this region's ladder lacks falls through
            return policy, amount
    return None, None


def clock_unit(dispute, *, route: str | None = None, status: str | None = None, policies=None) -> str | None:
    """The unit of the clock policy_for() finds (DeadlineUnit), None without a policy."""
    policy, _amount_of_it = policy_for(dispute, route=route, status=status, policies=policies)
    return policy.unit if policy is not None else None


def deadline_add(begin: datetime, unit: str, amount: int) -> datetime:
    """The deadline `amount` units after `begin`: working days and calendar days run to the end of
    their last day (linze.workdays), hours are hours."""
    if unit == DeadlineUnit.WORKING_DAYS:
        return workdays_deadline(begin, amount)
    if unit == DeadlineUnit.CALENDAR_DAYS:
        return calendar_days_deadline(begin, amount)
    return begin + timedelta(hours=amount)


def warning_point(begin: datetime, due: datetime, policy: DeadlinePolicy) -> datetime:
    return begin + (due - begin) * policy.warning_percent / 100


def clock_begin(policy: DeadlinePolicy, dispute, now: datetime) -> datetime:
    if policy.anchor == ClockAnchor.AGREEMENT_EFFECTIVE:
        agreement = dispute.latest_agreement
        if agreement is not None and agreement.effective_on is not None:
            return timezone.make_aware(datetime.combine(agreement.effective_on, time.min))
    if policy.anchor == ClockAnchor.CONFIRMATION_ACCEPTED:
        return _accepted_at(dispute) or now
    return now


def dispute_deadline(dispute, *, start=None, route: str | None = None, clock: str = ClockKind.STEP) -> tuple:
    """(due_at, warn_at) of the dispute's clock of kind `clock` (the step's own by default), counted
    from `start` (now), or (None, None) when no policy sets one."""
    policy, amount = policy_for(dispute, route=route, clock=clock)
    if policy is None:
        return None, None
    begin = clock_begin(policy, dispute, start or timezone.now())
    due = deadline_add(begin, policy.unit, amount)
    return due, warning_point(begin, due, policy)


# -- pauses ---------------------------------------------------------------------------------------------


def clock_pause_open(dispute) -> ClockPause | None:
    return ClockPause.objects.filter(dispute_id=dispute.pk, resumed_at__isnull=True).first()


def clock_resumed(pause: ClockPause, *, now) -> tuple:
    """(due_at, warn_at) after a pause: the clock as it stood, moved on by the time it was stopped.

    A resumed clock whose warning point has passed is warned about again: it is a new deadline."""
    stopped = now - pause.paused_at
    return (
        pause.due_at + stopped if pause.due_at else None,
        pause.warn_at + stopped if pause.warn_at else None,
    )


def with_clock_state(queryset):
    """Annotates `clock_paused_at` (None unless paused), `clock_route` (the open lead referral's
    route), `clock_accepted_at` (a confirmation's acceptance) and `clock_earliest_unit` (the unit of the
    clock due_at is): dispute_time_left() then needs no query per row, with_clock_units() none either.

    Four correlated subqueries of a fixed shape, written as SQL once per process: built with the ORM,
    they cost a list about 2 ms of Python at every request (cloning and compiling them), more than
    PostgreSQL takes to run them for a page. The queryset's model is Dispute (its table is the alias
    they correlate on)."""
    return queryset.annotate(**_clock_state_columns())


@functools.cache
def _clock_state_columns() -> dict:
    dispute = connection.ops.quote_name(Dispute._meta.db_table)
    # The confirmations are mediation's rows, reached through the relation it declares (as the
    # agreements are by Dispute.latest_agreement), so that this lower layer imports nothing of it.
    confirmations = Dispute._meta.get_field("confirmations").related_model._meta.db_table
    table = connection.ops.quote_name
    # The unit of the earliest running clock, which due_at is: a statutory limit's days once it is the
    # earliest, the ladder's working days before.
    earliest_unit = (
        f"SELECT c.unit FROM {table(DisputeClock._meta.db_table)} c "
        f"WHERE c.dispute_id = {dispute}.id AND c.paused_at IS NULL ORDER BY c.due_at, c.kind LIMIT 1"
    )
    paused_at = (
        f"SELECT p.paused_at FROM {table(ClockPause._meta.db_table)} p "
        f"WHERE p.dispute_id = {dispute}.id AND p.resumed_at IS NULL "
        "ORDER BY p.paused_at DESC, p.id DESC LIMIT 1"
    )
    route = (
        f"SELECT r.route FROM {table(Referral._meta.db_table)} r WHERE r.dispute_id = {dispute}.id "
        "AND r.is_lead AND r.status IN (%s, %s) ORDER BY r.created_at DESC, r.id DESC LIMIT 1"
    )
    # The confirmation's second step has its own policy: its acceptance is read with the row.
    accepted_at = (
        f"CASE WHEN {dispute}.status = %s THEN (SELECT j.accepted_at FROM {table(confirmations)} j "
        f"WHERE j.decided_at IS NULL AND j.dispute_id = {dispute}.id ORDER BY j.applied_at DESC, j.id DESC "
        "LIMIT 1) END"
    )
    return {
        # RawSQL puts each in parentheses itself.
        "clock_earliest_unit": RawSQL(earliest_unit, (), output_field=CharField()),
        "clock_paused_at": RawSQL(paused_at, (), output_field=DateTimeField()),
        "clock_route": RawSQL(
            route,
            (ReferralStatus.PENDING.value, ReferralStatus.ACCEPTED.value),
            output_field=CharField(),
        ),
        "clock_accepted_at": RawSQL(accepted_at, (Status.CONFIRMING.value,), output_field=DateTimeField()),
    }


def with_clock_units(rows) -> list:
    """Sets `clock_unit` on each row of a page, the unit its time left is told in: two queries for the
    page whatever its length, empty or not (the active policies, the ladders), none per row.

    A row is a dispute, which went through with_clock_state() (its lead referral's route), or a
    referral, whose clock is its report-in by the policy of "referred" for its route; a lead
    referral's dispute gets the unit of its own clock too (the agency inbox shows both).
    """
    rows = list(rows)
    policies = active_policies()
    disputes = [row.dispute if isinstance(row, Referral) else row for row in rows]
    ladders_load(disputes)
    for row, dispute in zip(rows, disputes, strict=True):
        if isinstance(row, Referral):
            row.clock_unit = clock_unit(dispute, route=row.route, status=Status.REFERRED, policies=policies)
            if row.is_lead and row.status in (ReferralStatus.PENDING, ReferralStatus.ACCEPTED):
                dispute.clock_route = row.route
        if not hasattr(dispute, "clock_unit") and hasattr(dispute, "clock_route"):
            dispute.clock_unit = getattr(dispute, "clock_earliest_unit", None) or clock_unit(
                dispute, policies=policies
            )
    return rows


def dispute_clock_unit(dispute) -> str | None:
    """The unit of the dispute's earliest running clock (the one due_at is), from the clock itself
    (the `clock_earliest_unit` annotation of with_clock_state(), else one query), or else its step's
    policy (a clock written before the set)."""
    unit = getattr(dispute, "clock_earliest_unit", _NOT_ANNOTATED)
    if unit is _NOT_ANNOTATED:
        unit = (
            DisputeClock.objects.filter(dispute_id=dispute.pk, paused_at=None)
            .order_by("due_at", "kind")
            .values_list("unit", flat=True)
            .first()
        )
    return unit or clock_unit(dispute)


def _is_paused(dispute) -> bool:
    paused_at = getattr(dispute, "clock_paused_at", _NOT_ANNOTATED)
    if paused_at is _NOT_ANNOTATED:
        return clock_pause_open(dispute) is not None
    return paused_at is not None


# -- time left, for pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeLeft:
    """How a clock stands against its deadline, for display.

    state: "closed" | "none" (no time limit) | "paused" | "running" | "warning" | "overdue". While the
    clock runs, days, working_days and hours are what is left (days: calendar days to the due date;
    working_days: working days after today up to the due date; hours: rounded up); once overdue, how
    long it has been overdue (whole days; working days since the due date; whole hours, at least 1).
    unit: the clock's own unit (DeadlineUnit: "workdays", "days", "hours"), "" when it is not known;
    amount: the count in that unit the label tells (calendar days when the unit is not known).
    soon: due within the workbench's "due soon" window. label: translated into the active language,
    in the clock's unit ("剩余 2 个工作日", "剩余 12 天", "已超期 3 天", "计时已暂停"); a clock of
    unknown unit tells both ("剩余 4 天（2 个工作日）").
    """

    state: str
    label: str = ""
    due_at: datetime | None = None
    days: int = 0
    working_days: int = 0
    hours: int = 0
    soon: bool = False
    unit: str = ""
    amount: int = 0

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def warning(self) -> bool:
        """The warning point has passed (an overdue clock is past it too)."""
        return self.state in ("warning", "overdue")

    @property
    def paused(self) -> bool:
        return self.state == "paused"


AMOUNT_OF_UNIT = {
    DeadlineUnit.WORKING_DAYS: "working_days",
    DeadlineUnit.CALENDAR_DAYS: "days",
    DeadlineUnit.HOURS: "hours",
}


def time_left(
    due_at: datetime | None,
    *,
    now: datetime | None = None,
    warn_at: datetime | None = None,
    paused: bool = False,
    closed: bool = False,
    unit: str | None = None,
) -> TimeLeft:
    """How much time a step has left: the one computation behind every page and API that says so.

    Takes plain values, so that it serves a dispute's clock, a referral's report-in and a list whose
    selector read the values per row alike. `unit` is the clock's policy's unit (DeadlineUnit): the
    label speaks it, so that a 15-day clock never says "1 working day". Working days are those of
    linze.workdays (the State Council's holiday calendar). A paused clock has no deadline while it
    stands still; `closed` (a closed dispute, an answered referral) has no clock at all.
    """
    unit = str(unit or "")
    if closed:
        return TimeLeft("closed", unit=unit)
    if paused:
        return TimeLeft("paused", _("Clock paused"), unit=unit)
    if due_at is None:
        return TimeLeft("none", _("No time limit"), unit=unit)
    now = now or timezone.now()
    today, due_day = timezone.localdate(now), timezone.localtime(due_at).date()
    if now > due_at:
        late = now - due_at
        counts = {
            "days": late.days,
            "working_days": workdays_between(due_day, today),
            "hours": max(1, int(late.total_seconds() // 3600)),
        }
        state, label, soon = "overdue", _overdue_label(counts, unit), True
    else:
        counts = {
            "days": (due_day - today).days,
            "working_days": workdays_between(today, due_day),
            "hours": math.ceil((due_at - now).total_seconds() / 3600),
        }
        state = "warning" if warn_at is not None and now >= warn_at else "running"
        label, soon = _left_label(counts, unit), due_at <= due_soon_limit(now)
    amount = counts[AMOUNT_OF_UNIT.get(unit, "days")]
    return TimeLeft(state, label, due_at, soon=soon, unit=unit, amount=amount, **counts)


def dispute_time_left(dispute, *, now: datetime | None = None) -> TimeLeft:
    """time_left() of a dispute's current step, in the unit of its policy.

    Whether a clock that does not run is paused comes from the `clock_paused_at` annotation of
    with_clock_state(); without it, it is looked up (one query, only when the dispute has no deadline).
    The unit is that of the earliest clock (due_at is its deadline), from with_clock_units(); without
    it, the clock is read (a page of one dispute).
    """
    closed = dispute.status == Status.CLOSED
    paused = not closed and dispute.due_at is None and _is_paused(dispute)
    unit = getattr(dispute, "clock_unit", _NOT_ANNOTATED)
    if unit is _NOT_ANNOTATED:
        unit = dispute_clock_unit(dispute) if not closed and dispute.due_at is not None else None
    return time_left(
        dispute.due_at, now=now, warn_at=dispute.warn_at, paused=paused, closed=closed, unit=unit
    )


def referral_time_left(referral, *, now: datetime | None = None) -> TimeLeft:
    """time_left() of a referral's report-in (报到): running while it waits, none once answered.

    The unit comes from with_clock_units(); without it, the policy is read (one referral)."""
    unit = getattr(referral, "clock_unit", _NOT_ANNOTATED)
    if unit is _NOT_ANNOTATED:
        unit = clock_unit(referral.dispute, route=referral.route, status=Status.REFERRED)
    return time_left(
        referral.report_by,
        now=now,
        warn_at=referral.warn_at,
        closed=referral.status != ReferralStatus.PENDING,
        unit=unit,
    )


def _overdue_label(counts: dict, unit: str) -> str:
    if unit == DeadlineUnit.WORKING_DAYS and counts["working_days"]:
        if counts["working_days"] == 1:
            return pgettext("time left", "Overdue by 1 working day")
        return pgettext("time left", "Overdue by %(working_days)s working days") % counts
    if counts["days"] and unit != DeadlineUnit.HOURS:
        if counts["days"] == 1:
            return pgettext("time left", "Overdue by 1 day")
        return pgettext("time left", "Overdue by %(days)s days") % counts
    if counts["hours"] == 1:
        return pgettext("time left", "Overdue by 1 hour")
    return pgettext("time left", "Overdue by %(hours)s hours") % counts


def _left_label(counts: dict, unit: str) -> str:
    days, working_days = counts["days"], counts["working_days"]
    if days == 0 or unit == DeadlineUnit.HOURS:
        if counts["hours"] == 1:
            return (
                pgettext("time left", "Due today, 1 hour left")
                if days == 0
                else pgettext("time left", "1 hour left")
            )
        if days == 0:
            return pgettext("time left", "Due today, %(hours)s hours left") % counts
        return pgettext("time left", "%(hours)s hours left") % counts
    if unit == DeadlineUnit.CALENDAR_DAYS:
        if days == 1:
            return pgettext("time left", "1 day left")
        return pgettext("time left", "%(days)s days left") % counts
    if days == working_days or (unit == DeadlineUnit.WORKING_DAYS and working_days):
        if working_days == 1:
            return pgettext("time left", "1 working day left")
        return pgettext("time left", "%(working_days)s working days left") % counts
    if working_days == 0:
        return pgettext("time left", "%(days)s days left (no working day)") % counts
    if working_days == 1:
        return pgettext("time left", "%(days)s days left (1 working day)") % counts
    return pgettext("time left", "%(days)s days left (%(working_days)s working days)") % counts
