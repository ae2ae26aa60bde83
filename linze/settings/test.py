"""The test suite: the same PostgreSQL and Redis servers, a fast password hasher."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, LOGGING

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"]["level"] = "WARNING"

# One test database per pytest process, so that two runs on one machine never drop each other's.
DATABASES["default"]["TEST"] = {"NAME": f"test_linze_{os.getpid()}"}
# The standby scripts/test starts is read by its own test only (tests/linze/test_replica.py), which
# points the alias at it (the test database streams to it like every database of the primary) and
# turns replica reads on; every other test reads the primary.
REPLICA_FOR_TESTS = dict(DATABASES["replica"]) if "replica" in DATABASES else None
DATABASE_REPLICA_READS = False

# Tests change rows directly and read the badges at once: counted at every page, except in
# tests/disputes/test_work_counts.py, which turns the cache on to test it.
WORK_COUNTS_SECONDS = 0

# Demo accounts and disputes (seed_demo): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# Hundreds of tests sign superusers in with force_login, which no authenticator can follow:
# tests/hardening/test_two_factor.py turns the requirement on to test it.
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = False
