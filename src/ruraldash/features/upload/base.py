"""Shared pieces of the upload modules: limits, messages (with Dutch texts) and text cleaning.

Bad *input* never raises: every problem is a :class:`Message` with a stable ``code`` and a text from
``locales/upload.toml``. Texts quote user data as-is (control characters removed, long values
shortened): escape them when rendering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.locale import LocalisedError
from ruraldash.core.vocab import BORDER_SETS, POLARITIES  # noqa: F401 (re-exported)
from ruraldash.io.tabular import Table, clean_cell

ERROR, WARNING, INFO = "error", "warning", "info"
MERGE_RULES = ("sum", "mean")
Rows = list[tuple[int, list[str]]]
"""Non-empty rows of an upload: (row number in the file, cells as text)."""


@dataclass(frozen=True)
class Limits:
    """Upper bounds on an upload, checked before anything is used."""

    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 5_000
    max_columns: int = 50
    max_name_length: int = 200
    max_label_length: int = 80
    max_unit_length: int = 20


LIMITS = Limits()


@dataclass(frozen=True)
class Message:
    """One finding: ``level`` (error/warning/info), stable ``code``, translated ``text``."""

    level: str
    code: str
    text: str
    column: str | None = None
    rows: tuple[int, ...] = ()


class LayerError(LocalisedError, ValueError):
    """An invalid layer request: the one localised error, whose ``messages`` say why (each already
    in the language of the request; ``key`` is the first message's string key)."""

    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages
        super().__init__(f"upload_{messages[0].code}" if messages else "upload_layers_unavailable")

    def message(self, lang: str = "nl") -> str:
        """The messages' texts (made in the request's language)."""
        return " ".join(m.text for m in self.messages)

    @property
    def codes(self) -> list[str]:
        """The message codes, for tests and the UI."""
        return [m.code for m in self.messages]


_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Remove control characters, null bytes and bidi controls (line breaks become a space); trim.

    Bidi controls (U+202E and friends) would reverse the rest of a message line on screen.
    """
    return _BIDI.sub("", clean_cell(str(text)))


def shorten(text: object, limit: int = 60) -> str:
    """User data for a message: cleaned, and cut to ``limit`` characters with an ellipsis."""
    value = clean_text(str(text))
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _rows_text(rows: Sequence[int], limit: int = 5) -> str:
    return ", ".join(str(r) for r in rows[:limit]) + (" …" if len(rows) > limit else "")


def row_numbers(index: pd.Index) -> list[int]:
    """Row numbers for messages: the index when it holds integers, else 1, 2, 3, ..."""
    if pd.api.types.is_integer_dtype(index):
        return [int(i) for i in index]
    return list(range(1, len(index) + 1))


def make_message(
    level: str, code: str, lang: str, column: str | None = None, rows: Iterable[int] = (), **values
) -> Message:
    """A :class:`Message` with the text ``upload_<code>`` filled in (count, column, rows, values)."""
    rows = tuple(int(r) for r in rows)
    values.setdefault("count", number(len(rows), 0, lang))
    text = t(f"upload_{code}", lang, column=shorten(column or ""), rows=_rows_text(rows), **values)
    return Message(level, code, text, column, rows)


def megabytes(size: int, lang: str) -> str:
    """A size in bytes as ``5,0 MB``."""
    return number(size / 1_048_576, 1, lang, "MB")


@dataclass
class ReadResult:
    """The uploaded table, every cell as text, index = row number in the file (``rij``)."""

    frame: pd.DataFrame | None
    table: Table | None = None
    encoding: str | None = None
    separator: str | None = None
    decimal: str = ","
    header_row: int | None = None
    messages: list[Message] = field(default_factory=list)

    def add(self, level: str, code: str, lang: str, **values) -> None:
        """Append a message."""
        self.messages.append(make_message(level, code, lang, **values))
