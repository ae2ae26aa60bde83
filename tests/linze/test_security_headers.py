"""Security headers (issue 14, item 5): a Content-Security-Policy that allows scripts from the portal
alone, a Permissions-Policy, HSTS and the HTTPS redirect in production, and `check --deploy` clean.
Whether the pages still work under the policy is the browser tests' part: tests/conftest.py fails any
of them on a policy violation."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.conftest import ROOT

TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_every_page_says_scripts_come_from_the_portal_only(client):
    response = client.get("/accounts/login/")

    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def _templates() -> list[Path]:
    return [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]


def test_no_template_has_an_inline_script_or_event_handler():
    """What the policy would refuse in a browser: found here for every template, not only those a
    browser test opens. A JSON data block (json_script) is not a script and passes."""
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in INLINE_SCRIPT.finditer(text):
            if 'type="application/json"' not in match.group(0):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in INLINE_HANDLER.finditer(text)]
    assert _templates(), "no templates found"
    assert offenders == []


def _production_env() -> dict:
    """The environment of a deployment: pytest's own switches (Playwright sets DJANGO_ALLOW_ASYNC_UNSAFE
    for its live server) are not a deployment's."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "linze.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(),
        "PERSONAL_DATA_INDEX_KEY": secrets.token_urlsafe(32),
    }


def _production_check(*extra_env: tuple[str, str]) -> subprocess.CompletedProcess:
    env = {
        **_production_env(),
        **dict(extra_env),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_the_production_settings():
    result = _production_check()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_notices_when_hsts_is_turned_off():
    """The check above can fail: with HSTS off it warns, and --fail-level WARNING fails on that."""
    result = _production_check(("SECURE_HSTS_SECONDS", "0"))

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_production_redirects_to_https_and_sends_hsts_but_lets_the_health_check_through():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='127.0.0.1');"
        "r = c.get('/accounts/login/');"
        "print(r.status_code, r.headers.get('Location'));"
        "s = c.get('/healthz', secure=True);"  # no page: the manifest of collected files may be absent
        "print(s.headers.get('Strict-Transport-Security'));"
        "h = c.get('/healthz');"
        "print(h.status_code != 301)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    lines = result.stdout.split("\n")
    assert lines[0] == "301 https://127.0.0.1/accounts/login/", result.stderr
    assert lines[1] == "max-age=31536000; includeSubDomains; preload"
    assert lines[2] == "True"
