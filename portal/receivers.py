"""The portal listens to the disputes app: a party who submitted online hears of each change by SMS, and
the holder's staff are told when a party writes.

Runs after the change committed, inside the request (or the sweep) that made it: it writes in its own
transaction and never raises.
"""

import logging

from portal import services

logger = logging.getLogger(__name__)


def on_dispute_changed(sender, *, dispute_id: int, event_id: int, event=None, **kwargs) -> None:
    try:
        services.dispute_event_heard(event_id=event_id, event=event)
    except Exception:
        logger.exception("the portal's work on dispute %s, event %s failed", dispute_id, event_id)


def connect() -> None:
    from disputes.signals import dispute_changed

    dispute_changed.connect(on_dispute_changed, dispatch_uid="portal.on_dispute_changed")
