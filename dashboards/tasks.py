"""Celery tasks of the dashboards: they fetch by id and call a service (dashboards/exports/services.py)."""

from celery import shared_task

from dashboards.exports.services import export_job_run, export_queue, export_sweep_run


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def export_run(job_id: int, row_delay: float = 0.0) -> str:
    """Writes a background export. Safe to deliver twice: the run claims the job first, and a second
    delivery finds it taken. `row_delay` is for the tests that kill a worker in the middle."""
    return export_job_run(job_id=job_id, row_delay=row_delay)


@shared_task(acks_late=True, ignore_result=True)
def export_sweep() -> dict:
    """The beat's export sweep (every minute): stalled jobs run again, expired files are deleted."""
    result = export_sweep_run()
    export_queue(result.requeued)
    return result.as_dict()
