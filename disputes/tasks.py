"""Celery tasks of the disputes app: they only call services (disputes/sweep.py)."""

from celery import shared_task

from disputes.sweep import deadline_sweep_run


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deadline_sweep(row_delay: float = 0.0) -> dict:
    """The beat's deadline sweep (every five minutes). Safe to run twice, or twice at once: every row
    is handled once, in its own transaction. `row_delay` is for tests that kill a worker mid-run."""
    return deadline_sweep_run(row_delay=row_delay).as_dict()
