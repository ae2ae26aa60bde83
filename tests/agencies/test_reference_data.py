"""The Linze reference data (`load_linze`): regions, bodies, categories and the default ladder."""

from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q, Sum

from agencies.choices import BodyKind, RegionKind
from agencies.models import Body, Region
from agencies.reference import linze
from agencies.services import body_upsert, reference_data_load, region_upsert
from disputes.models import Category, LadderStep

# The administrator's site lives where settings.ADMIN_URL_PATH puts it.
ADMIN = f"/{settings.ADMIN_URL_PATH}"

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "bodies": Body.objects.count(),
        "categories": Category.objects.count(),
        "ladder": LadderStep.objects.count(),
    }


def test_load_linze_twice_gives_the_same_rows(capsys):
    call_command("load_linze")
    first = table_counts()
    first_ids = dict(Region.objects.values_list("code", "pk"))
    call_command("load_linze")

    assert table_counts() == first
    assert dict(Region.objects.values_list("code", "pk")) == first_ids
    output = capsys.readouterr().out.strip().splitlines()
    assert output[-1].endswith("0 rows created, 0 updated.")
    assert "7 towns, 71 villages, 5 communities" in output[-1]


def test_the_county_has_seven_towns_71_villages_and_5_communities():
    reference_data_load()

    kinds = Counter(Region.objects.values_list("kind", flat=True))
    assert kinds[RegionKind.COUNTY] == 1
    assert kinds[RegionKind.TOWN] == 7
    assert kinds[RegionKind.VILLAGE] == 71
    assert kinds[RegionKind.COMMUNITY] == 5
    assert kinds[RegionKind.STATE_UNIT] == 6
    assert kinds[RegionKind.GRID] == 76 * linze.GRIDS_PER_AREA
    assert Region.objects.get(code="620723101").name == "沙河镇"
    assert Region.objects.get(code="620723101201").name == "东寨村"
    assert Region.objects.get(code="620723101001").name == "乐民社区"
    assert Region.objects.get(code="620723101201").name_en == "Dongzhai Village"


def test_region_codes_extend_their_parents_codes():
    reference_data_load()

    for region in Region.objects.select_related("parent"):
        if region.parent is None:
            assert region.kind == RegionKind.COUNTY
        else:
            assert region.code.startswith(region.parent.code)
            assert region.code != region.parent.code

    town = Region.objects.get(code="620723101")
    assert Region.objects.within(town).filter(kind=RegionKind.VILLAGE).count() == 13
    assert Region.objects.within(town).filter(kind=RegionKind.COMMUNITY).count() == 5


def test_only_the_census_figure_is_not_an_estimate_and_villages_add_up_to_their_town():
    reference_data_load()

    county = Region.objects.get(kind=RegionKind.COUNTY)
    assert (county.population, county.population_is_estimate) == (115_900, False)
    assert not Region.objects.exclude(pk=county.pk).filter(population_is_estimate=False).exists()
    for town in Region.objects.filter(kind=RegionKind.TOWN).annotate(areas=Sum("children__population")):
        assert abs(town.areas - town.population) <= town.population * 0.05, town.name


def test_every_village_and_community_has_one_committee_and_one_grid_station():
    reference_data_load()

    areas = Region.objects.filter(kind__in=[RegionKind.VILLAGE, RegionKind.COMMUNITY]).annotate(
        committees=Count("bodies", filter=Q(bodies__kind=BodyKind.VILLAGE_COMMITTEE)),
        grid_stations=Count("bodies", filter=Q(bodies__kind=BodyKind.GRID_STATION)),
    )
    assert areas.count() == 76
    assert {(area.committees, area.grid_stations) for area in areas} == {(1, 1)}
    assert Body.objects.get(code="shahe-dongzhai-committee").region.name == "东寨村"
    assert Body.objects.get(code="shahe-dongzhai-grid").region.name == "东寨村"


def test_every_town_has_its_centre_judicial_office_committee_and_police_station():
    reference_data_load()

    for town in Region.objects.filter(kind=RegionKind.TOWN):
        kinds = sorted(town.bodies.values_list("kind", flat=True))
        assert {"town_centre", "judicial_office", "town_committee", "police_station"} <= set(kinds)
    assert Body.objects.get(code="shahe-judicial").parent.code == "justice-bureau"
    assert Body.objects.get(code="shahe-police").parent.code == "police-bureau"
    assert Body.objects.filter(kind=BodyKind.TRIBUNAL, parent__code="county-court").count() >= 2


def test_every_body_has_its_own_group():
    reference_data_load()

    bodies = Body.objects.select_related("group")
    assert bodies.count() == len({body.group_id for body in bodies})
    assert all(body.group.name == f"body:{body.code}" for body in bodies)


def test_sector_bodies_name_existing_categories():
    reference_data_load()

    category_codes = set(Category.objects.values_list("code", flat=True))
    sectors = set(Body.objects.exclude(sector="").values_list("sector", flat=True))
    assert sectors <= category_codes
    assert Body.objects.get(code="labour-dept").sector == "labour"
    assert set(Body.objects.filter(kind=BodyKind.SECTOR_COMMITTEE).values_list("sector", flat=True)) == {
        "medical",
        "traffic",
        "labour",
        "marriage-family",
    }


def test_the_sectors_migration_fills_what_the_reference_data_says():
    # agencies/0007_body_sectors froze the sectors of Linze's county bodies: the two must not drift apart.
    from importlib import import_module

    frozen = import_module("agencies.migrations.0007_body_sectors").SECTORS
    shipped = {code: sector for code, _kind, _name, _en, _parent, sector in linze.COUNTY_BODIES if sector}
    assert frozen == shipped
    assert shipped["police-bureau"] == "traffic"  # its traffic police mediate road accident compensation


def test_every_category_a_body_is_mapped_to_is_a_sector_some_body_has():
    sectors = {sector for *_rest, sector in linze.COUNTY_BODIES if sector}
    categories = {code for code, _name, _en in linze.CATEGORIES}
    assert set(linze.CATEGORY_SECTORS) <= categories
    assert set(linze.CATEGORY_SECTORS.values()) <= sectors


def test_the_default_ladder_is_grid_1_village_2_town_2_county_2():
    reference_data_load()

    steps = LadderStep.objects.filter(town__isnull=True).order_by("position")
    assert [(s.tier, s.holder_kind, s.working_days) for s in steps] == [
        ("grid", "grid_station", 1),
        ("village", "village_committee", 2),
        ("town", "town_committee", 2),
        ("county", "county_centre", 2),
    ]


def test_seventeen_categories_in_order():
    reference_data_load()

    categories = list(Category.objects.order_by("sort_order"))
    assert len(categories) == 17
    assert (categories[0].code, categories[0].name) == ("marriage-family", "婚姻家庭")
    assert categories[-1].code == "other"


def test_reloading_renames_in_place_and_keeps_admin_edits():
    reference_data_load()
    village = Region.objects.get(code="620723101201")
    Region.objects.filter(pk=village.pk).update(name="旧名", population=2_000, population_is_estimate=False)
    Body.objects.filter(code="shahe-committee").update(name="旧名", is_active=False)
    Category.objects.filter(code="other").update(sort_order=1, is_active=False)
    LadderStep.objects.filter(town__isnull=True, position=1).update(working_days=3)

    result = reference_data_load()

    village.refresh_from_db()
    assert (village.name, village.population, village.population_is_estimate) == ("东寨村", 2_000, False)
    committee = Body.objects.get(code="shahe-committee")
    assert (committee.name, committee.is_active) == ("沙河镇人民调解委员会", False)
    assert Category.objects.filter(code="other", sort_order=1, is_active=False).exists()
    assert LadderStep.objects.get(town__isnull=True, position=1).working_days == 3
    assert (result.created, result.updated) == (0, 2)


def test_region_upsert_refuses_a_code_outside_its_parent():
    county, _created = region_upsert(code="620723", name="临泽县", kind=RegionKind.COUNTY)

    with pytest.raises(ValueError):
        region_upsert(code="620724100", name="外县镇", kind=RegionKind.TOWN, parent=county)
    town, created = region_upsert(code="620723101", name="沙河镇", kind=RegionKind.TOWN, parent=county)
    assert created
    assert town.parent == county


def test_body_upsert_creates_the_group_once_and_renames_in_place():
    county, _created = region_upsert(code="620723", name="临泽县", kind=RegionKind.COUNTY)

    body, created = body_upsert(code="county-court", name="法院", kind=BodyKind.COURT, region=county)
    renamed, created_again = body_upsert(
        code="county-court", name="临泽县人民法院", kind=BodyKind.COURT, region=county
    )

    assert (created, created_again) == (True, False)
    assert renamed.pk == body.pk
    assert renamed.group_id == body.group_id
    assert Body.objects.get(code="county-court").name == "临泽县人民法院"


def test_the_admin_lists_the_reference_data(admin_client):
    reference_data_load()

    for url in [
        f"{ADMIN}agencies/region/?kind__exact=village",
        f"{ADMIN}agencies/region/?q=620723101",
        f"{ADMIN}agencies/body/?kind__exact=village_committee",
        f"{ADMIN}agencies/membership/",
        f"{ADMIN}disputes/category/",
        f"{ADMIN}disputes/ladderstep/",
        f"{ADMIN}agencies/body/{Body.objects.get(code='shahe-committee').pk}/change/",
        f"{ADMIN}agencies/region/{Region.objects.get(code='620723101201').pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_the_region_admin_refuses_a_code_outside_its_parent(admin_client):
    reference_data_load()
    town = Region.objects.get(code="620723101")

    response = admin_client.post(
        f"{ADMIN}agencies/region/add/",
        {"code": "620723102299", "name": "错位村", "kind": RegionKind.VILLAGE, "parent": town.pk},
    )

    assert response.status_code == 200
    assert "620723101" in response.context["adminform"].form.errors["code"][0]
    assert not Region.objects.filter(code="620723102299").exists()
