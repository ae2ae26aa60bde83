"""Checks behind /healthz: each answers (ok, detail) and never raises."""

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from linze.celery import app as celery_app
from linze.holidays import WARN_FROM_MONTH, missing_year


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


def check_holiday_calendar() -> tuple[bool, str]:
    """A warning, not a failure: (False, why) when a year the portal counts in (or, from 1 November,
    next year) has no holiday calendar (linze/holidays.py). In English, for operators."""
    try:
        today = timezone.localdate()
        year = missing_year(today)
    except Exception as exc:
        return False, exc.__class__.__name__
    if year is None:
        covered = [today.year, today.year + 1] if today.month >= WARN_FROM_MONTH else [today.year]
        return True, " and ".join(map(str, covered)) + " covered"
    when = "since" if year == today.year else "from"
    return False, (
        f"no holiday calendar for {year}: {when} 1 January {year} working days are counted Monday to Friday; "
        "enter the State Council's notice in the admin (holiday calendar)"
    )
