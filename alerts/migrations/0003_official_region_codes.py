"""A live cluster warning's key names its village by code: it follows the village to its official code
(agencies 0006), so that the next sweep finds the warning it already raised instead of raising it again."""

from django.db import migrations


def keys_official(apps, schema_editor):
    _keys_rewrite(apps, official=True)


def keys_former(apps, schema_editor):
    _keys_rewrite(apps, official=False)


def _keys_rewrite(apps, *, official: bool):
    Warning = apps.get_model("alerts", "Warning")
    changed = []
    for warning in Warning.objects.exclude(region__former_code="").select_related("region"):
        old, new = warning.region.former_code, warning.region.code
        if not official:
            old, new = new, old
        if f":{old}:" in warning.dedupe_key:
            warning.dedupe_key = warning.dedupe_key.replace(f":{old}:", f":{new}:", 1)
            changed.append(warning)
    # Two steps: one live warning's new key may be another's old one until that one is rewritten.
    final = {warning.pk: warning.dedupe_key for warning in changed}
    for warning in changed:
        warning.dedupe_key = f"~{warning.pk}"
    Warning.objects.bulk_update(changed, ["dedupe_key"], batch_size=500)
    for warning in changed:
        warning.dedupe_key = final[warning.pk]
    Warning.objects.bulk_update(changed, ["dedupe_key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0006_official_codes"),
        ("alerts", "0002_default_rules_and_cursor"),
    ]

    operations = [migrations.RunPython(keys_official, keys_former)]
