from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_referral_warning"),
    ]

    # Its own migration, apart from the codes' move (0006): PostgreSQL refuses to alter a table in the
    # transaction that updated its rows (the deferred foreign-key checks are still pending).
    operations = [
        migrations.AddField(
            model_name="region",
            name="former_code",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="The code this place had before the official division codes; still accepted in links.",
                max_length=20,
                verbose_name="former code",
            ),
        ),
    ]
