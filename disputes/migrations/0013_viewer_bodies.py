
import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models

# The bodies whose groups hold a view grant on each dispute: the grants as they stand.
BACKFILL = """
update disputes_dispute d set viewer_bodies = coalesce((
    select array_agg(distinct body.id order by body.id)
      from disputes_disputegroupobjectpermission grant_row
      join agencies_body body on body.group_id = grant_row.group_id
      join auth_permission permission on permission.id = grant_row.permission_id
     where grant_row.content_object_id = d.id and permission.codename = 'view_dispute'
), '{}')
"""


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_referral_warning'),
        ('disputes', '0012_closed_by_county_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='dispute',
            name='viewer_bodies',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), default=list, editable=False, size=None),
        ),
        migrations.AddIndex(
            model_name='dispute',
            index=django.contrib.postgres.indexes.GinIndex(fields=['viewer_bodies'], name='dispute_viewer_bodies'),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
