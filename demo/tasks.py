"""The demo disputes, made by the Celery worker so that `scripts/run` serves the portal at once."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def demo_disputes_seed(count: int = 300) -> dict:
    """Makes the demo disputes through the services (`demo_disputes_create`, idempotent: nothing when
    they exist) and logs the summary line `seed_demo` prints."""
    from demo.disputes import demo_disputes_create
    from demo.management.commands.seed_demo import disputes_line
    from demo.mediation import mediation_demo_create

    logger.info("demo disputes: making %s in the background", count)
    result = demo_disputes_create(count=count)
    counts = mediation_demo_create()
    logger.info("%s Mediation demo: %s.", disputes_line(result), counts)
    return result
