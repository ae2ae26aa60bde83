#!/usr/bin/env python
"""Benchmark of the deadline sweep (issue 5). Not a test: its numbers depend on the machine.

Seeds N open disputes into a database of its own (`linze_bench`, created and migrated when missing,
with Linze's reference data), a share of them overdue and a share past their warning point, then runs
the sweep twice and reports wall time and queries: the first run handles every due row (half of the
overdue ones climb the ladder, half are alert-only), the second finds nothing new to do.

    python scripts/bench_sweep.py --n 10000 --overdue 0.01
    python scripts/bench_sweep.py --n 100000 --overdue 0.001    # the same 100 due rows, 10x the table

The database comes from DATABASE_URL with its name replaced (--database). --in-place seeds into the
configured database as it is, without creating or migrating anything (the smoke test uses it on the
test database).
"""

import argparse
import io
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from benchlib import counting_queries, django_setup, reference_data_ensure  # noqa: E402

COPY_BATCH = 50_000
COLUMNS = [
    "code", "title", "description", "category_id", "region_id", "town_id", "county_id", "channel",
    "people_involved", "personal_status_matter", "status", "tier", "holder_id", "due_at", "warn_at",
    "risk_level", "outcome", "outcome_note", "referred_from", "prior_tier", "mediation_tried",
    "diverted_by_court", "opened_at", "updated_at", "version", "viewer_bodies",
]  # fmt: skip


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="open disputes to seed")
    parser.add_argument("--overdue", type=float, default=0.01, help="share past their deadline (0.01)")
    parser.add_argument("--warning", type=float, default=None, help="share past their warning point only")
    parser.add_argument("--database", default="linze_bench", help="name of the benchmark database")
    parser.add_argument("--in-place", action="store_true", help="use the configured database as it is")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.warning is None:
        args.warning = args.overdue
    if not 0 <= args.overdue + args.warning <= 1:
        parser.error("--overdue and --warning must add up to at most 1")
    return args


# -- seeding ------------------------------------------------------------------------------------------------


def _places():
    """(region, town, county, village committee) of every village and community with its committee."""
    from agencies.choices import BodyKind
    from agencies.models import Body

    places = []
    for body in Body.objects.filter(kind=BodyKind.VILLAGE_COMMITTEE, is_active=True).select_related("region"):
        town = body.region.ancestor_of_kind("town")
        if town is not None:
            places.append((body.region_id, town.pk, town.parent_id, body.pk))
    if not places:
        raise SystemExit("no village committees: load the reference data (load_linze) first")
    return places


def _row(code, category, place, status, due, warn, opened, now):
    region, town, county, holder = place
    return [
        code, "宅基地界址纠纷", "基准测试数据", category, region, town, county, "walk_in", 2, "f", status,
        "village", holder, due.isoformat(), warn.isoformat(), "yellow", "", "", "", "", "t", "f",
        opened.isoformat(), now.isoformat(), 1, f"{{{holder}}}",
    ]  # fmt: skip


def seed(*, n: int, overdue: float, warning: float, truncate: bool, rng: random.Random) -> dict:
    """Writes N open disputes with COPY, in batches, each with its step clock: `overdue` of them past
    their deadline (half mediating at the village tier, which escalates; half assessing, alert only),
    `warning` past their warning point only, the rest with time left. Returns how many of each."""
    from django.db import connection
    from django.utils import timezone

    from disputes.choices import Status
    from disputes.models import Category

    now = timezone.now()
    places = _places()
    categories = list(Category.objects.exclude(code__in=["labour", "traffic"]).values_list("pk", flat=True))
    overdue_count, warning_count = round(n * overdue), round(n * warning)
    tag = uuid.uuid4().hex[:6]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if truncate:
            cursor.execute("truncate disputes_dispute restart identity cascade")
        for first in range(0, n, COPY_BATCH):
            buffer = io.StringIO()
            for i in range(first, min(first + COPY_BATCH, n)):
                opened = now - timedelta(days=rng.uniform(3, 40))
                if i < overdue_count:
                    status = Status.MEDIATING if i % 2 == 0 else Status.ASSESSING
                    due = now - timedelta(hours=rng.uniform(1, 120))
                    warn = due - timedelta(hours=8)
                elif i < overdue_count + warning_count:
                    status = Status.MEDIATING
                    due = now + timedelta(hours=rng.uniform(1, 10))
                    warn = now - timedelta(minutes=rng.uniform(1, 120))
                else:
                    status = rng.choice([Status.MEDIATING, Status.ASSESSING, Status.AGENCY_HANDLING])
                    due = now + timedelta(days=rng.uniform(1, 60))
                    warn = due - timedelta(hours=12)
                row = _row(f"B{tag}-{i:07d}", rng.choice(categories), rng.choice(places), status, due, warn,
                           opened, now)  # fmt: skip
                buffer.write("\t".join(str(value) for value in row) + "\n")
            buffer.seek(0)
            cursor.copy_from(buffer, "disputes_dispute", columns=COLUMNS)
        # Each dispute's step clock, as the transition service writes it: the sweep reads the clocks.
        cursor.execute(
            """
            insert into disputes_disputeclock
                   (dispute_id, kind, unit, started_at, due_at, warn_at, extensions)
            select id, 'step', '', opened_at, due_at, warn_at, 0 from disputes_dispute
             where code like %s
            """,
            [f"B{tag}-%"],
        )
        cursor.execute("analyze disputes_dispute")
        cursor.execute("analyze disputes_disputeclock")
    print(f"seeded {n} disputes in {time.perf_counter() - started:.1f} s")
    return {"n": n, "overdue": overdue_count, "warning": warning_count}


# -- measuring ----------------------------------------------------------------------------------------------


def plans() -> dict:
    """The plans of the sweep's selections on the seeded table, as the planner chooses them."""
    from django.utils import timezone

    from disputes.sweep import BREACH, WARNING, due_clocks

    now = timezone.now()
    return {
        kind: [line for line in due_clocks(kind=kind, now=now).explain().splitlines() if "Scan" in line]
        for kind in (BREACH, WARNING)
    }


def sweep_measured(label: str) -> dict:
    from disputes.sweep import deadline_sweep_run

    with counting_queries() as counter:
        started = time.perf_counter()
        result = deadline_sweep_run(time_budget=float("inf"))
        seconds = time.perf_counter() - started
    handled = result.breaches + result.warnings
    print(
        f"{label}: {seconds:.3f} s, {counter['queries']} queries, {handled} rows handled "
        f"({result.breaches} breaches, {result.escalations} escalations, {result.warnings} warnings)"
    )
    return {"seconds": seconds, "queries": counter["queries"], **result.as_dict()}


def main(argv=None) -> dict:
    args = parse(argv)
    django_setup(database=args.database, in_place=args.in_place)
    if not args.in_place:
        reference_data_ensure()
    seeded = seed(
        n=args.n,
        overdue=args.overdue,
        warning=args.warning,
        truncate=not args.in_place,
        rng=random.Random(args.seed),
    )
    for kind, lines in plans().items():
        print(f"plan ({kind}):\n    " + "\n    ".join(lines))
    first = sweep_measured("first run ")
    second = sweep_measured("second run")
    return {**seeded, "first": first, "second": second}


if __name__ == "__main__":
    main()
