# The guide's ways and the explorer's questions (portal/content.py), so that a new installation has them
# before anyone opens the admin. Idempotent: rows are matched by code; existing ones are admin data.

from django.db import migrations


def load(apps, schema_editor):
    from portal.content import portal_content_load

    portal_content_load(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_guide_explorer_submissions'),
        ('disputes', '0005_default_deadline_policies'),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
