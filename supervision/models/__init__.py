from .decisions import *  # noqa: F403
from .education import *  # noqa: F403
from .events import *  # noqa: F403
from .meetings import *  # noqa: F403
from .suggestions import *  # noqa: F403
