# The shipped deadline policies (DOMAIN.md, time limits), so that a new installation has them before
# anyone opens the admin. Idempotent: policies are matched by code; existing ones are admin data.

from django.db import migrations


def load(apps, schema_editor):
    from disputes.deadlines import deadline_policies_load_defaults

    deadline_policies_load_defaults(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('disputes', '0004_deadline_policies'),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
