"""The work badges of a set of bodies, kept a short while in the shared cache.

Every page of a mediator or an agency shows the badges (open, overdue, due soon, referrals waiting):
four bounded counts, about 11 ms together at a million disputes for a committee holding thousands.
They are kept WORK_COUNTS_SECONDS under a key of the bodies, with the epoch they were counted in, an
epoch that every timeline event moves once its transaction commits (disputes.timeline): a
registration, a transition, a referral or its answer shows in the next page at once; only the passing
of time — a deadline that passes without an event, making a dispute overdue — waits for the keep to
end.

One epoch for the whole portal: at a county's few hundred events a day the counts are read again a
few hundred times a day per body. A province would keep an epoch per county.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

from disputes.selectors import BoundedCount

logger = logging.getLogger(__name__)


def _prefix() -> str:
    return f"work-counts:{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}"


def epoch_move() -> None:
    """After a timeline event commits: every body's counts are counted afresh at the next page."""
    if settings.WORK_COUNTS_SECONDS <= 0:
        return
    try:
        cache.set(f"{_prefix()}:epoch", uuid.uuid4().hex, timeout=None)
    except Exception:  # Redis down: the cache is down too, nothing kept to go stale
        logger.warning("cannot move the work counts' epoch", exc_info=True)


def cached(bodies, count) -> dict:
    """The counts of `bodies` from the cache, else `count()` kept for WORK_COUNTS_SECONDS. One round
    trip to the cache: the epoch and the kept counts are read together, and the counts were kept
    with the epoch they were counted under."""
    seconds = settings.WORK_COUNTS_SECONDS
    if seconds <= 0:
        return count()
    epoch_key = f"{_prefix()}:epoch"
    key = f"{_prefix()}:bodies:{','.join(str(b) for b in sorted(bodies))}"
    try:
        found = cache.get_many([epoch_key, key])
    except Exception:
        logger.warning("cannot read the work counts from the cache", exc_info=True)
        return count()
    epoch, kept = found.get(epoch_key) or "0", found.get(key)
    if kept is not None and kept.get("epoch") == epoch:
        return {name: BoundedCount(value) for name, value in kept["counts"].items()}
    counts = count()
    try:
        # A BoundedCount keeps its "999+" as a value above the bound.
        plain = {name: int(value) + int(value.capped) for name, value in counts.items()}
        cache.set(key, {"epoch": epoch, "counts": plain}, seconds)
    except Exception:
        logger.warning("cannot keep the work counts in the cache", exc_info=True)
    return counts
