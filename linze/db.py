"""Reads from a PostgreSQL streaming replica, for the pages that only read (DESIGN.md §8).

With `DATABASE_REPLICA_URL` set, the settings add a `replica` database. Views wrapped in
`replica_reads` (the API's lists, the leaders' pages) send their reads there; everything else, and
anything inside a transaction, uses the primary. A replica lags the primary by its replay delay
(milliseconds on one network), which a list can afford and a transition cannot — transitions never
read from it.

When the replica does not answer, the view is run again on the primary and the replica is left alone
for `REPLICA_RETRY_SECONDS`: the portal keeps working with one server less.
"""

import logging
import threading
import time
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
REPLICA_RETRY_SECONDS = 30

_state = threading.local()
_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in connections.settings and getattr(settings, "DATABASE_REPLICA_READS", True)


def _replica_usable() -> bool:
    return replica_configured() and time.monotonic() >= _down_until


def _mark_down(error: Exception) -> None:
    global _down_until
    _down_until = time.monotonic() + REPLICA_RETRY_SECONDS
    logger.warning("replica unavailable (%s); reading from the primary for %ss", error, REPLICA_RETRY_SECONDS)
    try:
        connections[REPLICA].close()
    except Exception:  # a broken connection may fail to close; it is dropped either way
        logger.debug("closing the replica connection failed", exc_info=True)


def replica_reads(view):
    """Runs `view` with its reads on the replica when there is one, else (or if it fails) on the primary."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not _replica_usable() or getattr(_state, "active", False):
            return view(*args, **kwargs)
        _state.active = True
        try:
            connections[REPLICA].ensure_connection()
            return view(*args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            _mark_down(error)
        finally:
            _state.active = False
        return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads go to the replica inside `replica_reads`, unless a transaction is open on the primary."""

    def db_for_read(self, model, **hints):
        if getattr(_state, "active", False) and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
