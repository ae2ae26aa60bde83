"""The entry point: plans the demo disputes, then writes them in the order of their registration."""

import random
import time
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from demo.accounts import DemoDataError
from demo.disputes.planner import Planner
from demo.disputes.plans import DEMO_MARK
from demo.disputes.scenarios import FIXED
from demo.disputes.writer import Clock, Writer
from disputes.choices import Status
from disputes.models import Category, Dispute, LadderStep

__all__ = ["demo_disputes_create"]


@transaction.atomic
def demo_disputes_create(*, count: int = 300, seed: int = 2026) -> dict:
    """Creates `count` demo disputes through the services; does nothing when demo disputes exist.

    Returns {"created": n, "skipped": bool, "by_status": {status: n}, "open": n, "overdue": n,
    "seconds": s}, the counts being those of all demo disputes. Needs the reference data (`load_linze`)
    and the demo accounts (`demo_accounts_create`). Raises DemoDataError when either is missing or
    demo data is not allowed here.
    """
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise DemoDataError("Demo data is not allowed here (settings.DEMO_ACCOUNTS_ALLOWED is false).")
    started = time.monotonic()
    demo = Dispute.objects.filter(description__endswith=DEMO_MARK)
    if demo.exists():
        return _summary(demo, created=0, skipped=True, started=started)
    if not LadderStep.objects.exists() or not Category.objects.exists():
        raise DemoDataError("The reference data is missing: run `python manage.py load_linze` first.")

    rng = random.Random(seed)
    now = timezone.now()
    clock = Clock()
    writer = Writer(clock, rng)
    planner = Planner(rng, now)
    plans = [planner.fixed(i) for i in range(min(count, len(FIXED)))]
    plans += [planner.random() for _ in range(count - len(plans))]
    plans.sort(key=lambda plan: plan.times[0])  # codes follow the order of registration
    with mock.patch("django.utils.timezone.now", new=clock):
        for plan in plans:
            writer.write(plan)
    return _summary(demo, created=len(plans), skipped=False, started=started)


def _summary(demo, *, created: int, skipped: bool, started: float) -> dict:
    by_status = dict(demo.values_list("status").annotate(n=Count("pk")).order_by("status"))
    open_disputes = demo.exclude(status=Status.CLOSED)
    return {
        "created": created,
        "skipped": skipped,
        "by_status": {status: by_status.get(status, 0) for status in Status.values},
        "open": open_disputes.count(),
        "overdue": open_disputes.filter(due_at__lt=timezone.now()).count(),
        "seconds": round(time.monotonic() - started, 1),
    }
