"""Fixtures of the hardening tests: the dispute tests' reference data and accounts."""

from tests.disputes.conftest import admin, linze, linze_committed, users  # noqa: F401
