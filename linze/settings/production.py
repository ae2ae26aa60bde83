"""Production: refuses to start with a default secret key or with DEBUG on."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DEVELOPMENT_PERSONAL_DATA_INDEX_KEY,
    DEVELOPMENT_PERSONAL_DATA_KEY,
    PERSONAL_DATA_INDEX_KEY,
    PERSONAL_DATA_KEYS,
    SECRET_KEY,
    env,
)

if env.bool("DEBUG", default=False):
    raise ImproperlyConfigured("DEBUG must not be on in production.")
if not env("SECRET_KEY", default="") or SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("Set SECRET_KEY to a secret value for production.")

if not env("PERSONAL_DATA_KEYS", default="") or DEVELOPMENT_PERSONAL_DATA_KEY in PERSONAL_DATA_KEYS:
    raise ImproperlyConfigured(
        "Set PERSONAL_DATA_KEYS to one or more Fernet keys of your own (newest first) for production: "
        "parties' ID numbers, phone numbers and addresses are encrypted with them. "
        "Make one with: python -c "
        '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
    )
if (
    not env("PERSONAL_DATA_INDEX_KEY", default="")
    or PERSONAL_DATA_INDEX_KEY == DEVELOPMENT_PERSONAL_DATA_INDEX_KEY
):
    raise ImproperlyConfigured(
        "Set PERSONAL_DATA_INDEX_KEY to a long random secret of your own for production (it keys the "
        'hashes that match ID numbers): python -c "import secrets; print(secrets.token_urlsafe(32))"'
    )

DEBUG = False
DEMO_ACCOUNTS_ALLOWED = False
# An administrator who signs in with the demonstration password (or one the policy refuses) changes it.
PASSWORD_CHANGE_PROMPT = env.bool("PASSWORD_CHANGE_PROMPT", default=True)
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS only, behind the reverse proxy that terminates TLS and sets X-Forwarded-Proto. /healthz stays
# reachable over plain HTTP for the container's own health check (docker-compose.yml).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
