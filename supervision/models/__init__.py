from .suggestions import *  # noqa: F403
