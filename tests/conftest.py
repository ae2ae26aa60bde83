"""Fixtures shared by the whole suite: the browser, screenshots and a real Celery worker.

Data factories live in tests/factories.py; this file holds only the machinery tests run on.
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

# Playwright's sync API runs an event loop in the test thread; without this the ORM refuses to
# run in the same test (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

# `playwright install` cannot download its own browser here: use Debian's chromium.
CHROMIUM = os.environ.get("LINZE_CHROMIUM", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every task this test run sends goes to a queue of its own. A developer's `scripts/run` worker on
# the same Redis consumes the default queue and would otherwise run test tasks against the
# development database. Set before anything routes a task: Celery caches its queues on first use.
TEST_QUEUE = f"linze-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _use_test_queue() -> None:
    from linze.celery import app

    app.conf.task_default_queue = TEST_QUEUE


_use_test_queue()


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The portal's users browse in Chinese; a test wanting English sets its own locale with
    # @pytest.mark.browser_context_args(locale="en-US").
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1280, "height": 800},
    }


# Every page a browser test opens, however it opens it (the `page` fixture, browser.new_page(),
# context.new_page()), reports what the Content-Security-Policy refused: the test fails on any.
_csp_violations: list[str] = []


def _watched(new_page):
    def wrapper(self, *args, **kwargs):
        opened = new_page(self, *args, **kwargs)
        opened.on(
            "console",
            lambda message: (
                _csp_violations.append(f"{opened.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return opened

    return wrapper


@pytest.fixture(autouse=True)
def _reference_tables_read_afresh():
    """The per-process reference tables (linze.reference) forget what a test's rolled-back transaction
    showed them: a body or a policy made in one test does not live on in the next."""
    from linze.reference import forget_all

    forget_all()
    yield
    forget_all()


@pytest.fixture(autouse=True)
def _session_seen_time_written_once(request, monkeypatch):
    """A signed-in request writes the session's last-seen time when a minute has passed since the last
    write (linze.sessions): three statements more in whichever request crosses the minute. On a loaded
    machine that lands inside a query-count measurement now and then, so tests write it only at sign-in;
    the tests of the idle clock itself are marked `session_clock` and keep the real minute."""
    if request.node.get_closest_marker("session_clock") is None:
        import linze.sessions

        monkeypatch.setattr(linze.sessions, "SEEN_RESOLUTION", 24 * 3600)


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request, monkeypatch):
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    from playwright.sync_api import Browser, BrowserContext

    monkeypatch.setattr(Browser, "new_page", _watched(Browser.new_page))
    monkeypatch.setattr(BrowserContext, "new_page", _watched(BrowserContext.new_page))
    _csp_violations.clear()
    yield
    assert not _csp_violations, "the Content-Security-Policy refused:\n" + "\n".join(_csp_violations)


@pytest.fixture
def screenshot():
    """`screenshot(page, "login-mediator")` saves artifacts/screenshots/login-mediator.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")
        path = SCREENSHOTS / f"{safe}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


# --- Celery ----------------------------------------------------------------------------------


@dataclass
class CeleryWorker:
    """A `celery worker` process of this test run, consuming only the run's own queue."""

    name: str
    queue: str
    process: subprocess.Popen
    log_path: Path

    def send(self, task, *args, **kwargs):
        return task.apply_async(args=args, kwargs=kwargs, queue=self.queue)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no worker log)"


def _database_url(db: dict) -> str:
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture(scope="session")
def celery_test_queue() -> str:
    return TEST_QUEUE


@pytest.fixture(scope="session", autouse=True)
def _drop_celery_test_queue():
    """Removes this run's queue from Redis at the end, with any task no worker picked up."""
    yield
    import redis
    from django.conf import settings

    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
        # The queue's list (one per priority step) and kombu's binding sets all carry its name.
        keys = list(client.scan_iter(match=f"*{TEST_QUEUE}*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.RedisError:  # Redis may be down in a unit-test run: nothing to clean then
        pass


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, tmp_path_factory) -> Iterator[CeleryWorker]:
    """A real worker on the real Redis broker and pytest-django's test database.

    Started on first use and stopped at the end of the session. Tests using it need
    `@pytest.mark.worker` and `@pytest.mark.django_db(transaction=True)`: the worker sees only
    committed rows. Send tasks with `celery_worker.send(task, ...)`.
    """
    from django.conf import settings

    from linze.celery import app

    name = f"linze-test-{os.getpid()}@{socket.gethostname()}"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "linze.settings.test",
        # After django_db_setup the settings name the test database, not the development one.
        "DATABASE_URL": _database_url(settings.DATABASES["default"]),
        "REDIS_URL": settings.REDIS_URL,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "linze", "worker",
        "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=warning",
        "-n", name, "-Q", TEST_QUEUE,
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = CeleryWorker(name=name, queue=TEST_QUEUE, process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + 30
        while not app.control.ping(destination=[name], timeout=0.5):
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited with {process.returncode}:\n{worker.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not answer a ping within 30 s:\n{worker.log_tail()}")
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(autouse=True)
def _dispute_permission_ids_read(request):
    """dispute_grants_sync reads the ids of the dispute permissions once per process (and again after a
    flush re-creates them): read them before each database test, so that a test's first transition
    makes no more queries than its second."""
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db"} & set(
        request.fixturenames
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from disputes.permissions import dispute_permission_id

    dispute_permission_id("view_dispute")
