"""Production settings refuse to start unsafe, and never allow demo accounts."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OVERRIDDEN = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "PERSONAL_DATA_KEYS",
    "PERSONAL_DATA_INDEX_KEY",
}
GOOD_KEY = "a-real-secret-0f8c2d7e9b1a4c6e8d0f2a4b6c8e0a2c4e6a8c0e2a4c6e8a"
# A deployment's own keys for the personal data (linze/crypto.py); made for these tests only.
DATA_KEYS = {
    "PERSONAL_DATA_KEYS": "B3kQ2m0yqkz5Gm1cS7d0uQ2O0j7W2y7f8b0qgQ4pZk0=",
    "PERSONAL_DATA_INDEX_KEY": "tests-only-index-key-5f1e9c3a7b2d4e6f8a0c",
}

# Reading one setting imports the whole settings module and nothing else (no app loading).
PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "DEMO_ACCOUNTS_ALLOWED": settings.DEMO_ACCOUNTS_ALLOWED,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "INSTALLED_APPS": settings.INSTALLED_APPS,
}))
"""


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in OVERRIDDEN}
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings("linze.settings.production")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY to a secret value for production." in result.stderr


def test_production_refuses_the_development_default_key():
    result = load_settings("linze.settings.production", SECRET_KEY="insecure-development-key-change-me")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_production_refuses_debug_on():
    result = load_settings("linze.settings.production", SECRET_KEY=GOOD_KEY, DEBUG="True")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must not be on in production." in result.stderr


def test_production_starts_with_a_secret_key_and_forbids_demo_accounts():
    result = load_settings("linze.settings.production", SECRET_KEY=GOOD_KEY, **DATA_KEYS)

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is False
    assert loaded["DEMO_ACCOUNTS_ALLOWED"] is False
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert "demo" not in loaded["INSTALLED_APPS"]


def test_production_has_no_seed_demo_command():
    """The demo app (accounts, disputes, seed_demo) is not installed in production at all."""
    clean = {k: v for k, v in os.environ.items() if k not in OVERRIDDEN}
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--no-disputes"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "linze.settings.production",
            "SECRET_KEY": GOOD_KEY,
            **DATA_KEYS,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_development_settings_allow_demo_accounts_and_debug():
    result = load_settings("linze.settings.local")

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is True
    assert loaded["DEMO_ACCOUNTS_ALLOWED"] is True
    assert "demo" in loaded["INSTALLED_APPS"]
