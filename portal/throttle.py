"""Counting requests in the cache (Redis) to limit abuse: fixed windows per key.

Each limit is (how many, per how many seconds), from settings (portal/conf.py). A cache that cannot be
reached refuses: the pages behind a limit send SMS or take submissions, and letting them through
unguarded would be worse than asking the citizen to try again in a moment.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

PREFIX = "portal:limit"


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]  # no phone number or address in Redis keys
    return f"{PREFIX}:{scope}:{digest}"


def limit_hit(scope: str, identity: str, *, limit: tuple[int, int]) -> bool:
    """Counts one use of `scope` by `identity`; True while the count stays within the limit."""
    count, seconds = limit
    key = _key(scope, identity)
    try:
        cache.add(key, 0, timeout=seconds)
        return cache.incr(key) <= count
    except Exception:
        logger.warning("rate limit %s could not be counted; refused", scope, exc_info=True)
        return False


def limit_reached(scope: str, identity: str, *, limit: tuple[int, int]) -> bool:
    """Whether `identity` has used up `scope` already (nothing is counted)."""
    try:
        return (cache.get(_key(scope, identity)) or 0) >= limit[0]
    except Exception:
        logger.warning("rate limit %s could not be read; refused", scope, exc_info=True)
        return True


def limit_reset(scope: str, identity: str) -> None:
    try:
        cache.delete(_key(scope, identity))
    except Exception:
        logger.warning("rate limit %s could not be reset", scope, exc_info=True)


def client_address(request) -> str:
    """The visitor's address. Behind a reverse proxy, set it to pass the client's in REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR") or "unknown"
