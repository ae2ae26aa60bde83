"""Receivers that queue rule evaluation. They run after the cause committed, inside the user's request:
they only queue a task (never raising; with Redis down the warning sweep evaluates the dispute later).

Every timeline event reaches them through `disputes.signals.dispute_changed`, a logged session
included; `warnings_evaluate_dispute` passes over the kinds of event the rules do not read."""


def on_dispute_changed(sender, *, dispute_id: int, event_id: int, **kwargs) -> None:
    from alerts.tasks import evaluate_dispute
    from notifications.queueing import publish_quietly

    publish_quietly(evaluate_dispute, [(dispute_id, event_id)])


def connect() -> None:
    from disputes.signals import dispute_changed

    dispute_changed.connect(on_dispute_changed, dispatch_uid="alerts.on_dispute_changed")
