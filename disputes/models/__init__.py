from .attachments import *  # noqa: F403
from .categories import *  # noqa: F403
from .deadlines import *  # noqa: F403
from .disputes import *  # noqa: F403
from .events import *  # noqa: F403
from .ladder import *  # noqa: F403
from .parties import *  # noqa: F403
