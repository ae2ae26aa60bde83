"""The outbox drain's cursor on the dispute timeline, starting at the present: a new installation never
notifies anyone of history."""

from django.db import migrations
from django.db.models import Max


def install(apps, schema_editor):
    DisputeEvent = apps.get_model("disputes", "DisputeEvent")
    NotificationEventCursor = apps.get_model("notifications", "NotificationEventCursor")
    latest = DisputeEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    NotificationEventCursor.objects.get_or_create(pk=1, defaults={"last_event_id": latest})


def remove(apps, schema_editor):
    apps.get_model("notifications", "NotificationEventCursor").objects.filter(pk=1).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_notifications"),
    ]

    operations = [migrations.RunPython(install, remove)]
