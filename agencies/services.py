"""Writes for regions and bodies, and the loader of the shipped reference data (`load_linze`)."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction

from agencies.choices import BodyKind, RegionKind
from agencies.models import Body, Region
from agencies.reference import linze

__all__ = ["ReferenceLoadResult", "body_upsert", "reference_data_load", "region_upsert"]


def region_upsert(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Region | None = None,
    name_en: str = "",
    population: int | None = None,
    population_is_estimate: bool = True,
) -> tuple[Region, bool]:
    """Creates the region with this code, or renames and re-parents it.

    The population is written only when the region is created: afterwards it is admin data.
    """
    _check_code_below(code=code, parent_code=parent.code if parent else None)
    fields = {"name": name, "name_en": name_en, "kind": kind, "parent": parent}
    return Region.objects.update_or_create(
        code=code,
        defaults=fields,
        create_defaults={
            **fields,
            "population": population,
            "population_is_estimate": population_is_estimate,
        },
    )


def body_upsert(
    *,
    code: str,
    name: str,
    kind: str,
    region: Region,
    parent: Body | None = None,
    name_en: str = "",
    sector: str = "",
) -> tuple[Body, bool]:
    """Creates the body with this code (and, through Body.save(), its group), or updates it in place."""
    return Body.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "name_en": name_en,
            "kind": kind,
            "region": region,
            "parent": parent,
            "sector": sector,
        },
    )


_REGION_KIND_PLURALS = {
    RegionKind.COUNTY: "county",
    RegionKind.TOWN: "towns",
    RegionKind.VILLAGE: "villages",
    RegionKind.COMMUNITY: "communities",
    RegionKind.STATE_UNIT: "state units",
    RegionKind.GRID: "grid cells",
}


@dataclass(frozen=True)
class ReferenceLoadResult:
    """What `reference_data_load()` found in the shipped data and how much of it it wrote."""

    regions_by_kind: dict[str, int]
    bodies: int
    categories: int
    ladder_steps: int
    created: int
    updated: int

    @property
    def regions(self) -> int:
        return sum(self.regions_by_kind.values())

    def summary(self) -> str:
        kinds = ", ".join(
            f"{count} {_REGION_KIND_PLURALS.get(kind, kind)}" for kind, count in self.regions_by_kind.items()
        )
        return (
            f"Linze reference data: {self.regions} regions ({kinds}), {self.bodies} bodies, "
            f"{self.categories} categories, {self.ladder_steps} ladder steps; "
            f"{self.created} rows created, {self.updated} updated."
        )


@transaction.atomic
def reference_data_load() -> ReferenceLoadResult:
    """Writes the regions, bodies, categories and default ladder of `agencies.reference.linze`.

    Idempotent: rows are matched by code (ladder steps by position), names and structure are
    updated in place, nothing is deleted. Fields the admin owns are written only on creation:
    populations, a category's order and active flag, and every field of an existing ladder step,
    so re-running the loader (scripts/run does, on every start) never undoes an administrator's
    edits.
    """
    region_specs = _region_specs()
    region_ids, regions_created, regions_updated = _tree_sync(
        Region, region_specs, create_only=("population", "population_is_estimate")
    )

    body_specs = _body_specs()
    for spec in body_specs:
        spec["region_id"] = region_ids[spec.pop("region_code")]
    # New bodies are saved one by one: Body.save() creates each body's group.
    _body_ids, bodies_created, bodies_updated = _tree_sync(Body, body_specs, save_each=True)

    category_rows = [
        {"code": code, "name": name, "name_en": name_en, "sort_order": 10 * (index + 1)}
        for index, (code, name, name_en) in enumerate(linze.CATEGORIES)
    ]
    # Categories and the ladder belong to the disputes app, which depends on this one: reach them
    # through the app registry so that importing agencies never imports disputes.
    category_model = apps.get_model("disputes", "Category")
    _categories, categories_created, categories_updated = _rows_sync(
        category_model, category_rows, create_only=("sort_order",)
    )

    ladder_created = _default_ladder_create()

    kind_counts = Counter(spec["kind"] for spec in region_specs)
    return ReferenceLoadResult(
        regions_by_kind={str(kind): kind_counts[kind] for kind in RegionKind if kind_counts[kind]},
        bodies=len(body_specs),
        categories=len(category_rows),
        ladder_steps=len(linze.DEFAULT_LADDER),
        created=regions_created + bodies_created + categories_created + ladder_created,
        updated=regions_updated + bodies_updated + categories_updated,
    )


def _region_specs() -> list[dict[str, Any]]:
    """Every region of the county as a row, with its parent named by code."""
    county = linze.COUNTY
    specs = [
        {
            "code": county["code"],
            "former_code": "",
            "name": county["name"],
            "name_en": county["name_en"],
            "kind": RegionKind.COUNTY,
            "parent_code": None,
            "population": county["population"],
            "population_is_estimate": False,
        }
    ]
    for town in linze.TOWNS:
        specs.append(
            {
                "code": town["code"],
                "former_code": town["former_code"],
                "name": town["name"],
                "name_en": f"{town['pinyin']} Town",
                "kind": RegionKind.TOWN,
                "parent_code": county["code"],
                "population": town["population"],
                "population_is_estimate": True,
            }
        )
        for area in _town_areas(town):
            specs.append(
                {
                    "code": area["code"],
                    "former_code": area["former_code"],
                    "name": area["name"],
                    "name_en": area["name_en"],
                    "kind": area["kind"],
                    "parent_code": town["code"],
                    "population": area["population"],
                    "population_is_estimate": True,
                }
            )
            for number in range(1, linze.GRIDS_PER_AREA + 1):
                specs.append(
                    {
                        "code": f"{area['code']}{number:02d}",
                        "former_code": f"{area['former_code']}{number:02d}",
                        "name": f"{area['name']}第{number}网格",
                        "name_en": f"{area['name_en']} Grid {number}",
                        "kind": RegionKind.GRID,
                        "parent_code": area["code"],
                        "population": None,
                        "population_is_estimate": True,
                    }
                )
    for code, former_code, name, name_en, population in linze.STATE_UNITS:
        specs.append(
            {
                "code": code,
                "former_code": former_code,
                "name": name,
                "name_en": name_en,
                "kind": RegionKind.STATE_UNIT,
                "parent_code": county["code"],
                "population": population,
                "population_is_estimate": True,
            }
        )
    for spec in specs:
        _check_code_below(code=spec["code"], parent_code=spec["parent_code"])
    return specs


def _town_areas(town: dict[str, Any]) -> list[dict[str, Any]]:
    """A town's communities and villages with full codes, suffixed names and slugs."""
    areas = []
    for kind, key, suffix, suffix_en in (
        (RegionKind.COMMUNITY, "communities", "社区", "Community"),
        (RegionKind.VILLAGE, "villages", "村", "Village"),
    ):
        for code_suffix, name, pinyin, population in town[key]:
            areas.append(
                {
                    "code": town["code"] + code_suffix,
                    "former_code": town["former_code"] + code_suffix,
                    "name": name + suffix,
                    "name_en": f"{pinyin} {suffix_en}",
                    "slug": _slug(pinyin),
                    "kind": kind,
                    "population": population,
                }
            )
    return areas


def _body_specs() -> list[dict[str, Any]]:
    """Every body as a row, with its region and parent named by code."""
    county_code = linze.COUNTY["code"]
    specs = [
        {
            "code": code,
            "name": name,
            "name_en": name_en,
            "kind": kind,
            "region_code": county_code,
            "parent_code": parent_code,
            "sector": sector,
        }
        for code, kind, name, name_en, parent_code, sector in linze.COUNTY_BODIES
    ]
    for code, name, name_en, seat_code in linze.TRIBUNALS:
        specs.append(
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "kind": BodyKind.TRIBUNAL,
                "region_code": seat_code,
                "parent_code": linze.TRIBUNAL_PARENT,
                "sector": "",
            }
        )
    for town in linze.TOWNS:
        town_slug = _slug(town["pinyin"])
        town_names = {
            "town": town["name"],
            "town_short": town["name"].removesuffix("镇"),
            "town_en": town["pinyin"],
            "t": town_slug,
        }
        for suffix, kind, name, name_en, parent in linze.TOWN_BODIES:
            specs.append(
                {
                    "code": f"{town_slug}-{suffix}",
                    "name": name.format(**town_names),
                    "name_en": name_en.format(**town_names),
                    "kind": kind,
                    "region_code": town["code"],
                    "parent_code": parent.format(**town_names),
                    "sector": "",
                }
            )
        for area in _town_areas(town):
            area_names = {"area": area["name"], "area_en": area["name_en"], "t": town_slug}
            for suffix, kind, name, name_en, parent in linze.AREA_BODIES:
                specs.append(
                    {
                        "code": f"{town_slug}-{area['slug']}-{suffix}",
                        "name": name.format(**area_names),
                        "name_en": name_en.format(**area_names),
                        "kind": kind,
                        "region_code": area["code"],
                        "parent_code": parent.format(**area_names),
                        "sector": "",
                    }
                )
    return specs


def _default_ladder_create() -> int:
    """Creates the missing steps of the county-wide default ladder; existing steps are admin data."""
    ladder_step_model = apps.get_model("disputes", "LadderStep")
    existing = set(ladder_step_model.objects.filter(town__isnull=True).values_list("position", flat=True))
    missing = [
        ladder_step_model(town=None, position=position, tier=tier, holder_kind=holder_kind, working_days=days)
        for position, tier, holder_kind, days in linze.DEFAULT_LADDER
        if position not in existing
    ]
    ladder_step_model.objects.bulk_create(missing)
    return len(missing)


def _tree_sync(
    model: type[models.Model],
    specs: list[dict[str, Any]],
    *,
    create_only: tuple[str, ...] = (),
    save_each: bool = False,
) -> tuple[dict[str, int], int, int]:
    """Writes rows that name their parent by `parent_code`, a level at a time so parents exist first.

    Returns the primary keys by code and the numbers of rows created and updated.
    """
    parent_codes = {spec["code"]: spec["parent_code"] for spec in specs}
    depths: dict[str, int] = {}
    for code in parent_codes:
        depth, parent_code = 0, parent_codes[code]
        while parent_code is not None:
            if parent_code not in parent_codes:
                raise ValueError(f"{model.__name__} {code}: unknown parent {parent_code}")
            depth, parent_code = depth + 1, parent_codes[parent_code]
        depths[code] = depth

    ids: dict[str, int] = {}
    created = updated = 0
    for depth in sorted(set(depths.values())):
        rows = []
        for spec in specs:
            if depths[spec["code"]] != depth:
                continue
            row = {key: value for key, value in spec.items() if key != "parent_code"}
            row["parent_id"] = ids[spec["parent_code"]] if spec["parent_code"] else None
            rows.append(row)
        instances, level_created, level_updated = _rows_sync(
            model, rows, create_only=create_only, save_each=save_each
        )
        ids.update({code: instance.pk for code, instance in instances.items()})
        created += level_created
        updated += level_updated
    return ids, created, updated


def _rows_sync(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    *,
    create_only: tuple[str, ...] = (),
    save_each: bool = False,
) -> tuple[dict[str, models.Model], int, int]:
    """Inserts the rows whose code is new and updates the changed fields of the others (3 queries)."""
    instances = model.objects.in_bulk([row["code"] for row in rows], field_name="code")
    new, changed, changed_fields = [], [], set()
    for row in rows:
        instance = instances.get(row["code"])
        if instance is None:
            instances[row["code"]] = instance = model(**row)
            new.append(instance)
            continue
        fields = [f for f, value in row.items() if f not in create_only and getattr(instance, f) != value]
        if fields:
            for field in fields:
                setattr(instance, field, row[field])
            changed.append(instance)
            changed_fields.update(fields)
    if save_each:
        for instance in new:
            instance.save()
    else:
        model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields))
    return instances, len(new), len(changed)


def _check_code_below(*, code: str, parent_code: str | None) -> None:
    """Region codes are prefix-hierarchical: Region.objects.within() finds descendants by prefix."""
    if parent_code is not None and (not code.startswith(parent_code) or code == parent_code):
        raise ValueError(f"Region code {code} does not extend its parent's code {parent_code}")


def _slug(pinyin: str) -> str:
    return pinyin.lower().replace("'", "").replace(" ", "-")
