from celery import shared_task

from linze.services import heartbeat_record


@shared_task(bind=True)
def record_heartbeat(self) -> int:
    return heartbeat_record(worker=self.request.hostname or "unknown").runs
