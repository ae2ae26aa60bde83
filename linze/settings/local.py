"""Development on one machine: the servers started by scripts/run."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, env

DEBUG = env.bool("DEBUG", default=True)

# Demo accounts and disputes (seed_demo): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# Static files straight from the app folders and static/ (WhiteNoise's finders): no collectstatic on
# a first start. Production collects them into STATIC_ROOT with hashed names (base.STORAGES).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
