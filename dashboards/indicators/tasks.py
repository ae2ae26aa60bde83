"""The Celery task that keeps the monthly summary current (registered from DashboardsConfig.ready)."""

from celery import shared_task

from dashboards.indicators.summary import figures_refresh_due


@shared_task(name="dashboards.indicators.tasks.figures_refresh", acks_late=True, ignore_result=True)
def figures_refresh() -> int:
    """Beat, every ten minutes: stores the months that ended and are stale, missing or a day old."""
    return len(figures_refresh_due())
