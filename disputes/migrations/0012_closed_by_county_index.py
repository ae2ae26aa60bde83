
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_referral_warning'),
        ('disputes', '0011_holder_open_opened_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dispute',
            index=models.Index(condition=models.Q(('status', 'closed')), fields=['county', '-closed_at'], name='dispute_closed_by_county'),
        ),
    ]
