"""The API's lists read from a real PostgreSQL hot standby, transitions write to the primary, and with
the standby stopped the portal keeps answering from the primary (linze/db.py).

`./scripts/test` starts the standby (scripts/lib.sh `start_replica`: pg_basebackup from the test server,
another port) and sets DATABASE_REPLICA_URL. The test database pytest creates on the primary streams
to the standby like every database of the cluster; these tests point the `replica` alias at it.
"""

import os
import subprocess
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from linze import db as replica_db
from tests.factories import register_dispute

REPLICA = getattr(settings, "REPLICA_FOR_TESTS", None)

pytestmark = [
    pytest.mark.skipif(REPLICA is None, reason="no standby: run through ./scripts/test, which starts one"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("linze_committed"),
]


@pytest.fixture
def replica(settings, monkeypatch):
    """The `replica` alias pointed at the standby's copy of the test database, replica reads on."""
    connection = connections["replica"]
    saved = connection.settings_dict
    connection.close()
    connection.settings_dict = {
        **saved,
        **{key: REPLICA[key] for key in ("HOST", "PORT", "USER", "PASSWORD")},
        "NAME": connections["default"].settings_dict["NAME"],
        "OPTIONS": {"connect_timeout": 2},
    }
    settings.DATABASE_REPLICA_READS = True
    monkeypatch.setattr(replica_db, "_down_until", 0.0)
    yield connection
    connection.close()
    connection.settings_dict = saved


def caught_up(replica, *, timeout: float = 10.0) -> None:
    """Waits until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("select pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with replica.cursor() as cursor:
        while True:
            cursor.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.05)


def reads_of(captured, table: str) -> list[str]:
    return [
        q["sql"] for q in captured.captured_queries if table in q["sql"] and q["sql"].startswith("SELECT")
    ]


def pg_ctl(*args: str) -> None:
    data = os.environ.get("LINZE_REPLICA_DATA")
    assert data, "LINZE_REPLICA_DATA names the standby's data folder (set by scripts/lib.sh)"
    binary = sorted(p for p in os.listdir("/usr/lib/postgresql"))[-1]
    command = [f"/usr/lib/postgresql/{binary}/bin/pg_ctl", "-D", data, *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, cwd="/", check=True, capture_output=True, timeout=90)


def test_the_replica_is_a_standby_in_recovery(replica):
    with replica.cursor() as cursor:
        cursor.execute("select pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True


def test_a_list_reads_from_the_replica_and_a_transition_writes_to_the_primary(replica, client, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    caught_up(replica)
    client.force_login(users["mediator_dongzhai"])

    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        listed = client.get("/api/v1/disputes/")
    assert listed.status_code == 200
    assert [row["code"] for row in listed.json()["results"]] == [dispute.code]
    assert reads_of(on_replica, '"disputes_dispute"'), "the list was not read from the replica"
    assert not reads_of(on_primary, '"disputes_dispute"')

    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        moved = client.post(
            f"/api/v1/disputes/{dispute.code}/transitions/assess/", {}, content_type="application/json"
        )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "assessing"
    assert on_replica.captured_queries == []
    assert any(
        q["sql"].startswith("UPDATE") and "disputes_dispute" in q["sql"] for q in on_primary.captured_queries
    )


def test_with_the_replica_stopped_the_lists_answer_from_the_primary(replica, client, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    client.force_login(users["mediator_dongzhai"])
    port = REPLICA["PORT"]
    pg_ctl("-m", "fast", "-w", "stop")
    try:
        started = time.monotonic()
        listed = client.get("/api/v1/disputes/")
        assert listed.status_code == 200
        assert [row["code"] for row in listed.json()["results"]] == [dispute.code]
        assert time.monotonic() - started < 5, "falling back to the primary took too long"
        # Within the retry pause the replica is not tried again: the next list is as fast as ever.
        assert client.get("/api/v1/disputes/").status_code == 200
        assert (
            client.post(
                f"/api/v1/disputes/{dispute.code}/transitions/assess/", {}, content_type="application/json"
            ).json()["status"]
            == "assessing"
        )
    finally:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -c fsync=off -c max_connections=200 -c hot_standby=on"
        )
        pg_ctl(
            "-l",
            os.path.join(os.environ["LINZE_REPLICA_DATA"], "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
