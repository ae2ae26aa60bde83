"""What the planner hands to the writer: the plan of one demo dispute and its steps, and the mark that
tells a demo dispute from a real one."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from agencies.models import Region
from demo.disputes.topics import Topic
from disputes.choices import Status
from disputes.models import Category

__all__ = ["DEMO_MARK", "Op", "Plan"]

# At the end of the description of every demo dispute: it tells them from real ones and makes the
# generator idempotent.
DEMO_MARK = "（演示数据）"


@dataclass
class Op:
    # "t" (a transition), "session", "agreement", "follow_up", "support_accept", "support_complete",
    # "lead_complete" (the lead body completes its referral, which closes the dispute)
    kind: str
    name: str = ""
    data: dict = field(default_factory=dict)
    gap: float = 1.0  # hours after the previous step


@dataclass
class Plan:
    scenario: str
    region: Region
    town: Region
    category: Category
    topic: Topic
    registrar: str
    channel: str
    risk: str
    overdue: bool
    lead: str = ""  # the lead body of its referrals, when the scenario fixes it
    title: str = ""
    description: str = ""
    amount: Decimal | None = None
    people: int = 2
    parties: list[dict] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)
    final: str = Status.REPORTED
    times: list[datetime] = field(default_factory=list)
