"""ruraldash: the map dashboard for the Flemish Plattelandspact."""

__version__ = "0.1.0"

BORDER_SETS: tuple[str, ...] = ("2019", "2025")
"""Border-set ids: ``"2019"`` = the 300 municipalities of 2019–2024, ``"2025"`` = the 285 of 2025."""

EXPECTED_UNITS: dict[str, int] = {"2019": 300, "2025": 285}
