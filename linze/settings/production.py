"""Production: refuses to start with a default secret key or with DEBUG on."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

if env.bool("DEBUG", default=False):
    raise ImproperlyConfigured("DEBUG must not be on in production.")
if not env("SECRET_KEY", default="") or SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("Set SECRET_KEY to a secret value for production.")

DEBUG = False
DEMO_ACCOUNTS_ALLOWED = False
# An administrator who signs in with the demonstration password (or one the policy refuses) changes it.
PASSWORD_CHANGE_PROMPT = env.bool("PASSWORD_CHANGE_PROMPT", default=True)
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
