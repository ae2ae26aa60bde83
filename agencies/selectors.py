"""Reads of the agencies app that pages of higher apps show (the public directory, the dispute page)."""

from agencies.choices import RegionKind
from agencies.models import GridLiaison, Region

__all__ = ["grid_liaisons", "grids_of", "village_liaisons"]


def grid_liaisons(*, grid_id: int) -> list[GridLiaison]:
    """The liaisons of one grid cell, judge first (one query)."""
    return list(GridLiaison.objects.filter(grid_id=grid_id).select_related("user", "body").order_by("kind"))


def grids_of(region: Region) -> list[Region]:
    """The grid cells of a place: the cell itself, or the cells of a village or community (one query)."""
    if region.kind == RegionKind.GRID:
        return [region]
    return list(Region.objects.filter(kind=RegionKind.GRID, code__startswith=region.code).order_by("code"))


def village_liaisons(*, village: Region) -> dict[Region, list[GridLiaison]]:
    """Each grid cell of a village or community with its liaisons, for the public directory (one query).
    Only the liaison's name, kind, body and public telephone are meant to be shown."""
    rows = (
        GridLiaison.objects.filter(grid__code__startswith=village.code)
        .select_related("grid", "user", "body")
        .order_by("grid__code", "kind")
    )
    result: dict[Region, list[GridLiaison]] = {}
    for liaison in rows:
        result.setdefault(liaison.grid, []).append(liaison)
    return result
