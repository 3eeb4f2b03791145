"""Reading a user's table of previous-year Gemeentefonds shares (CSV) for the Open Ruimtefonds ceilings.

The reader is forgiving about the format (``;``, ``,`` or tab separators; decimal comma or point;
thousands separators; UTF-8 with or without BOM, UTF-16, cp1252; a title line above the header) and
strict about the content: unknown NIS codes, duplicated codes and rows without a usable amount are
left out and reported in the user's language. It never raises on bad input.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from ruraldash.core.i18n import t


@dataclass
class GemeentefondsUpload:
    """A parsed Gemeentefonds table: clean values plus everything that was left out and why."""

    values: pd.Series
    unknown_codes: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    invalid_rows: list[tuple[int, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


_CODE_HEADERS = {"niscode", "nis"}
_AMOUNT_HEADERS = ("gemeentefonds", "bedrag", "amount")
_CODE = re.compile(r"(\d{5})(?:\.0+)?")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_THOUSANDS_ONLY = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")
_LISTED = 10


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


_Rows = list[tuple[int, list[str]]]


def _rows(text: str) -> tuple[str, _Rows]:
    """Delimiter (the one on most of the first lines) and (line number, cells) per CSV record."""
    sample = [line for line in text.splitlines() if line.strip()][:20]
    counts = {d: sum(d in line for line in sample) for d in (";", "\t", ",")}
    delimiter = max(counts, key=counts.__getitem__)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return delimiter, [(reader.line_num, [cell.strip() for cell in row]) for row in reader]


def _header_key(cell: str) -> str:
    return "".join(ch for ch in cell.lower() if ch.isalnum())


def _clean_number(text: str) -> str:
    return re.sub(r"\s|€|eur", "", text, flags=re.IGNORECASE).replace("\u2212", "-")


def _column_mark(cells: list[str], fallback: str) -> str:
    """Decimal mark of a column: cells like 1.234,5 or 12,5 vote; 1,234 alone is ambiguous."""
    votes = {",": 0, ".": 0}
    for cell in map(_clean_number, cells):
        if "," in cell and "." in cell:
            votes["," if cell.rfind(",") > cell.rfind(".") else "."] += 1
        elif max(cell.count(","), cell.count(".")) > 1:
            votes["." if cell.count(",") > 1 else ","] += 1
        elif ("," in cell or "." in cell) and not _THOUSANDS_ONLY.fullmatch(cell):
            votes["," if "," in cell else "."] += 1
    return fallback if votes[","] == votes["."] else max(votes, key=votes.__getitem__)


def _to_number(text: str, mark: str) -> float | None:
    cell = _clean_number(text)
    if "," in cell and "." in cell:
        mark = "," if cell.rfind(",") > cell.rfind(".") else "."
    elif max(cell.count(","), cell.count(".")) > 1:
        mark = "." if cell.count(",") > 1 else ","
    cell = cell.replace("." if mark == "," else ",", "").replace(mark, ".")
    return float(cell) if _NUMBER.fullmatch(cell) else None


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
    raw: bytes, known_codes: set[str], names: dict[str, str] | None = None, lang: str = "nl"
) -> GemeentefondsUpload:
    """Read a user's CSV of previous-year Gemeentefonds shares; never raises on bad input.

    Parameters
    ----------
    raw : bytes
        CSV with ``,``, ``;`` or tab separators, decimal comma or point, thousands separators
        (``1.234.567,89``), UTF-8 (with/without BOM), UTF-16 or cp1252.
    known_codes : set of str
        NIS codes of the current border set; other codes (Brussels, Wallonia, ...) are left out.
    names : dict, optional
        nis_code -> name, to show names next to codes in the messages.

    Returns
    -------
    GemeentefondsUpload
        ``values`` (EUR by nis_code) plus what was left out and why, and ``messages`` in ``lang``.
    """
    upload = GemeentefondsUpload(values=pd.Series(dtype=float, name="gemeentefonds"))
    upload.values.index.name = "nis_code"
    if not raw or not raw.strip():
        upload.messages.append(t("orf_up_empty", lang))
    elif raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        upload.messages.append(t("orf_up_excel", lang))
    else:
        try:
            delimiter, rows = _rows(_decode(raw))
            fallback_mark = "." if delimiter == "," else ","
            _fill(upload, rows, fallback_mark, {str(c) for c in known_codes}, names or {}, lang)
        except csv.Error as err:
            upload.messages.append(t("orf_up_unreadable", lang, error=str(err)))
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
