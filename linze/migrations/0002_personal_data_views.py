from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('linze', '0001_initial'),
    ]

    # PersonalDataView lived here until it moved to disputes (its table kept the name
    # linze_personaldataview): disputes/0003_event_append_only creates it, so that the
    # infrastructure package depends on no app.
    operations = []
