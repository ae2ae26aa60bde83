"""Fixtures of the early-warning tests: the dispute tests' reference data and accounts, and the rules."""

import importlib

import pytest

from alerts.models import WarningRule
from tests.disputes.conftest import admin, linze, linze_committed, users  # noqa: F401

_defaults = importlib.import_module("alerts.migrations.0002_default_rules_and_cursor")


@pytest.fixture
def warning_rules(db) -> dict[str, WarningRule]:
    """The shipped rules by code (from the data migration; recreated if a flushing test removed them)."""
    for code, kind, level, joint_meeting, thresholds in _defaults.DEFAULT_RULES:
        WarningRule.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "level": level, "notify_joint_meeting": joint_meeting, **thresholds},
        )
    return {rule.code: rule for rule in WarningRule.objects.all()}


@pytest.fixture
def eager_celery():
    """Tasks queued through notifications.queueing run in the test process, at once."""
    from linze.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
