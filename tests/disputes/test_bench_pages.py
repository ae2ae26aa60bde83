"""Smoke test of scripts/bench_pages.py: its seeding and its measuring, in-process on a tiny N.

The script seeds into the test database as it is (--in-place) and times the requests through
django.test.Client (--client) instead of gunicorn; the numbers mean nothing here, the shape does.
"""

import importlib.util
import sys
from collections import Counter, defaultdict

import pytest
from django.db.models import Count

from agencies.models import Body, Membership
from demo.accounts import DEMO_ACCOUNTS
from disputes.choices import OPEN_STATUSES
from disputes.models import Dispute, DisputeEvent, DisputeGroupObjectPermission, Party, Referral
from disputes.services import dispute_grants_sync
from disputes.validators import validate_mobile, validate_resident_id
from tests.conftest import ROOT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

N = 200


def _bench():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "scripts" / "bench_pages.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return module


@pytest.fixture(scope="module")
def benchmark(linze, django_db_blocker):
    """The script run once for the module: N disputes seeded, every request timed twice."""
    bench = _bench()
    argv = ["--n", str(N), "--in-place", "--client", "--requests", "2", "--warmup", "1", "--transitions", "3"]
    with django_db_blocker.unblock():
        report = bench.main(argv)
    return bench, report


def _holders_in_timeline(dispute) -> set[str]:
    """The codes of every body the timeline says held the dispute or was called in."""
    codes = set()
    for event in dispute.events.all():
        payload = event.payload or {}
        codes.update(code for key in ("holder", "from_holder", "to_holder") if (code := payload.get(key)))
        codes.update(payload.get("bodies", []))
    return codes


def test_it_seeds_n_disputes_with_parties_timelines_and_referrals(benchmark):
    _bench_module, report = benchmark
    disputes = Dispute.objects.all()

    assert report["seeding"]["seeded"]["tables"]["disputes_dispute"]["rows"] == N
    assert disputes.count() == N
    assert set(disputes.annotate(n=Count("parties")).values_list("n", flat=True)) == {2}
    statuses = Counter(disputes.values_list("status", flat=True))
    assert len(statuses) >= 8, statuses  # the open ones spread over the states
    assert Referral.objects.filter(
        dispute__status="agency_handling", status="accepted", is_lead=True
    ).exists()

    for dispute in disputes.prefetch_related("events"):
        events = sorted(dispute.events.all(), key=lambda e: (e.created_at, e.pk))
        assert events[0].transition == "register" and events[0].from_status == ""
        assert [e.from_status for e in events[1:]] == [e.to_status for e in events[:-1]], dispute.code
        assert events[-1].to_status == dispute.status
        assert dispute.version == len(events)
        assert (dispute.closed_at is None) == (dispute.status in OPEN_STATUSES)


def test_the_personal_data_seeded_passes_the_validators():
    for id_number, phone in Party.objects.values_list("id_number", "phone"):
        if id_number:
            validate_resident_id(id_number)
        if phone:
            validate_mobile(phone)


def test_the_grants_are_those_dispute_grants_sync_writes(benchmark):
    rows = defaultdict(set)
    for dispute_id, group_id, codename in DisputeGroupObjectPermission.objects.values_list(
        "content_object_id", "group_id", "permission__codename"
    ):
        rows[dispute_id].add((group_id, codename))
    bodies = {body.code: body for body in Body.objects.all()}

    for dispute in Dispute.objects.select_related("holder").prefetch_related("events"):
        held = [bodies[code] for code in _holders_in_timeline(dispute)]
        assert dispute.holder in held, dispute.code
        expected = {(body.group_id, "view_dispute") for body in held}
        if dispute.status in OPEN_STATUSES:
            expected.add((dispute.holder.group_id, "change_dispute"))
        assert rows[dispute.pk] == expected, dispute.code

        dispute_grants_sync(dispute=dispute, also_view=held)  # the service finds nothing to change
        written = set(
            DisputeGroupObjectPermission.objects.filter(content_object=dispute).values_list(
                "group_id", "permission__codename"
            )
        )
        assert written == expected, dispute.code


def test_every_demo_body_but_the_leaders_holds_open_disputes(benchmark):
    open_held = Counter(
        Dispute.objects.filter(status__in=OPEN_STATUSES).values_list("holder__code", flat=True)
    )
    for username, _family, _given, code, _role in DEMO_ACCOUNTS:
        if username != "leader":
            assert open_held[code] >= 1, code
    assert open_held["shahe-committee"] > open_held["shahe-dongzhai-committee"]
    # The dispute page of the report: an open dispute of the Shahe committee with six timeline entries.
    detail = next(r for r in benchmark[1]["measured"]["requests"] if r["request"].startswith("dispute page"))
    code = detail["path"].split("/")[-2]
    assert DisputeEvent.objects.filter(dispute__code=code).count() == 6
    assert Dispute.objects.get(code=code).holder.code == "shahe-committee"
    assert Membership.objects.filter(body__code="shahe-committee", user__username="mediator_shahe").exists()


def test_the_report_has_every_request_and_ends_with_the_worst(benchmark, capsys):
    bench, report = benchmark
    requests = report["measured"]["requests"]

    assert [r["request"] for r in requests] == [r.name for r in bench.requests_planned("X")]
    for row in requests:
        assert row["median_ms"] > 0 and row["p95_ms"] >= row["median_ms"] and row["queries"] > 0, row
    assert requests[0]["ratio"] == 1.0
    transitions = report["measured"]["transitions"]
    assert transitions["transitions"] == 3 and transitions["per_second"] > 0 and transitions["queries"] > 0
    assert Dispute.objects.filter(holder__code="shahe-committee", status="assessing").count() >= 4

    bench.report_print(report)
    lines = capsys.readouterr().out.strip().splitlines()
    for row in requests:
        assert any(line.startswith(row["request"]) for line in lines), row["request"]
    worst = max(requests, key=lambda r: r["ratio"])
    assert lines[-1] == f"worst: {worst['request']} {worst['ratio']}x floor at N={N}"


def test_a_not_null_column_without_a_value_function_stops_the_seeder_naming_it(benchmark):
    bench, _report = benchmark
    values = {column: value for column, value in bench.DISPUTE_VALUES.items() if column != "title"}

    with pytest.raises(
        SystemExit, match=r"disputes_dispute: no value function for the NOT NULL column\(s\) title"
    ):
        bench.benchlib.CopyTable(Dispute, values)
