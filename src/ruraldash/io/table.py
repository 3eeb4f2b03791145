"""The table types every user-file reader shares: :class:`Table`, its :class:`Problem` findings, the
:class:`TableLimits` and a :data:`Row`.

Apart from the readers (:mod:`ruraldash.io.tabular` for CSV, :mod:`ruraldash.io.xlsx` for sheets) so
that the two readers import these types instead of each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t

ERROR, WARNING, INFO = "error", "warning", "info"
HEADER_SCAN = 15  # title lines allowed above the header
Row = tuple[int, list[str]]
"""A record: (line number in the file, or row number in the sheet; cells as text)."""


@dataclass(frozen=True)
class TableLimits:
    """Upper bounds, checked before anything is used."""

    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 5_000
    max_columns: int = 50


@dataclass
class Problem:
    """One finding about the file: level, stable code, the lines it concerns, values for the text."""

    level: str
    code: str
    rows: tuple[int, ...] = ()
    values: dict = field(default_factory=dict)

    def text(self, lang: str = "nl") -> str:
        """The sentence for the user (``tab_<code>``), rows listed (at most five)."""
        rows = ", ".join(str(r) for r in self.rows[:5]) + (" …" if len(self.rows) > 5 else "")
        values = {"count": number(len(self.rows), 0, lang), "rows": rows} | self.values
        return t(f"tab_{self.code}", lang, **values)


@dataclass
class Table:
    """A user's table: column names, data rows (padded to the width), and everything set aside."""

    kind: str = "csv"  # "csv" or "xlsx"
    header: list[str] = field(default_factory=list)
    header_line: int | None = None  # None: the file has no header row (names are generated)
    rows: list[Row] = field(default_factory=list)
    raw: list[Row] = field(default_factory=list)  # every non-empty record as read
    rejected: list[Row] = field(default_factory=list)
    encoding: str | None = None
    confidence: float = 1.0  # of the encoding: 1 = proven (BOM, ASCII), lower = a guess
    separator: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are rows and no error."""
        return bool(self.rows) and not any(p.level == ERROR for p in self.problems)

    def add(self, level: str, code: str, rows=(), **values) -> None:
        """Append a problem."""
        self.problems.append(Problem(level, code, tuple(int(r) for r in rows), values))
