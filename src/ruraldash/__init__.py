"""ruraldash: the map dashboard for the Flemish Plattelandspact."""

__version__ = "0.1.0"

from ruraldash.core.vocab import BORDER_SETS, EXPECTED_UNITS  # noqa: E402,F401 (the one registry)
