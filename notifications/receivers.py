"""Receivers of other apps' signals. Each runs after its cause committed, inside the user's request: it
writes in its own transaction and never raises (an error is logged; the outbox drain's catch-up writes
what a failed receiver missed, for dispute events)."""

import logging

from django.db import transaction

from notifications import services

logger = logging.getLogger(__name__)

DEADLINE_SIGNALS = ("deadline_warning", "deadline_breached")


def on_dispute_changed(sender, *, dispute_id: int, event_id: int, event=None, **kwargs) -> None:
    # Heard for every timeline event. Those that do not move the dispute (a session, an agreement
    # drafted, a follow-up visit, evidence, a supporting body's report-in, return or completion) tell
    # nobody: notify_for_event reads the event, finds no recipient and writes nothing.
    try:
        services.notify_for_event(event_id=event_id, event=event)  # a transaction only when it writes
    except Exception:
        logger.exception("notifications for dispute %s, event %s failed", dispute_id, event_id)


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
    from disputes.signals import dispute_changed

    dispute_changed.connect(on_dispute_changed, dispatch_uid="notifications.on_dispute_changed")
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
