"""Receivers of other apps' signals. None of them raises into the user's request: an error is logged,
and the outbox drain's catch-up writes what a failed receiver missed, for dispute events.

Dispute events are taken up inside the transaction that records them (post_save of DisputeEvent), so a
notification and its outbox rows commit together with their cause, or not at all."""

import logging

from django.db import transaction

from notifications import services

logger = logging.getLogger(__name__)

DEADLINE_SIGNALS = ("deadline_warning", "deadline_breached")


def on_event_recorded(sender, *, instance, created: bool, **kwargs) -> None:
    if not created:
        return
    try:
        # A savepoint: a failure here is logged and never undoes the action that wrote the event.
        with transaction.atomic():
            services.notify_for_event(event_id=instance.pk)
    except Exception:
        logger.exception("notifications for dispute %s, event %s failed", instance.dispute_id, instance.pk)


def _deadline_receiver(signal_name: str):
    def receive(
        sender, *, dispute_id: int, referral_id=None, kind: str = "", breach_id=None, **kwargs
    ) -> None:
        try:
            with transaction.atomic():
                services.notify_for_deadline(
                    signal_name=signal_name,
                    dispute_id=dispute_id,
                    referral_id=referral_id,
                    kind=kind,
                    breach_id=breach_id,
                )
        except Exception:
            logger.exception("%s notifications for dispute %s failed", signal_name, dispute_id)

    receive.__name__ = f"on_{signal_name}"
    return receive


RECEIVERS = {name: _deadline_receiver(name) for name in DEADLINE_SIGNALS}


def connect() -> None:
    from django.db.models.signals import post_save

    from disputes.models import DisputeEvent

    post_save.connect(on_event_recorded, sender=DisputeEvent, dispatch_uid="notifications.on_event_recorded")
    connect_deadline_signals()


def connect_deadline_signals(module=None) -> list[str]:
    """Listens to `disputes.signals.deadline_warning` / `deadline_breached` when that module exists.

    Looked up by name, so this app works before (and without) the deadline sweep. Returns the names
    connected.
    """
    if module is None:
        try:
            from disputes import signals as module
        except ImportError:
            return []
    connected = []
    for name in DEADLINE_SIGNALS:
        signal = getattr(module, name, None)
        if signal is not None:
            signal.connect(RECEIVERS[name], dispatch_uid=f"notifications.on_{name}")
            connected.append(name)
    return connected
