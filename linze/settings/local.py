"""Development on one machine: the servers started by scripts/run."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)

# Demo accounts and disputes (seed_demo): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
