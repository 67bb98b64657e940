"""§三's records, one module per part of the stage (see the app's docstring)."""

from .handin import *  # noqa: F401,F403
from .online import *  # noqa: F401,F403
from .prereview import *  # noqa: F401,F403
from .schedule import *  # noqa: F401,F403
