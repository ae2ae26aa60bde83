import django.db.models.deletion
from django.db import migrations, models

# Every region a dispute belongs to is a column: restrict() reads a leader's county, a centre's town or
# a village as one indexed equality instead of a prefix match on region codes through a join.
BACKFILL = """
update disputes_dispute d set county_id = coalesce(
    (select county.id from agencies_region town join agencies_region county on county.id = town.parent_id
      where town.id = d.town_id and county.kind = 'county'),
    (select town.parent_id from agencies_region town where town.id = d.town_id),
    d.town_id)
where county_id is null
"""


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_referral_warning"),
        ("disputes", "0008_moved_content_types"),
    ]

    operations = [
        migrations.AddField(
            model_name="dispute",
            name="county",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.region",
                verbose_name="county",
            ),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="dispute",
            name="county",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.region",
                verbose_name="county",
            ),
        ),
        migrations.AddIndex(
            model_name="dispute",
            index=models.Index(fields=["county", "-opened_at"], name="dispute_county_opened"),
        ),
        migrations.AddIndex(
            model_name="dispute",
            index=models.Index(fields=["town", "-opened_at"], name="dispute_town_opened"),
        ),
        migrations.AddIndex(
            model_name="dispute",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["reported", "assessing", "preventing", "mediating", "referred", "agency_handling", "agreed", "fulfilling", "confirming", "court_referred", "court_mediating", "litigating"])
                ),
                fields=["holder", "due_at"],
                name="dispute_holder_open_due",
            ),
        ),
    ]
