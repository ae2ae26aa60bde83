"""Linze's regions take the official statistical division codes, in place, keeping the former code.

The portal numbered the towns from 620723100 and the state units from 620723400; the official codes
number the towns from 620723101 and the state units from 620723500, with the same village and
community suffixes. Every region below a town or state unit (villages, communities, grid cells, and
any the admin added) moves with it, so codes stay prefix-hierarchical; primary keys do not change, so
disputes, bodies and every other row that points at a region keep pointing at the same place.

A town or state unit is moved only when it is found under its former code with its name, so the
migration does nothing on a database that was loaded with the official codes (or is empty).
"""

from django.db import migrations

# former code: (official code, name), as they stood when the codes changed (not read from
# agencies/reference/linze.py, which may change afterwards).
MOVES = {
    "620723100": ("620723101", "沙河镇"),
    "620723101": ("620723102", "新华镇"),
    "620723102": ("620723103", "蓼泉镇"),
    "620723103": ("620723104", "平川镇"),
    "620723104": ("620723105", "板桥镇"),
    "620723105": ("620723106", "鸭暖镇"),
    "620723106": ("620723107", "倪家营镇"),
    "620723400": ("620723500", "国营临泽农场"),
    "620723401": ("620723501", "五泉林场"),
    "620723402": ("620723502", "沙河林场"),
    "620723403": ("620723503", "小泉子治沙站"),
    "620723404": ("620723504", "园艺场"),
    "620723405": ("620723505", "良种繁殖场"),
}


def codes_official(apps, schema_editor):
    Region = apps.get_model("agencies", "Region")
    found = dict(
        Region.objects.filter(code__in=MOVES).values_list("code", "name")
    )
    prefixes = {old: new for old, (new, name) in MOVES.items() if found.get(old) == name}
    if not prefixes:
        return
    moved = []
    for old, new in prefixes.items():
        # Every region of a town has a code of at least 9 digits starting with the town's code.
        for region in Region.objects.filter(code__startswith=old):
            region.former_code = region.code
            region.code = new + region.code[len(old) :]
            moved.append(region)
    # Two steps, because a code's new value is often another region's old one (620723101 was 新华镇
    # and becomes 沙河镇's) and the code is unique at every row: first codes no region has, then the
    # official ones.
    official = {region.pk: region.code for region in moved}
    for region in moved:
        region.code = f"~{region.pk}"
    Region.objects.bulk_update(moved, ["code", "former_code"], batch_size=500)
    for region in moved:
        region.code = official[region.pk]
    Region.objects.bulk_update(moved, ["code"], batch_size=500)


def codes_former(apps, schema_editor):
    """Back to the former codes, for the regions that have one."""
    Region = apps.get_model("agencies", "Region")
    moved = list(Region.objects.exclude(former_code=""))
    former = {region.pk: region.former_code for region in moved}
    for region in moved:
        region.code, region.former_code = f"~{region.pk}", ""
    Region.objects.bulk_update(moved, ["code", "former_code"], batch_size=500)
    for region in moved:
        region.code = former[region.pk]
    Region.objects.bulk_update(moved, ["code"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0005_region_former_code"),
    ]

    operations = [migrations.RunPython(codes_official, codes_former)]
