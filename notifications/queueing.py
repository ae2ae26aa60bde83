"""Publishing Celery tasks from a request that has just committed, without ever failing or stalling it."""

import logging
import threading

from django.conf import settings

logger = logging.getLogger(__name__)

# Seconds to wait for the broker. A refused connection fails at once; this bounds an unreachable host.
BROKER_TIMEOUT = 1

# One broker connection per thread, kept between requests: opening one per call (TCP, the Redis
# handshake, declaring the queue) cost about 40 ms of every transition.
_local = threading.local()


def _producer(app, url: str, *, fresh: bool = False):
    cached = getattr(_local, "producer", None)
    if cached is not None and cached[0] == url and not fresh:
        return cached[1], True
    _forget()
    connection = app.connection_for_write(url=url, connect_timeout=BROKER_TIMEOUT)
    connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
    producer = app.amqp.Producer(connection)
    _local.producer = (url, producer)
    return producer, False


def _forget() -> None:
    cached = getattr(_local, "producer", None)
    _local.producer = None
    if cached is not None:
        try:
            cached[1].connection.release()
        except Exception:  # a broken connection may fail to close; it is dropped either way
            logger.debug("releasing the broker connection failed", exc_info=True)


def publish_quietly(task, calls: list[tuple]) -> bool:
    """Queues `task` once per argument tuple in `calls`; returns whether all were queued.

    One connection attempt (a kept connection that fails is replaced once), a short timeout and no
    retries: with Redis down the committed request goes on at once, the failure is logged, and periodic
    tasks (the outbox drain, the warning sweep) do the work later from the rows already committed.
    Never raises.
    """
    if not calls:
        return True
    app = task.app
    try:
        if app.conf.task_always_eager:
            for args in calls:
                task.apply_async(args=args)
            return True
        producer, kept = _producer(app, settings.CELERY_BROKER_URL)
        try:
            for args in calls:
                task.apply_async(args=args, producer=producer, retry=False)
        except Exception:
            if not kept:
                raise
            # The kept connection went stale (Redis restarted): one fresh attempt.
            producer, _kept = _producer(app, settings.CELERY_BROKER_URL, fresh=True)
            for args in calls:
                task.apply_async(args=args, producer=producer, retry=False)
        return True
    except Exception:
        # Anything at all: this runs after the commit, inside the user's request.
        _forget()
        logger.warning(
            "could not queue %s (%d calls); the periodic task will pick the work up",
            task.name,
            len(calls),
            exc_info=True,
        )
        return False
