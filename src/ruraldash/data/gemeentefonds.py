"""Reading a user's table of previous-year Gemeentefonds shares (CSV or XLSX) for the ORF ceilings.

The file goes through the one table reader (:func:`ruraldash.io.tabular.read_tabular`: separators,
encodings, title lines, XLSX sheets, broken rows named) and the one number parser
(:mod:`ruraldash.io.numbers`), so it is accepted or refused exactly as the upload page would. This
module is strict about the content: unknown NIS codes, duplicated codes and rows without a usable
amount are left out and reported in the user's language. It never raises on bad input.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ruraldash.core.i18n import t
from ruraldash.io.numbers import cell_value, decimal_mark, numeric_core
from ruraldash.io.tabular import ERROR, WARNING, read_tabular


@dataclass
class GemeentefondsUpload:
    """A parsed Gemeentefonds table: clean values plus everything that was left out and why."""

    values: pd.Series
    unknown_codes: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    invalid_rows: list[tuple[int, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    read_warnings: list[str] = field(default_factory=list)  # from the reader: rows set aside, ...


_CODE_HEADERS = {"niscode", "nis"}
_AMOUNT_HEADERS = ("gemeentefonds", "bedrag", "amount")
_CODE = re.compile(r"(\d{5})(?:\.0+)?")
_LISTED = 10
_Rows = list[tuple[int, list[str]]]


def _header_key(cell: str) -> str:
    return "".join(ch for ch in cell.lower() if ch.isalnum())


def _column_mark(cells: list[str], fallback: str) -> str:
    """Decimal mark of a column: the mark most cells prove (1.234,5 or 12,5); 1,234 alone does not."""
    votes = Counter(decimal_mark(numeric_core(c).digits) for c in cells)
    votes.pop(None, None)
    return fallback if votes[","] == votes["."] else max(votes, key=votes.__getitem__)


def _to_number(text: str, mark: str) -> float | None:
    value, problem = cell_value(text, mark)
    return None if problem or math.isnan(value) else value


def _cell(cells: list[str], col: int) -> str:
    return cells[col] if col < len(cells) else ""


def _amount_column(header: list[str], code_col: int, data: list[list[str]], lang: str) -> int | str:
    """Index of the amount column, or a (translated) message why none could be chosen."""
    others = [i for i in range(len(header)) if i != code_col]
    named = [i for i in others if _header_key(header[i]).startswith(_AMOUNT_HEADERS)]
    if not named:
        named = [i for i in others if _mostly_numeric([_cell(r, i) for r in data])]
    if len(named) == 1:
        return named[0]
    if not named:
        return t("orf_up_no_amount_col", lang)
    return t("orf_up_ambiguous_amount_col", lang, columns=", ".join(header[i] for i in named))


def _mostly_numeric(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and sum(_to_number(c, ".") is not None for c in filled) * 2 >= len(filled)


def _listing(items: list[str], lang: str) -> str:
    text = ", ".join(items[:_LISTED])
    return text + t("orf_up_more", lang, n=len(items) - _LISTED) if len(items) > _LISTED else text


def _shown(value: str) -> str:
    return value if len(value) <= 30 else value[:29] + "…"


def parse_gemeentefonds_table(
    raw: bytes,
    known_codes: set[str],
    names: dict[str, str] | None = None,
    lang: str = "nl",
    filename: str = "",
) -> GemeentefondsUpload:
    """Read a user's CSV of previous-year Gemeentefonds shares; never raises on bad input.

    Parameters
    ----------
    raw : bytes
        CSV (any separator, decimal comma or point, thousands separators, UTF-8/UTF-16/cp1252)
        or XLSX, read by :func:`ruraldash.io.tabular.read_tabular`.
    known_codes : set of str
        NIS codes of the current border set; other codes (Brussels, Wallonia, ...) are left out.
    names : dict, optional
        nis_code -> name, to show names next to codes in the messages.
    filename : str, optional
        The file's name (its extension is a hint for the reader).

    Returns
    -------
    GemeentefondsUpload
        ``values`` (EUR by nis_code) plus what was left out and why, and ``messages`` in ``lang``.
    """
    upload = GemeentefondsUpload(values=pd.Series(dtype=float, name="gemeentefonds"))
    upload.values.index.name = "nis_code"
    table = read_tabular(raw or b"", filename)
    errors = [p.text(lang) for p in table.problems if p.level == ERROR]
    if errors:
        upload.messages.extend(errors)
        return upload
    upload.read_warnings = [p.text(lang) for p in table.problems if p.level == WARNING]
    upload.messages.extend(upload.read_warnings)
    fallback_mark = "." if table.separator == "," else ","
    rows = [(table.header_line or 0, table.header), *table.rows]
    _fill(upload, rows, fallback_mark, {str(c) for c in known_codes}, names or {}, lang)
    return upload


def _fill(
    upload: GemeentefondsUpload,
    rows: _Rows,
    fallback_mark: str,
    known: set[str],
    names: dict[str, str],
    lang: str,
) -> None:
    """Pick the columns, sort every row into kept / unknown / duplicate / invalid, add messages."""
    rows = [(line, cells) for line, cells in rows if any(cells)]
    start = next(
        (
            k
            for k, (_, cells) in enumerate(rows[:20])
            if _CODE_HEADERS & set(map(_header_key, cells))
        ),
        None,
    )
    if start is None:
        upload.messages.append(t("orf_up_no_code_col", lang))
        return
    header, data = rows[start][1], rows[start + 1 :]
    code_col = next(i for i, cell in enumerate(header) if _header_key(cell) in _CODE_HEADERS)
    amount_col = _amount_column(header, code_col, [cells for _, cells in data], lang)
    if isinstance(amount_col, str):
        upload.messages.append(amount_col)
        return
    by_code: dict[str, list[tuple[int, str]]] = {}
    for line, cells in data:
        match = _CODE.fullmatch(_cell(cells, code_col))
        if match is None:
            reason = t("orf_up_reason_code", lang, value=_shown(_cell(cells, code_col)))
            upload.invalid_rows.append((line, reason))
        else:
            by_code.setdefault(match.group(1), []).append((line, _cell(cells, amount_col)))
    upload.unknown_codes = sorted(c for c in by_code if c not in known)
    upload.duplicates = sorted(c for c, hits in by_code.items() if c in known and len(hits) > 1)
    singles = {c: hits[0] for c, hits in by_code.items() if c in known and len(hits) == 1}
    mark = _column_mark([cell for _, cell in singles.values()], fallback_mark)
    values: dict[str, float] = {}
    for code, (line, cell) in singles.items():
        amount = _to_number(cell, mark) if cell else None
        if amount is not None and amount >= 0:
            values[code] = amount
            continue
        key = "orf_up_reason_empty" if not cell else "orf_up_reason_not_numeric"
        key = "orf_up_reason_negative" if amount is not None else key
        upload.invalid_rows.append((line, t(key, lang, value=_shown(cell))))
    upload.invalid_rows.sort()
    upload.values = pd.Series(values, dtype=float, name="gemeentefonds").sort_index()
    upload.values.index.name = "nis_code"
    _report(upload, known, names, header[amount_col], lang)


def _report(
    upload: GemeentefondsUpload, known: set[str], names: dict[str, str], column: str, lang: str
) -> None:
    def label(code: str) -> str:
        return f"{code} ({names[code]})" if code in names else code

    msgs = upload.messages
    if len(upload.values):
        msgs.append(t("orf_up_read", lang, n=len(upload.values), column=column))
    else:
        msgs.append(t("orf_up_no_rows", lang))
    if upload.unknown_codes:
        listed = _listing(upload.unknown_codes, lang)
        msgs.append(t("orf_up_unknown", lang, n=len(upload.unknown_codes), codes=listed))
    if upload.duplicates:
        listed = _listing([label(c) for c in upload.duplicates], lang)
        msgs.append(t("orf_up_duplicates", lang, n=len(upload.duplicates), codes=listed))
    if upload.invalid_rows:
        rows = [t("orf_up_line", lang, line=line, reason=why) for line, why in upload.invalid_rows]
        msgs.append(t("orf_up_invalid", lang, n=len(rows), rows=_listing(rows, lang)))
    absent = sorted(known - set(upload.values.index))
    if absent and len(upload.values):
        listed = _listing([label(c) for c in absent], lang)
        msgs.append(t("orf_up_absent", lang, n=len(absent), codes=listed))
