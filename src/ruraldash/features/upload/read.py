"""Uploaded bytes to a table of text cells: CSV (any separator, UTF-8 or cp1252) or XLSX (first sheet).

Part of the upload flow (see :mod:`ruraldash.upload`); never raises on bad input.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.features.upload.base import (
    CONTROL_CHARS,
    ERROR,
    HEADER_SCAN,
    INFO,
    LIMITS,
    WARNING,
    Limits,
    ReadResult,
    Rows,
    clean_text,
    megabytes,
    shorten,
)
from ruraldash.features.upload.values import decimal_mark, numeric_core
from ruraldash.features.upload.xlsx import xlsx_rows

SEPARATORS = (";", "\t", ",")


def read_table(raw: bytes, filename: str, lang: str = "nl", limits: Limits = LIMITS) -> ReadResult:
    """Read an uploaded CSV or XLSX into a frame of text cells; never raises on bad input.

    Parameters
    ----------
    raw : bytes
        The uploaded file.
    filename : str
        Its name (only the extension is used, as a hint next to the magic bytes).
    lang : {"nl", "en"}
        Language of the messages.
    limits : Limits
        Size, row and column bounds.

    Returns
    -------
    ReadResult
        ``frame`` is None when an error message explains why nothing could be read.
    """
    res = ReadResult(frame=None)
    if not raw or not raw.strip():
        res.add(ERROR, "empty_file", lang)
        return res
    if len(raw) > limits.max_bytes:
        res.add(ERROR, "file_too_large", lang, max=megabytes(limits.max_bytes, lang))
        return res
    kind = _file_kind(raw, filename)
    if kind == "xls":
        res.add(ERROR, "xls_unsupported", lang)
        return res
    reader = xlsx_rows if kind == "xlsx" else _csv_rows
    rows = reader(raw, res, lang, limits)
    if rows is not None:
        res.frame = _build_frame(rows, res, lang, limits)
    return res


def _file_kind(raw: bytes, filename: str) -> str:
    ext = str(filename).lower().rsplit(".", 1)[-1]
    if raw.startswith(b"PK\x03\x04") or ext in ("xlsx", "xlsm"):
        return "xlsx"
    if raw.startswith(b"\xd0\xcf\x11\xe0") or ext == "xls":
        return "xls"
    return "csv"


def _decode(raw: bytes, res: ReadResult, lang: str) -> str | None:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        res.add(ERROR, "wrong_encoding", lang)
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        res.add(ERROR, "binary_file", lang)
        return None
    if _looks_binary(text):
        res.add(ERROR, "binary_file", lang)
        return None
    bom = raw.startswith(codecs.BOM_UTF8)
    res.encoding = encoding if encoding == "cp1252" or bom else "utf-8"
    if encoding == "cp1252":
        res.add(INFO, "encoding_cp1252", lang)
    if nulls := text.count("\x00"):
        res.add(WARNING, "null_bytes_removed", lang, count=number(nulls, 0, lang))
    return text.replace("\x00", "")


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4000]
    half = len(sample) // 2 or 1
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


def _looks_binary(text: str) -> bool:
    sample = text[:8000]
    bad = sum(1 for ch in sample if CONTROL_CHARS.match(ch) and ch not in "\t\r\n")
    return bad > max(8, len(sample) // 50)


def _csv_rows(raw: bytes, res: ReadResult, lang: str, limits: Limits) -> Rows | None:
    text = _decode(raw, res, lang)
    if text is None:
        return None
    res.separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=res.separator)
    rows: Rows = []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
            if len(rows) > limits.max_rows + HEADER_SCAN + 1:
                break  # enough to know it is too long
    except csv.Error:
        res.add(ERROR, "csv_unreadable", lang)
        return None
    return rows


def _separator(text: str) -> str:
    """Pick the delimiter: csv.Sniffer, checked against (and overruled by) a consistency count."""
    sample = "\n".join(text[:50_000].splitlines()[:60])
    scores = {sep: _consistency(sample, sep) for sep in SEPARATORS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        sniffed = None
    best = max(SEPARATORS, key=scores.__getitem__)
    return sniffed if sniffed in scores and scores[sniffed] == scores[best] else best


def _consistency(sample: str, sep: str) -> tuple[int, int]:
    """(number of rows sharing the most common width > 1, that width)."""
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=sep))
    except csv.Error:
        return (0, 1)
    widths = Counter(len(_trim(r)) for r in rows)
    wide = [(n, w) for w, n in widths.items() if w > 1]
    return max(wide) if wide else (0, 1)


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _build_frame(rows: Rows, res: ReadResult, lang: str, limits: Limits) -> pd.DataFrame | None:
    rows = [(n, _trim([clean_text(c) for c in cells])) for n, cells in rows]
    rows = [(n, cells) for n, cells in rows if cells]
    if not rows:
        res.add(ERROR, "empty_file", lang)
        return None
    first = _header_index([cells for _, cells in rows])
    (res.header_row, header), data = rows[first], rows[first + 1 :]
    if first:
        res.add(INFO, "title_rows_skipped", lang, count=first, header=res.header_row)
    width = max(len(cells) for _, cells in rows[first:])
    if width > limits.max_columns:
        res.add(ERROR, "too_many_columns", lang, count=width, max=limits.max_columns)
        return None
    if not data:
        res.add(ERROR, "no_data_rows", lang)
        return None
    if len(data) > limits.max_rows:
        res.add(ERROR, "too_many_rows", lang, max=number(limits.max_rows, 0, lang))
        return None
    body = [cells + [""] * (width - len(cells)) for _, cells in data]
    index = pd.Index([n for n, _ in data], name="rij")
    frame = pd.DataFrame(body, columns=_column_names(header, width, lang, limits), index=index)
    frame = frame.astype(str)
    res.decimal = _file_decimal(frame, "," if res.separator in (";", "\t") else ".")
    return frame


def _header_index(rows: list[list[str]]) -> int:
    """Skip title lines: the header is the first row as wide as the typical row."""
    counts = [sum(1 for c in cells if c) for cells in rows]
    tally = Counter(counts)
    width = max(tally, key=lambda w: (tally[w], w))
    if width <= 1:
        return 0
    return next((i for i, n in enumerate(counts[:HEADER_SCAN]) if n >= width), 0)


def _column_names(header: list[str], width: int, lang: str, limits: Limits) -> list[str]:
    names: list[str] = []
    for i in range(width):
        cell = header[i] if i < len(header) else ""
        base = (
            shorten(cell, limits.max_name_length)
            if cell
            else t("upload_column_default", lang, n=i + 1)
        )
        name, k = base, 1
        while name in names:
            k += 1
            name = f"{base} ({k})"
        names.append(name)
    return names


def _file_decimal(frame: pd.DataFrame, default: str) -> str:
    cells = frame.to_numpy().ravel()[:20_000]
    marks = Counter(decimal_mark(numeric_core(str(c))[0]) for c in cells)
    if marks[","] != marks["."]:
        return "," if marks[","] > marks["."] else "."
    return default
