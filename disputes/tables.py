"""The categories, deadline policies and ladder steps kept per process (linze.reference): each
transition and each work list reads them, an administrator edits them rarely."""

from disputes.models import Category, DeadlinePolicy, LadderStep
from linze.reference import ReferenceTable

CATEGORIES = ReferenceTable(Category)
POLICIES = ReferenceTable(DeadlinePolicy)
LADDER_STEPS = ReferenceTable(LadderStep, queryset=lambda: LadderStep.objects.order_by("position", "pk"))


def active_policies(status: str | None = None) -> list[DeadlinePolicy]:
    """The active deadline policies (of one status), in the model's order."""
    return [p for p in POLICIES.rows() if p.is_active and (status is None or p.status == status)]
