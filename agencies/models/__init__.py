from .bodies import *  # noqa: F403
from .liaisons import *  # noqa: F403
from .regions import *  # noqa: F403
