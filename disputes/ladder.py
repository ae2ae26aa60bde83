"""The mediation ladder (四级七天) for one dispute: which rung it is on, which comes next, who holds it."""

from agencies.models import Body
from disputes.choices import DEFAULT_TIER_HOLDER_KIND
from disputes.models.ladder import LadderStep
from disputes.tables import LADDER_STEPS

# At which level of the region tree a holder of each kind sits.
REGION_LEVEL_OF_KIND = {
    "grid_station": ("village", "community"),
    "village_committee": ("village", "community"),
    "town_committee": ("town",),
    "town_centre": ("town",),
    "judicial_office": ("town",),
    "county_centre": ("county",),
}


def ladder_for(dispute) -> list[LadderStep]:
    cached = getattr(dispute, "_ladder", None)
    if cached is None:
        cached = _ladder_of_town(LADDER_STEPS.rows(), dispute.town_id)
        dispute._ladder = cached
    return cached


def _ladder_of_town(steps: list[LadderStep], town_id) -> list[LadderStep]:
    """The town's own ladder if one is set, else the default (LadderStepQuerySet.for_region)."""
    return [step for step in steps if town_id is not None and step.town_id == town_id] or [
        step for step in steps if step.town_id is None
    ]


def ladders_load(disputes) -> None:
    """Sets the ladder of each of a page's disputes with one query, whatever their number (and for an
    empty page too, so that a page's queries do not depend on its rows): what ladder_for() would read
    for each, its town's own ladder if one is set, else the default."""
    steps = LADDER_STEPS.rows()
    for dispute in disputes:
        if getattr(dispute, "_ladder", None) is None:
            dispute._ladder = _ladder_of_town(steps, dispute.town_id)


def current_ladder_step(dispute) -> LadderStep | None:
    return next((step for step in ladder_for(dispute) if step.tier == dispute.tier), None)


def next_ladder_step(dispute) -> LadderStep | None:
    steps = ladder_for(dispute)
    current = current_ladder_step(dispute)
    if current is None:
        return None
    later = [step for step in steps if step.position > current.position]
    return later[0] if later else None


def first_ladder_step(dispute, *, tier: str | None = None) -> LadderStep | None:
    steps = ladder_for(dispute)
    if tier:
        return next((step for step in steps if step.tier == tier), None)
    return steps[0] if steps else None


def holder_for(*, tier: str, holder_kind: str | None, region) -> Body | None:
    """The body of the given kind that serves the dispute's region at that tier."""
    kind = holder_kind or DEFAULT_TIER_HOLDER_KIND.get(tier)
    levels = REGION_LEVEL_OF_KIND.get(kind, ("county",))
    area = region.ancestor_of_kind(*levels)
    if area is None:
        return None
    return Body.objects.filter(kind=kind, region=area, is_active=True).order_by("pk").first()


def next_tier_holder(dispute) -> Body | None:
    """The body of the ladder's next rung for this dispute (a grid report's village committee), or None
    at the top rung or off the ladder."""
    step = next_ladder_step(dispute)
    if step is None:
        return None
    return holder_for(tier=step.tier, holder_kind=step.holder_kind, region=dispute.region)
