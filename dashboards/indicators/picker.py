"""What the period picker and the region select offer a user: the regions they read and below."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.choices import RegionKind
from agencies.models import Region
from dashboards.indicators.scope import SCOPE_KINDS, Scope, scope_regions

__all__ = ["picker_context"]

KIND_ORDER = {RegionKind.COUNTY: 0, RegionKind.TOWN: 1, RegionKind.STATE_UNIT: 1}


def region_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(code, name)]) for the region select: the user's regions, their towns, then each
    town's villages and communities. One query."""
    own = scope_regions(user)
    if not own:
        return []
    condition = None
    from django.db.models import Q

    for region in own:
        q = Q(code__startswith=region.code)
        condition = q if condition is None else condition | q
    regions = list(Region.objects.filter(condition, kind__in=SCOPE_KINDS).order_by("code"))
    by_id = {r.pk: r for r in regions}
    top = [
        (r.code, r.display_name)
        for r in regions
        if r.kind in (RegionKind.COUNTY, RegionKind.TOWN, RegionKind.STATE_UNIT)
    ]
    groups = [(_("County and towns"), top)] if top else []
    villages: dict[int, list] = {}
    for region in regions:
        if region.kind in (RegionKind.VILLAGE, RegionKind.COMMUNITY):
            villages.setdefault(region.parent_id, []).append((region.code, region.display_name))
    for parent_id, places in villages.items():
        parent = by_id.get(parent_id)
        groups.append((parent.display_name if parent else _("Villages"), places))
    return groups


def picker_context(user, scope: Scope) -> dict:
    today = timezone.localdate()
    quarters = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _step in range(12):
        quarters.append(
            (f"{year}-Q{quarter}", _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year})
        )
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return {
        "region_groups": region_choices(user),
        "period_kinds": [
            ("month", _("Month")),
            ("quarter", _("Quarter")),
            ("year", _("Year")),
            ("range", _("Custom range")),
        ],
        "quarters": quarters,
        "years": list(range(today.year, today.year - 6, -1)),
        "this_month": f"{today:%Y-%m}",
        "picked_month": f"{scope.start:%Y-%m}",
        "picked_quarter": f"{scope.start.year}-Q{(scope.start.month - 1) // 3 + 1}",
        "today": date.today(),
    }
