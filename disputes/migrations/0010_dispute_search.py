import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations


def documents_write(apps, schema_editor):
    """The search documents of the disputes there are (none on a fresh install), in batches."""
    from disputes.search import dispute_search_refresh

    Dispute = apps.get_model("disputes", "Dispute")
    ids = list(Dispute.objects.filter(search__isnull=True).values_list("pk", flat=True))
    for first in range(0, len(ids), 500):
        dispute_search_refresh(dispute_ids=ids[first : first + 500])


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_referral_warning'),
        ('disputes', '0009_dispute_county_and_scope_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='dispute',
            name='search',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='dispute',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search'], name='dispute_search'),
        ),
        # Written by the application's own function (disputes/search.py): the documents must be cut by
        # the same segmenter as the queries. Party names and mediation sessions of old rows come in too.
        migrations.RunPython(documents_write, migrations.RunPython.noop),
    ]
