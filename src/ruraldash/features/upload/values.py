"""Numbers as people type them: decimal comma or point, thousands separators, percent signs, 'n.v.t.'.

Part of the upload flow (see :mod:`ruraldash.features.upload`); pure pandas, never raises on bad cells.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

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
from ruraldash.io.numbers import AMBIGUOUS, cell_value, decimal_mark, number_text, numeric_core

UNIT_MAJORITY = 0.5  # a unit sign is suggested when more than half of the numbers carry it
HUGE = 1e12  # beyond any municipal figure: flagged as out of range

_CELL_LEVEL = {  # a message that asks the user to check something is a warning, never info
    "not_a_number": WARNING,
    "special_value": WARNING,
    "mixed_decimal_marks": WARNING,
    "not_applicable": WARNING,
    "ambiguous_thousands": WARNING,
    "out_of_range": WARNING,
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
    unit_hint: str | None = None  # "%" or "€" when most numbers carry that sign
    signs: dict[str, list[int]] = field(default_factory=dict)  # sign -> rows carrying it

    @property
    def had_percent(self) -> bool:
        """True when the column's numbers mostly carry a percent sign."""
        return self.unit_hint == "%"

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
    marks = [decimal_mark(core.digits) for core in cores]
    tally = Counter(m for m in marks if m)
    chosen = max(tally, key=tally.__getitem__) if tally else (decimal or ",")
    values, issues, signs = [], [], defaultdict(list)
    rows = row_numbers(col.index)
    for row, text, core, mark in zip(rows, texts, cores, marks, strict=True):
        value, code = cell_value(text, mark or chosen, core)
        values.append(value)
        if code is None and mark and mark != chosen:
            code = "mixed_decimal_marks"
        elif code is None and not tally and AMBIGUOUS.fullmatch(core.digits):
            code = "ambiguous_thousands"
        elif code is None and abs(value) > HUGE:
            code, values[-1] = "out_of_range", math.nan
        if code:
            issues.append(CellIssue(row, text, code))
        elif core.unit and not math.isnan(value):
            signs[core.unit].append(row)
    parsed = pd.Series(values, index=col.index, dtype="float64", name=col.name)
    numeric = int(parsed.notna().sum())
    hint = next((u for u, r in signs.items() if len(r) > UNIT_MAJORITY * numeric), None)
    column = str(col.name) if col.name is not None else None
    messages = _value_messages(issues, texts, column, chosen, lang)
    messages += _sign_messages(signs, numeric, hint, column, lang)
    if negative := [r for r, v in zip(rows, values, strict=True) if v < 0]:
        messages.append(make_message(WARNING, "negative_values", lang, column, negative))
    return ParsedValues(parsed, chosen, issues, messages, hint, dict(signs))


def _value_messages(
    issues: list[CellIssue], texts: list[str], column, decimal: str, lang: str
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
    return messages


def _sign_messages(
    signs: dict[str, list[int]], numeric: int, hint: str | None, column, lang: str
) -> list[Message]:
    """Percent and euro signs: read as plain numbers, said so; a unit only from a majority."""
    messages = []
    for sign, rows in signs.items():
        code = "unit_sign" if sign == hint else "unit_sign_minority"
        level = INFO if sign == hint else WARNING
        total = number(numeric, 0, lang)
        messages.append(make_message(level, code, lang, column, rows, sign=sign, total=total))
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
