"""What the benchmark scripts share (scripts/bench_sweep.py, scripts/bench_pages.py): a database of
their own, Django set up on it, Linze's reference data, and a cheap count of the statements run.

Not a module of the portal: the scripts put this directory on sys.path and import it as `benchlib`.
"""

import io
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://linze:linze@127.0.0.1:55432/linze"


def database_url_renamed(url: str, name: str) -> str:
    """The same server and role, another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_create(url: str, name: str) -> bool:
    """Creates the benchmark database when missing (the role needs CREATEDB, as pytest's does)."""
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("select 1 from pg_database where datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(f'create database "{name}"')
            return True
    finally:
        connection.close()


def django_setup(*, database: str, in_place: bool, environ: dict | None = None) -> str | None:
    """Sets Django up on the benchmark database `database` (created when missing), or, `in_place`, on
    the configured database as it is. `environ` adds settings from the environment (only when not in
    place). Returns the database URL used, None in place."""
    url = None
    if not in_place:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linze.settings.local")
        os.environ.setdefault("DEBUG", "false")  # no query log: the benchmark counts queries itself
        os.environ.update(environ or {})
        base = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        created = database_create(base, database)
        url = os.environ["DATABASE_URL"] = database_url_renamed(base, database)
        print(f"database {database}{' (created)' if created else ''}")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    return url


def reference_data_ensure() -> None:
    """Migrations, Linze's regions, bodies and categories (`load_linze`) and the default deadline
    policies; all idempotent."""
    from django.core.management import call_command

    from disputes.deadlines import deadline_policies_load_defaults

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_linze", verbosity=0, stdout=io.StringIO())
    deadline_policies_load_defaults()
    print(f"migrate + reference data: {time.perf_counter() - started:.1f} s")


@contextmanager
def counting_queries():
    """Counts the statements run (a list of every one would not fit in memory at a million rows)."""
    from django.db import connection

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


# -- COPY ---------------------------------------------------------------------------------------------------


def _text(value: str) -> str:
    if value.isprintable() and "\\" not in value:
        return value
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _json(value) -> str:
    return _text(json.dumps(value, ensure_ascii=False))


# COPY's text format per type of value, looked up by exact class (so a bool is never taken for an int).
_TEXT_OF_TYPE = {
    str: _text,
    int: str,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: r"\N",
    float: repr,
    datetime: datetime.isoformat,
    date: date.isoformat,
    Decimal: str,
    dict: _json,
    list: _json,
}


def copy_text(value) -> str:
    """One value in COPY's text format."""
    convert = _TEXT_OF_TYPE.get(value.__class__)
    if convert is None:
        raise TypeError(f"no COPY text for {value!r}")
    return convert(value)


class CopyTable:
    """Rows of a model's table written with COPY, one value function per column.

    The columns are the model's concrete fields: each needs a function in `values` (called with the
    row), except the primary key, nullable columns and columns with a database default, which are left
    to the database when they have none. A NOT NULL column without a function fails at once, naming it,
    so that a field added to the model is added to the seeder in one place. Generated columns are never
    written.
    """

    def __init__(self, model, values: dict):
        from django.db.models import NOT_PROVIDED

        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        known = {f.column for f in fields}
        if unknown := sorted(set(values) - known):
            raise SystemExit(
                f"{self.table}: value functions for columns it does not have: {', '.join(unknown)}"
            )
        missing = [
            f.column
            for f in fields
            if f.column not in values
            and not f.primary_key
            and not f.null
            and getattr(f, "db_default", NOT_PROVIDED) is NOT_PROVIDED
        ]
        if missing:
            raise SystemExit(
                f"{self.table}: no value function for the NOT NULL column(s) {', '.join(missing)}; "
                f"add one per column to the seeder's table of values"
            )
        self.columns = [f.column for f in fields if f.column in values]
        self.left_to_database = [f.column for f in fields if f.column not in values]
        self._functions = [values[column] for column in self.columns]
        self._buffer = io.StringIO()
        self.rows = 0
        self.seconds = 0.0

    def add(self, row) -> None:
        text_of = _TEXT_OF_TYPE
        values = [function(row) for function in self._functions]
        try:
            line = "\t".join([text_of[value.__class__](value) for value in values])
        except KeyError:
            bad = next(c for c, v in zip(self.columns, values, strict=True) if v.__class__ not in text_of)
            raise TypeError(
                f"{self.table}.{bad}: no COPY text for {values[self.columns.index(bad)]!r}"
            ) from None
        self._buffer.write(line + "\n")
        self.rows += 1

    def take(self) -> str:
        """The rows added since the last take, as COPY text (for writing from another thread)."""
        text = self._buffer.getvalue()
        self._buffer = io.StringIO()
        return text

    def copy(self, cursor, text: str) -> None:
        if not text:
            return
        started = time.perf_counter()
        columns = ", ".join(f'"{column}"' for column in self.columns)
        cursor.copy_expert(f'copy "{self.table}" ({columns}) from stdin', io.StringIO(text), size=1 << 20)
        self.seconds += time.perf_counter() - started


# -- a server and its timings -------------------------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds: TIME_WAIT is free
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_pick(preferred: int) -> int:
    """`preferred` when nothing listens on it, else a port the system hands out."""
    if port_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn_running(*, port: int, environ: dict, log_path, workers: int = 2, config: str = "", timeout=60):
    """Starts `gunicorn linze.wsgi` on 127.0.0.1:`port` in a process group of its own, waits until it
    answers, yields its base URL, and stops it (the group: master and workers) however the block ends.
    `config` is the text of a gunicorn configuration file (hooks), `environ` the server's environment."""
    port = port_pick(port)
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-gunicorn-") as directory:
        config_path = os.path.join(directory, "gunicorn.conf.py")
        with open(config_path, "w") as handle:
            handle.write(config)
        command = [
            sys.executable, "-m", "gunicorn", "linze.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
            "-c", config_path, "--timeout", "120",
        ]  # fmt: skip
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env={**os.environ, **environ}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            _wait_until_answers(base, process, log_path, timeout)
            print(f"gunicorn ({workers} workers, pid {process.pid}) on {base}; log {log_path}")
            yield base
        finally:
            _stop(process)


def _wait_until_answers(base: str, process, log_path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode} while starting: see {log_path}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5) as answer:
                answer.read()
            return
        except urllib.error.HTTPError:
            return  # it answers, if not with 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise SystemExit(f"gunicorn did not answer within {timeout} s: see {log_path}")


def _stop(process) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


def http_request(base: str, path: str, *, headers: dict, method: str = "GET", body: bytes | None = None):
    """One request with the standard library; returns (status, body)."""
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def timings(sends: dict, *, warmup: int, requests: int) -> dict[str, list[float]]:
    """Milliseconds of `requests` calls of each send() in `sends` (name → send) after `warmup` untimed
    ones, one call at a time, in rounds: each round calls every send once, so that the load of a shared
    machine falls on all of them alike rather than on whichever ran in a busy minute. send() returns the
    HTTP status; anything but 200 stops the benchmark, naming the request."""
    result = {name: [] for name in sends}
    for round_number in range(warmup + requests):
        for name, send in sends.items():
            started = time.perf_counter()
            status = send()
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                raise SystemExit(f"{name}: answered {status}, not 200")
            if round_number >= warmup:
                result[name].append(elapsed)
    return result


def median_p95(milliseconds: list[float]) -> tuple[float, float]:
    ordered = sorted(milliseconds)
    rank = max(math.ceil(0.95 * len(ordered)) - 1, 0)  # nearest rank
    return statistics.median(ordered), ordered[rank]


# -- bulk loading -------------------------------------------------------------------------------------------

_PENDING = "bench_bulk_load_pending"


def _pending_table(cursor) -> None:
    cursor.execute(
        f"create table if not exists {_PENDING} (id serial primary key, tab text, kind text, ddl text)"
    )


def bulk_load_restore(cursor) -> dict:
    """Recreates the indexes and foreign keys a bulk load dropped and has not put back (an interrupted
    run leaves them listed); returns seconds per table."""
    _pending_table(cursor)
    cursor.execute(f"select id, tab, ddl from {_PENDING} order by kind, id")  # 'index' before 'key'
    seconds: dict = {}
    for pk, table, ddl in cursor.fetchall():
        started = time.perf_counter()
        cursor.execute(ddl)
        cursor.execute(f"delete from {_PENDING} where id = %s", [pk])
        seconds[table] = seconds.get(table, 0.0) + time.perf_counter() - started
    return seconds


@contextmanager
def bulk_load(cursor, tables: list[str]):
    """Drops the plain indexes and the foreign keys of `tables` while COPY fills them, and creates them
    again afterwards, however the block ends (a run killed outright leaves their definitions in a table
    of their own, which bulk_load_restore reads). Unique and partial indexes stay: a partial index's
    predicate does not read back exactly as its migration wrote it. Yields a dict it fills with the
    seconds spent rebuilding each table's indexes and keys. For an empty database of the benchmark's own."""
    _pending_table(cursor)
    cursor.execute(
        """
        select i.indrelid::regclass::text, 'index', c.relname, pg_get_indexdef(i.indexrelid)
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = any(%s::regclass[]) and not i.indisunique and i.indpred is null
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        union all
        select conrelid::regclass::text, 'key', conname,
               format('alter table %%s add constraint %%I %%s', conrelid::regclass, conname,
                      pg_get_constraintdef(oid))
        from pg_constraint where contype = 'f' and conrelid = any(%s::regclass[])
        """,
        [tables, tables],
    )
    dropped = cursor.fetchall()
    for table, kind, _name, ddl in dropped:
        cursor.execute(f"insert into {_PENDING} (tab, kind, ddl) values (%s, %s, %s)", [table, kind, ddl])
    for table, kind, name, _ddl in dropped:
        if kind == "key":
            cursor.execute(f'alter table {table} drop constraint "{name}"')
        else:
            cursor.execute(f'drop index "{name}"')
    rebuilt: dict = {}
    try:
        yield rebuilt
    finally:
        cursor.execute("set maintenance_work_mem = '512MB'")
        rebuilt.update(bulk_load_restore(cursor))
