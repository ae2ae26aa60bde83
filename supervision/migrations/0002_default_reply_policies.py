from django.db import migrations

# Two months to reply to a judicial or procuratorial suggestion (DOMAIN.md; admin-editable afterwards).
DEFAULT_POLICIES = [("judicial", 2), ("procuratorial", 2)]


def create_policies(apps, schema_editor):
    SuggestionPolicy = apps.get_model("supervision", "SuggestionPolicy")
    for kind, months in DEFAULT_POLICIES:
        SuggestionPolicy.objects.get_or_create(kind=kind, defaults={"reply_months": months})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_suggestions")]

    operations = [migrations.RunPython(create_policies, migrations.RunPython.noop)]
