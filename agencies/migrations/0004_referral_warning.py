from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_lifecycle'),
    ]

    # Referral lived here until it moved to disputes (its table kept the name agencies_referral):
    # disputes/0002_lifecycle creates it, so that agencies depends on no app above it.
    operations = []
