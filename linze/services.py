from django.db.models import F
from django.utils import timezone

from linze.models import WorkerHeartbeat


def heartbeat_record(*, worker: str) -> WorkerHeartbeat:
    heartbeat, created = WorkerHeartbeat.objects.get_or_create(
        worker=worker, defaults={"seen_at": timezone.now(), "runs": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(seen_at=timezone.now(), runs=F("runs") + 1)
        heartbeat.refresh_from_db()
    return heartbeat
