"""Fixtures of the notification tests: reference data and accounts, outbox backends writing to a file."""

import json

import pytest

from tests.alerts.conftest import eager_celery, warning_rules  # noqa: F401
from tests.disputes.conftest import admin, linze, linze_committed, users  # noqa: F401


class Outbox:
    """What the FileBackend wrote: one JSON object per delivered message."""

    def __init__(self, path):
        self.path = path

    def lines(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture
def outbox_file(settings, tmp_path) -> Outbox:
    """SMS and e-mail go to a JSON-lines file instead of the console."""
    path = tmp_path / "outbox.jsonl"
    settings.NOTIFICATION_SMS_BACKEND = "notifications.backends.FileBackend"
    settings.NOTIFICATION_EMAIL_BACKEND = "notifications.backends.FileBackend"
    settings.NOTIFICATION_FILE_PATH = str(path)
    return Outbox(path)
