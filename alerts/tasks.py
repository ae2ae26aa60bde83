"""Celery tasks of the early warning: they fetch by id and call a service, nothing else."""

from celery import shared_task

from alerts import services


@shared_task(acks_late=True)
def evaluate_dispute(dispute_id: int, event_id: int | None = None) -> int:
    """Queued on commit after intake, a transition or a session: the rules for one dispute."""
    return len(services.warnings_evaluate_dispute(dispute_id=dispute_id, event_id=event_id))


@shared_task(acks_late=True)
def warning_sweep() -> dict:
    """Beat, every 15 minutes: clusters over recent disputes, and whatever the on-commit path missed."""
    return services.warnings_sweep()
