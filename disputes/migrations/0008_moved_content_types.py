from django.db import migrations

# Referral moved here from agencies and PersonalDataView from the linze package, tables and all. On a
# database made before the move their content types still name the old apps: renaming them keeps the
# permissions that point at them (and any grant of those permissions) instead of leaving stale rows.
MOVED = [("agencies", "disputes", "referral"), ("linze", "disputes", "personaldataview")]


def rename(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new, model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def rename_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new, model in MOVED:
        if not ContentType.objects.filter(app_label=old, model=model).exists():
            ContentType.objects.filter(app_label=new, model=model).update(app_label=old)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("disputes", "0007_title_trigram_index"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
