"""Fixtures of the supervision tests: the dispute tests' reference data and accounts (with the demo
grid liaisons of 东寨村's first grid cell, which `seed_demo` creates)."""

from tests.disputes.conftest import admin, linze, users  # noqa: F401
