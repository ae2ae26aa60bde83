from .agreements import *  # noqa: F403
from .profiles import *  # noqa: F403
from .sessions import *  # noqa: F403
