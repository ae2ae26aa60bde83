#!/usr/bin/env python
"""Benchmark of the leaders' cockpit at 100k and 1M disputes. Not a test: its numbers depend on the machine.

For each N (one child process per N, so that both sizes are reported side by side in one run) it seeds
N disputes into a database of its own (`linze_cockpit_<N>`, created and migrated when missing) with the
seeder of bench_pages.py (COPY into bare tables: parties, timelines, referrals, grants, over Linze's
villages and three years), stores the monthly summary (dashboards/indicators/summary.py), and times,
in-process, each cockpit request below against one hand-written SQL statement over the raw tables that
computes the same headline aggregates, printing both with the cockpit's query count and checking that
the numbers agree.

    python scripts/bench_cockpit.py                    # 100k and 1M
    python scripts/bench_cockpit.py --ns 100000 --requests 10

Running it again reuses the seeded data (--reseed seeds again).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from argparse import Namespace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import benchlib  # noqa: E402

HEADLINE = [
    "taken_in",
    "concluded",
    "resolved",
    "grassroots",
    "mediated",
    "to_court",
    "court_filed",
    "overdue",
]

# The same aggregates as the cockpit's headline, by hand, over the raw tables: one statement.
HAND_SQL = """
with d as (
  select count(*) filter (where opened_at >= %(s)s and opened_at < %(e)s) as taken_in,
         count(*) filter (where status = 'closed' and closed_at >= %(s)s and closed_at < %(e)s
                          and outcome <> 'merged') as concluded,
         count(*) filter (where status = 'closed' and closed_at >= %(s)s and closed_at < %(e)s
                          and outcome in ('prevented', 'fulfilled', 'administrative_decision',
                                          'court_mediated')) as resolved,
         count(*) filter (where status = 'closed' and closed_at >= %(s)s and closed_at < %(e)s
                          and outcome in ('prevented', 'fulfilled', 'administrative_decision')
                          and tier in ('grid', 'village', 'town')) as grassroots,
         count(*) filter (where status = 'closed' and closed_at >= %(s)s and closed_at < %(e)s
                          and outcome <> 'merged' and mediation_tried) as mediated
  from disputes_dispute
  where {column} = %(c)s
    and ((opened_at >= %(s)s and opened_at < %(e)s)
         or (status = 'closed' and closed_at >= %(s)s and closed_at < %(e)s))
), e as (
  select count(distinct ev.dispute_id) filter (where ev.transition in ('refer_to_court', 'report_default'))
           as to_court,
         count(distinct ev.dispute_id) filter (where ev.transition = 'court_file') as court_filed
  from disputes_disputeevent ev join disputes_dispute d on d.id = ev.dispute_id
  where d.{column} = %(c)s and ev.created_at >= %(s)s and ev.created_at < %(e)s
    and ev.transition in ('refer_to_court', 'report_default', 'court_file')
), o as (
  select count(*) as overdue from disputes_dispute
  where {column} = %(c)s and status <> 'closed' and due_at < now()
)
select d.*, e.*, o.* from d, e, o
"""


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ns", default="100000,1000000", help="sizes to seed and time (100000,1000000)")
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)  # a child process: one size
    parser.add_argument("--requests", type=int, default=15, help="timed requests of each kind (15)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", default=str(ROOT / "artifacts" / "bench_cockpit.json"))
    return parser.parse_args(argv)


def scopes(today):
    """(name, query string, period start, period end) of the requests timed."""
    from datetime import date

    year, last = today.year, today.year - 1
    return [
        (
            "county, this year (months stored + this month live)",
            f"period={year}&region=620723",
            date(year, 1, 1),
            date(year, 12, 31),
        ),
        (
            "county, last year (all stored)",
            f"period={last}&region=620723",
            date(last, 1, 1),
            date(last, 12, 31),
        ),
        ("county, this month (all live)", f"period={today:%Y-%m}&region=620723", today.replace(day=1), today),
        ("town 沙河镇, this year", f"period={year}&region=620723101", date(year, 1, 1), date(year, 12, 31)),
    ]


def one_size(args) -> dict:
    """Seeds (or reuses) one N, stores the summary, times the cockpit and the hand-written SQL."""
    benchlib.django_setup(database=f"linze_cockpit_{args.n}", in_place=False)
    benchlib.reference_data_ensure()
    import bench_pages
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from agencies.models import Region
    from dashboards.indicators import Cockpit, Scope, indicators
    from dashboards.indicators.measures import REGION_COLUMNS
    from dashboards.indicators.summary import figures_refresh_due

    now = timezone.now()
    seeding = bench_pages.seed(
        Namespace(n=args.n, in_place=False, reseed=args.reseed, transitions=0, warmup=0, seed=args.seed),
        now=now,
    )
    started = time.perf_counter()
    stored = figures_refresh_due(batch=10_000)
    summary_seconds = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from dashboards_monthlyfigure")
        summary_rows = cursor.fetchone()[0]
    print(f"summary: {len(stored)} months stored in {summary_seconds} s ({summary_rows} rows)")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="leader"))
    rows = []
    for name, query, start, end in scopes(timezone.localdate()):
        url = f"/dashboards/?{query}"
        send = lambda url=url: client.get(url).status_code  # noqa: E731
        with benchlib.counting_queries() as counted:
            status = send()
        if status != 200:
            raise SystemExit(f"{name}: answered {status}")
        cockpit_ms = benchlib.median_p95(
            benchlib.timings({name: send}, warmup=args.warmup, requests=args.requests)[name]
        )
        region = Region.objects.get(code=query.split("region=")[1])
        scope = Scope(region, start, end, name, "range")
        params = {"s": scope.starts_at, "e": scope.ends_before, "c": region.pk}
        sql = HAND_SQL.format(column=REGION_COLUMNS[region.kind])
        sql_ms = []
        with connection.cursor() as cursor:
            for round_number in range(args.warmup + args.requests):
                began = time.perf_counter()
                cursor.execute(sql, params)
                hand = dict(zip([c.name for c in cursor.description], cursor.fetchone(), strict=True))
                if round_number >= args.warmup:
                    sql_ms.append((time.perf_counter() - began) * 1000)
        cockpit = Cockpit(scope)
        figures = {i.key: i.numerator for i in indicators(scope, cockpit=cockpit)}
        figures.update({key: cockpit.total(key) for key in ("grassroots", "mediated")})
        agree = all(figures[key] == hand[key] for key in HEADLINE)
        row = {
            "request": name,
            "cockpit_ms": round(cockpit_ms[0], 1),
            "cockpit_p95_ms": round(cockpit_ms[1], 1),
            "queries": counted["queries"],
            "hand_sql_ms": round(benchlib.median_p95(sql_ms)[0], 1),
            "stored_months": len(cockpit.sources["stored_months"]),
            "live_days": sum((b - a).days + 1 for a, b in cockpit.sources["live"]),
            "numbers_agree": agree,
            "taken_in": figures["taken_in"],
        }
        row["ratio"] = round(row["cockpit_ms"] / row["hand_sql_ms"], 2) if row["hand_sql_ms"] else None
        if not agree:
            row["cockpit_numbers"] = {key: figures[key] for key in HEADLINE}
            row["hand_numbers"] = {key: hand[key] for key in HEADLINE}
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False))
    return {
        "n": args.n,
        "seeding_reused": seeding.get("reused"),
        "summary_months": len(stored),
        "summary_seconds": summary_seconds,
        "summary_rows": summary_rows,
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "rows": rows,
    }


def report_print(reports: list[dict]) -> None:
    sizes = [r["n"] for r in reports]
    print()
    print("| request | " + " | ".join(f"cockpit {n:,} (ms, queries)" for n in sizes) + " | "
          + " | ".join(f"one SQL {n:,} (ms)" for n in sizes) + " |")  # fmt: skip
    print("| --- |" + " ---: |" * (2 * len(sizes)))
    for index, row in enumerate(reports[0]["rows"]):
        cells = [f"{r['rows'][index]['cockpit_ms']} ({r['rows'][index]['queries']})" for r in reports]
        cells += [str(r["rows"][index]["hand_sql_ms"]) for r in reports]
        print(f"| {row['request']} | " + " | ".join(cells) + " |")
    for r in reports:
        agree = all(row["numbers_agree"] for row in r["rows"])
        print(
            f"N={r['n']:,}: summary {r['summary_months']} months in {r['summary_seconds']} s "
            f"({r['summary_rows']:,} rows); load {r['load']}; "
            f"the cockpit's numbers {'agree' if agree else 'DIFFER'} with the SQL's"
        )


def main(argv=None):
    args = parse(argv)
    if args.n:
        print("RESULT " + json.dumps(one_size(args), ensure_ascii=False, default=str))
        return
    reports = []
    for n in [int(n) for n in args.ns.split(",")]:
        command = [
            sys.executable,
            __file__,
            "--n",
            str(n),
            "--requests",
            str(args.requests),
            "--warmup",
            str(args.warmup),
        ]
        command += ["--seed", str(args.seed)] + (["--reseed"] if args.reseed else [])
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        print(output)
        result = next(line for line in output.splitlines() if line.startswith("RESULT "))
        reports.append(json.loads(result.removeprefix("RESULT ")))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(reports, ensure_ascii=False, indent=2))
    report_print(reports)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
