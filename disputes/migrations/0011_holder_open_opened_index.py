
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_referral_warning'),
        ('disputes', '0010_dispute_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dispute',
            index=models.Index(condition=models.Q(('status__in', ['reported', 'assessing', 'preventing', 'mediating', 'referred', 'agency_handling', 'agreed', 'fulfilling', 'confirming', 'court_referred', 'court_mediating', 'litigating'])), fields=['holder', '-opened_at', '-id'], name='dispute_holder_open_opened'),
        ),
    ]
