"""Numbers as people type them: decimal comma or point, thousands separators, percent signs, 'n.v.t.'.

Part of the upload flow (see :mod:`ruraldash.upload`); pure pandas, never raises on bad cells.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.features.upload.base import (
    INFO,
    WARNING,
    Message,
    clean_text,
    make_message,
    row_numbers,
    shorten,
)

_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_DOT_GROUPS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_COMMA_GROUPS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d*[.,]\d+(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"\d+(?:[eE][+-]?\d+)?")
_SPACED = re.compile(r"[1-9]\d{0,2}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?")
_NOT_APPLICABLE = frozenset(
    {"n.v.t.", "n.v.t", "nvt", "n.b.", "nb", "n/a", "na", "-", "--", "—", "–", "x", ".", "..", "?"}
)
_SPECIAL = re.compile(r"[+-]?(?:inf|infinity|nan)|#[\w/]+[!?]?", re.IGNORECASE)
_CELL_LEVEL = {
    "not_a_number": WARNING,
    "special_value": WARNING,
    "mixed_decimal_marks": WARNING,
    "not_applicable": INFO,
    "ambiguous_thousands": INFO,
}


@dataclass(frozen=True)
class CellIssue:
    """A problem in one cell: its row number, the text as uploaded and a message code."""

    row: int
    value: str
    code: str


@dataclass
class ParsedValues:
    """Floats of one column (NaN = missing, never 0), with per-cell issues and summary messages."""

    values: pd.Series
    decimal: str
    issues: list[CellIssue]
    messages: list[Message]
    had_percent: bool = False

    @property
    def numeric(self) -> int:
        """Number of cells holding a number."""
        return int(self.values.notna().sum())


def cell_str(value: object) -> str:
    """A cell as text ('' for missing; numbers as :func:`number_text` writes them)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return str(value)


def numeric_core(text: str) -> tuple[str, float, bool]:
    """Strip sign, percent, euro and digit-group spaces: ``"-1 234,5 %"`` -> ("1234,5", -1, True)."""
    core = text.strip().replace("\u2212", "-")
    percent = core.endswith("%")
    core = core.rstrip("%").strip().strip("€").strip()
    sign = -1.0 if core.startswith("-") else 1.0
    if core[:1] in ("-", "+"):
        core = core[1:].strip()
    if _SPACED.fullmatch(core):
        core = re.sub(r"[ \u00a0\u202f']", "", core)
    return core, sign, percent


def decimal_mark(core: str) -> str | None:
    """The decimal mark a cell proves (None for integers and ambiguous '1.234')."""
    if not core or _INTEGER.fullmatch(core) or _AMBIGUOUS.fullmatch(core):
        return None
    if _DOT_GROUPS.fullmatch(core):
        return ","
    if _COMMA_GROUPS.fullmatch(core):
        return "."
    if _PLAIN.fullmatch(core):
        return "," if "," in core else "."
    return None


def _cell_value(text: str, core: str, mark: str) -> tuple[float, str | None]:
    low = text.strip().lower()
    if not low:
        return math.nan, None
    if low in _NOT_APPLICABLE:
        return math.nan, "not_applicable"
    if _SPECIAL.fullmatch(low):
        return math.nan, "special_value"
    patterns = (_INTEGER, _AMBIGUOUS, _DOT_GROUPS, _COMMA_GROUPS, _PLAIN)
    if not any(p.fullmatch(core) for p in patterns):
        return math.nan, "not_a_number"
    plain = core.replace(".", "").replace(",", ".") if mark == "," else core.replace(",", "")
    value = float(plain)
    return (value, None) if math.isfinite(value) else (math.nan, "special_value")


def parse_values(col: pd.Series, decimal: str | None = None, lang: str = "nl") -> ParsedValues:
    """Parse a column of text into floats: decimal comma, thousands separators, percent signs.

    Parameters
    ----------
    col : pandas.Series
        Cells as uploaded (index = row numbers).
    decimal : {",", "."}, optional
        Decimal mark for cells that do not show it themselves ("1.234"); the column's own
        majority wins. Defaults to "," (Belgian).
    lang : {"nl", "en"}
        Language of the messages.

    Returns
    -------
    ParsedValues
        Empty cells and 'n.v.t.' / '-' / 'x' are NaN (missing, never 0); text, 'inf' and
        'NaN' are NaN with an issue; cells whose decimal mark differs from the column's are flagged.
    """
    texts = [cell_str(v) for v in col]
    cores = [numeric_core(s) for s in texts]
    marks = [decimal_mark(core) for core, _, _ in cores]
    tally = Counter(m for m in marks if m)
    chosen = max(tally, key=tally.__getitem__) if tally else (decimal or ",")
    values, issues = [], []
    for row, text, (core, sign, _), mark in zip(
        row_numbers(col.index), texts, cores, marks, strict=True
    ):
        value, code = _cell_value(text, core, mark or chosen)
        values.append(sign * value)
        if code is None and mark and mark != chosen:
            code = "mixed_decimal_marks"
        elif code is None and not tally and _AMBIGUOUS.fullmatch(core):
            code = "ambiguous_thousands"
        if code:
            issues.append(CellIssue(row, text, code))
    parsed = pd.Series(values, index=col.index, dtype="float64", name=col.name)
    percent = any(p for _, _, p in cores)
    column = str(col.name) if col.name is not None else None
    messages = _value_messages(issues, texts, column, chosen, percent, lang)
    return ParsedValues(parsed, chosen, issues, messages, percent)


def _value_messages(
    issues: list[CellIssue], texts: list[str], column, decimal: str, percent: bool, lang: str
) -> list[Message]:
    grouped: dict[str, list[CellIssue]] = defaultdict(list)
    for issue in issues:
        grouped[issue.code].append(issue)
    messages = [
        make_message(
            _CELL_LEVEL[code],
            code,
            lang,
            column,
            [i.row for i in items],
            examples=_quoted(i.value for i in items),
            decimal=decimal,
        )
        for code, items in grouped.items()
    ]
    if empty := sum(1 for s in texts if not s.strip()):
        messages.append(
            make_message(INFO, "missing_values", lang, column, count=number(empty, 0, lang))
        )
    if percent:
        messages.append(make_message(INFO, "percent_sign", lang, column))
    return messages


def _quoted(values: Iterable[str], limit: int = 3) -> str:
    shown = list(dict.fromkeys(shorten(v, 40) for v in values))
    return ", ".join(f"“{v}”" for v in shown[:limit]) + (" …" if len(shown) > limit else "")


def check_values(values: pd.Series, unit: str, lang: str = "nl") -> list[Message]:
    """Plausibility for a unit: values above 100 when the unit is %, negatives for a share.

    Parameters
    ----------
    values : pandas.Series
        Parsed values (e.g. ``ParsedValues.values``), index = row numbers.
    unit : str
        The unit the user gave ("%", "aandeel", "euro", ...).
    lang : {"nl", "en"}
        Language of the messages.
    """
    key = clean_text(str(unit)).casefold()
    percent = key in ("%", "procent", "percent")
    share = percent or key in ("‰", "promille", "aandeel", "share", "fractie", "fraction")
    rows = row_numbers(values.index)
    column = str(values.name) if values.name is not None else None
    messages = []
    over = [r for r, v in zip(rows, values, strict=True) if v > 100]
    negative = [r for r, v in zip(rows, values, strict=True) if v < 0]
    if percent and over:
        messages.append(make_message(WARNING, "above_100", lang, column, over))
    if share and negative:
        messages.append(make_message(WARNING, "negative_share", lang, column, negative))
    return messages


def number_text(value: float) -> str:
    """A number as text that :func:`parse_values` reads back exactly ("1.234" becomes "1.2340")."""
    if isinstance(value, int) or not math.isfinite(value):
        return str(value)
    value = float(f"{value:.12g}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text + "0" if _AMBIGUOUS.fullmatch(text.lstrip("-")) else text
