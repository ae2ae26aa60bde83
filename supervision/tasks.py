"""Celery tasks of the supervision app: they only call services."""

from celery import shared_task

from supervision.sweep import supervision_sweep_run


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def supervision_sweep() -> dict:
    """The beat's supervision sweep (every fifteen minutes); safe to run twice."""
    return supervision_sweep_run()
