from django.db import migrations

# The sector of each of Linze's county bodies (agencies/reference/linze.py COUNTY_BODIES), frozen here as
# it stood when the whistle form began to suggest bodies by the dispute's category. A sector is a
# dispute-category code. Bodies not yet loaded are left to `load_linze`, which writes the same values.
SECTORS = {
    "police-bureau": "traffic",
    "labour-dept": "labour",
    "housing-dept": "property-management",
    "natural-resources-dept": "forest-land",
    "market-dept": "consumer",
    "health-dept": "medical",
    "agriculture-dept": "land-contract",
    "medical-committee": "medical",
    "traffic-committee": "traffic",
    "labour-committee": "labour",
    "family-committee": "marriage-family",
    "trade-union": "labour",
    "womens-federation": "marriage-family",
    "commerce-federation": "business",
    "consumer-association": "consumer",
}


def fill_sectors(apps, schema_editor):
    body_model = apps.get_model("agencies", "Body")
    for code, sector in SECTORS.items():
        # Only an empty sector is filled: one an administrator set stays theirs.
        body_model.objects.filter(code=code, sector="").update(sector=sector)


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0006_official_codes"),
    ]

    operations = [migrations.RunPython(fill_sectors, migrations.RunPython.noop)]
