"""Numeric bounds shared by the client, the command line and the sandbox.

Cheap to import (the command line reads them while it builds its argument parser).
"""

# The page size when none is asked for (the API's documented default).
DEFAULT_LIMIT = 100

# The largest page `list` may ask for: the sandbox's bound, which we chose; the real API's
# documents give none.
MAX_LIMIT = 1000
