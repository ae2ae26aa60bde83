"""Publishing Celery tasks from a request that has just committed, without ever failing or stalling it."""

import logging

logger = logging.getLogger(__name__)

# Seconds to wait for the broker. A refused connection fails at once; this bounds an unreachable host.
BROKER_TIMEOUT = 1


def publish_quietly(task, calls: list[tuple]) -> bool:
    """Queues `task` once per argument tuple in `calls`; returns whether all were queued.

    One connection attempt, a short timeout and no retries: with Redis down the committed request goes on
    at once, the failure is logged, and periodic tasks (the outbox drain, the warning sweep) do the work
    later from the rows already committed. Never raises.
    """
    if not calls:
        return True
    app = task.app
    try:
        if app.conf.task_always_eager:
            for args in calls:
                task.apply_async(args=args)
            return True
        # The app's producer pool keeps its broker connection between requests: opening one per call
        # (TCP, the Redis handshake, declaring the queue) cost about 40 ms of every transition.
        with app.producer_pool.acquire(block=True, timeout=BROKER_TIMEOUT) as producer:
            try:
                producer.connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
                for args in calls:
                    task.apply_async(args=args, producer=producer, retry=False)
            except Exception:
                # A connection that failed is not handed to the next request as it is.
                producer.connection.collect()
                raise
        return True
    except Exception:
        # Anything at all: this runs after the commit, inside the user's request.
        logger.warning(
            "could not queue %s (%d calls); the periodic task will pick the work up",
            task.name,
            len(calls),
            exc_info=True,
        )
        return False
