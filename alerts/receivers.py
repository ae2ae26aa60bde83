"""Receivers that queue rule evaluation. They run after the cause committed, inside the user's request:
they only queue a task (never raising; with Redis down the warning sweep evaluates the dispute later)."""

from django.db import transaction
from django.db.models.signals import post_save


def on_dispute_changed(sender, *, dispute_id: int, event_id: int, **kwargs) -> None:
    _queue(dispute_id, event_id)


def on_session_saved(sender, *, instance, created: bool, **kwargs) -> None:
    # Logging a session fires no dispute_changed: the minutes and the result are read once it commits.
    if created:
        transaction.on_commit(lambda: _queue(instance.dispute_id, None))


def _queue(dispute_id: int, event_id: int | None) -> None:
    from alerts.tasks import evaluate_dispute
    from notifications.queueing import publish_quietly

    publish_quietly(evaluate_dispute, [(dispute_id, event_id)])


def connect() -> None:
    from disputes.services import dispute_changed
    from mediation.models import MediationSession

    dispute_changed.connect(on_dispute_changed, dispatch_uid="alerts.on_dispute_changed")
    post_save.connect(on_session_saved, sender=MediationSession, dispatch_uid="alerts.on_session_saved")
