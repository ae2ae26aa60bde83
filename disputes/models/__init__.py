from .categories import *  # noqa: F403
from .ladder import *  # noqa: F403
