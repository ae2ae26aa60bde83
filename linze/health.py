"""Checks behind /healthz: each answers (ok, detail) and never raises."""

import redis
from django.conf import settings
from django.db import connection

from linze.celery import app as celery_app


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("select 1")
        return True, "ok"
    except Exception as exc:  # any failure is the answer, not an error of the page
        return False, exc.__class__.__name__


def check_redis() -> tuple[bool, str]:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return True, "ok"
    except Exception as exc:
        return False, exc.__class__.__name__


def check_worker(timeout: float = 1.0) -> tuple[bool, str]:
    """Pings every worker through the broker; answers within about `timeout` + 2 s, even with it down."""
    try:
        # The broker address is read from the settings now, and one failed connect is the answer:
        # by default kombu retries a refused connection for several seconds, longer than a load
        # balancer waits for a health check.
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as connection:
            connection.ensure_connection(max_retries=0, timeout=2)
            replies = celery_app.control.ping(timeout=timeout, connection=connection)
    except Exception as exc:
        return False, exc.__class__.__name__
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} worker(s)"
