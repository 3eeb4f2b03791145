"""One reader for every table a user brings: bytes -> sheet -> encoding -> separator -> header -> rows.

:func:`read_tabular` never raises on bad input and never drops a row silently: every record keeps its
line number (:attr:`Table.raw`), and a row it could not read (more cells than the header, an
unbalanced quote that would swallow the next rows) is set aside in :attr:`Table.rejected` with a
:class:`Problem` naming the line. Problems carry a stable ``code``; :meth:`Problem.text` gives the
Dutch or English sentence (``locales/tabular.toml``, keys ``tab_<code>``). Used by the upload, the
Gemeentefonds table and the notes import.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.io.numbers import looks_numeric
from ruraldash.io.table import (  # noqa: F401 (the table types, importable from here as before)
    ERROR,
    HEADER_SCAN,
    INFO,
    WARNING,
    Problem,
    Row,
    Table,
    TableLimits,
)
from ruraldash.io.xlsx import xlsx_records

SEPARATORS = ("\t", ";", "|", ",")  # on a tie, the earlier one wins (',' is also a decimal mark)
SNIFF_RECORDS = 80
SEPARATOR_NAMES = {"\t": "tab", ";": "“;”", "|": "“|”", ",": "“,”"}

_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MOJIBAKE = re.compile(
    r"Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a]|â€|Â[\u00a0-\u00bf]"
)


_INNER_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # keeps tab and line feed


def clean_cell(text: str, multiline: bool = False) -> str:
    """Remove control characters and null bytes and trim; line breaks become a space.

    With ``multiline`` a cell keeps its line breaks (as ``\n``), for text such as a note's body.
    """
    if multiline:
        return _INNER_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return CONTROL_CHARS.sub("", _BREAKS.sub(" ", text)).strip()


def read_tabular(
    raw: bytes,
    filename: str = "",
    sheet: str | None = None,
    limits: TableLimits = TableLimits(),  # noqa: B008 (frozen, so a shared default is safe)
    multiline: bool = False,
    separator: str | None = None,
) -> Table:
    """Read a CSV/TXT/TSV or XLSX upload into a :class:`Table`; never raises on bad input.

    Parameters
    ----------
    raw : bytes
        The file.
    filename : str
        Its name (the extension is a hint next to the magic bytes).
    sheet : str, optional
        The XLSX sheet to read; by default the sheet with the most data.
    limits : TableLimits
        Size, row and column bounds.
    multiline : bool
        Keep line breaks inside cells (default: a line break in a cell becomes a space).
    separator : str, optional
        The CSV separator the user chose (one of :data:`SEPARATORS`); by default it is guessed.
    """
    table = Table()
    if not raw or not raw.strip():
        table.add(ERROR, "empty_file")
        return table
    if len(raw) > limits.max_bytes:
        table.add(ERROR, "file_too_large", max=_mb(limits.max_bytes))
        return table
    kind = _file_kind(raw, filename)
    if kind == "xls":
        table.add(ERROR, "xls_unsupported")
        return table
    if kind == "xlsx":
        table.kind = "xlsx"
        records = xlsx_records(raw, table, sheet, limits)
    else:
        records = _csv_records(raw, table, limits, separator)
    if records is not None:
        _structure(records, table, limits, multiline)
    return table


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f}".replace(".", ",") + " MB"


def _file_kind(raw: bytes, filename: str) -> str:
    ext = str(filename).lower().rsplit(".", 1)[-1]
    if raw.startswith(b"PK\x03\x04") or ext in ("xlsx", "xlsm"):
        return "xlsx"
    if raw.startswith(b"\xd0\xcf\x11\xe0") or ext == "xls":
        return "xls"
    return "csv"


# ------------------------------------------------------------------------------------- encoding
def decode(raw: bytes, table: Table) -> str | None:
    """Bytes to text: BOM, UTF-16 by its zero bytes, UTF-8 (strict), then cp1252, line by line.

    Sets ``table.encoding`` and ``table.confidence``; mixed encodings and mojibake (UTF-8 read as
    cp1252 and saved again) are repaired line by line and reported with their line numbers.
    """
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            return _finish(raw[2:].decode(name, errors="replace"), table, "utf-16", 1.0)
    if (utf16 := _utf16_order(raw)) is not None:
        return _finish(raw.decode(utf16, errors="replace"), table, "utf-16", 0.9)
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[3:] if bom else raw
    try:
        text = body.decode("utf-8")
        ascii_only = text.isascii()
        return _finish(
            text, table, "utf-8-sig" if bom else "utf-8", 1.0 if bom or ascii_only else 0.99
        )
    except UnicodeDecodeError:
        pass
    lines = body.splitlines(keepends=True)
    utf8, other = _split_lines(lines)
    if utf8 and other:
        table.add(WARNING, "mixed_encoding", rows=other)
        parts = [_line_text(line) for line in lines]
        return _finish("".join(parts), table, "utf-8+cp1252", 0.5)
    encoding, confidence = _legacy_encoding(body)
    text = body.decode(encoding, errors="replace")
    if confidence < 0.8:
        table.add(WARNING, "encoding_uncertain")
    else:  # the text asks to check accented letters: a warning, never "all is well"
        table.add(
            WARNING,
            "encoding_cp1252" if encoding == "cp1252" else "encoding_legacy",
            encoding=encoding,
        )
    return _finish(text, table, encoding, confidence)


def _line_text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _split_lines(lines: list[bytes]) -> tuple[list[int], list[int]]:
    """Line numbers holding valid non-ASCII UTF-8, and those that are not UTF-8."""
    utf8, other = [], []
    for n, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8.append(n)
        except UnicodeDecodeError:
            other.append(n)
    return utf8, other


_PLAUSIBLE = set("àáâäçèéêëìíîïñòóôöùúûüÿÀÁÂÄÇÈÉÊËÌÍÎÏÑÒÓÔÖÙÚÛÜß€°²³µ–—‘’“”„…«»×½")


LEGACY = ("cp1252", "cp850", "mac_roman")  # Windows, old DOS/Excel exports, old Mac


def _legacy_encoding(raw: bytes) -> tuple[str, float]:
    """The 8-bit encoding whose letters look most like a Belgian table (cp1252 on a tie)."""
    scored = [(_plausibility(raw.decode(enc, errors="replace")), enc) for enc in LEGACY]
    best = max(score for score, _ in scored)
    return next(enc for score, enc in scored if score == best), best


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are letters/signs a Belgian table plausibly holds."""
    odd = [ch for ch in text if ord(ch) > 127]
    if not odd:
        return 1.0
    return round(sum(ch in _PLAUSIBLE for ch in odd) / len(odd), 2)


def _utf16_order(raw: bytes) -> str | None:
    sample = raw[:4000]
    half = len(sample) // 2 or 1
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half:
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


def _finish(text: str, table: Table, encoding: str, confidence: float) -> str | None:
    table.encoding, table.confidence = encoding, confidence
    if _looks_binary(text):
        table.add(ERROR, "binary_file")
        return None
    if nulls := text.count("\x00"):
        table.add(WARNING, "null_bytes_removed", nulls=nulls)
        text = text.replace("\x00", "")
    return _repair_mojibake(text, table)


def _repair_mojibake(text: str, table: Table) -> str:
    """'Inwoners â€“ 2020' (UTF-8 once read as cp1252) back to 'Inwoners – 2020', per line."""
    if not _MOJIBAKE.search(text):
        return text
    lines, fixed, failed = text.splitlines(keepends=True), [], []
    example = None
    for n, line in enumerate(lines, start=1):
        if not _MOJIBAKE.search(line):
            continue
        try:
            repaired = line.encode("cp1252").decode("utf-8")
        except UnicodeError:
            failed.append(n)
            continue
        example = example or (clean_cell(line)[:40], clean_cell(repaired)[:40])
        lines[n - 1] = repaired
        fixed.append(n)
    if fixed:
        table.add(WARNING, "mojibake_repaired", rows=fixed, before=example[0], after=example[1])
        table.confidence = min(table.confidence, 0.7)
    if failed:
        table.add(WARNING, "mojibake", rows=failed)
    return "".join(lines)


def _looks_binary(text: str) -> bool:
    sample = text[:8000]
    bad = sum(1 for ch in sample if CONTROL_CHARS.match(ch) and ch not in "\t\r\n")
    return bad > max(8, len(sample) // 50) or sample.count("\ufffd") > max(8, len(sample) // 20)


# ------------------------------------------------------------------------------------ separator
def sniff_separator(lines: list[str]) -> str:
    """The separator that splits the most records into the same number (> 1) of cells.

    Empty trailing cells count: Excel ends every line of a table whose last column is mostly
    empty with a separator ("11001;Aartselaar;4,5;"), and only the real separator gives those
    lines the same width as the header.

    Equal counts go to the wider split ("Gent,nota; zie bijlage,5" is three cells on ',' and two on
    ';'), then to tab, ';', '|', ',' (a comma is also a decimal mark: "Gent;12,5" is two cells on
    either, but only ';' is meant).
    """
    sample = lines[:SNIFF_RECORDS]
    scores = {}
    for sep in SEPARATORS:
        widths = [len(_split_line(line, sep)) for line in sample if line.strip()]
        tally = Counter(w for w in widths if w > 1)
        width = max(tally, key=lambda w: (tally[w], w)) if tally else 1
        scores[sep] = (tally[width], width) if tally else (0, 1)  # rows, then cells per row
    best = max(scores.values())
    return next(sep for sep in SEPARATORS if scores[sep] == best) if best[0] else ";"


def _split_line(line: str, sep: str) -> list[str]:
    try:
        return next(csv.reader([line.rstrip("\r\n")], delimiter=sep), [])
    except csv.Error:
        return line.split(sep)


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


# -------------------------------------------------------------------------------------- records
def _csv_records(
    raw: bytes, table: Table, limits: TableLimits, separator: str | None = None
) -> list[Row] | None:
    text = decode(raw, table)
    if text is None:
        return None
    lines = list(io.StringIO(text, newline=""))
    if separator in SEPARATORS:
        table.separator = separator
        table.add(INFO, "separator_given", separator=SEPARATOR_NAMES[separator])
    else:
        table.separator = sniff_separator(lines)
    try:
        return _records(lines, 0, table, limits)
    except csv.Error:
        table.add(ERROR, "csv_unreadable")
        return None


def _records(lines: list[str], offset: int, table: Table, limits: TableLimits) -> list[Row]:
    """csv records with their first line number; a quote that swallows rows is undone."""
    sep, out = table.separator, []
    reader = csv.reader(iter(lines), delimiter=sep)
    width = _modal_width(lines, sep)
    start = 1
    for cells in reader:
        end = reader.line_num
        span = lines[start - 1 : end]
        inner = span[1:] if _unclosed(span, sep) else span[1:-1]  # the last line closes a cell
        if end > start and _swallowed(inner, sep, width):
            out.extend(_undo_quote(span, offset + start, table, limits))
        elif end == len(lines) and _unclosed(span, sep):
            table.add(WARNING, "unbalanced_quote", rows=[offset + start])
            table.rejected.append((offset + start, cells))
        else:
            out.append((offset + start, cells))
        start = end + 1
        if len(out) > limits.max_rows + HEADER_SCAN + 1:
            break  # enough to know it is too long
    return out


def _modal_width(lines: list[str], sep: str) -> int:
    tally = Counter(len(_trim(_split_line(line, sep))) for line in lines[:SNIFF_RECORDS])
    wide = {w: n for w, n in tally.items() if w > 1}
    return max(wide, key=lambda w: (wide[w], w)) if wide else 1


def _swallowed(inner: list[str], sep: str, width: int) -> bool:
    """True when lines inside one quoted cell look like rows of the table (a quote left open)."""
    return width > 1 and any(len(_trim(_split_line(line, sep))) == width for line in inner)


def _unclosed(span: list[str], sep: str) -> bool:
    try:
        list(csv.reader(span, delimiter=sep, strict=True))
    except csv.Error:
        return True
    return False


def _undo_quote(span: list[str], first: int, table: Table, limits: TableLimits) -> list[Row]:
    """The line that opened the quote is set aside; the lines it swallowed are read on their own."""
    cells = _split_line(span[0], table.separator)
    table.add(WARNING, "unbalanced_quote", rows=[first])
    table.rejected.append((first, cells))
    return _records(span[1:], first, table, limits)


# ------------------------------------------------------------------------------------ structure
def _structure(records: list[Row], table: Table, limits: TableLimits, multiline: bool) -> None:
    """Title lines, the header (or none), rows as wide as the header; the rest is reported."""
    records = [(n, [clean_cell(c, multiline) for c in cells]) for n, cells in records]
    table.raw = [(n, cells) for n, cells in records if any(cells)]
    rows = [(n, _trim(cells), len(cells)) for n, cells in table.raw]
    if not rows:
        table.add(ERROR, "empty_file")
        return
    widths = Counter(len(c) for _, c, _ in rows if len(c) > 1)
    width = max(widths, key=lambda w: (widths[w], w)) if widths else 1
    first = _first_header_candidate(rows, width)
    if first:
        table.add(INFO, "title_rows_skipped", titles=first, header=rows[first][0])
    candidate = rows[first]
    has_header = not _looks_like_data(candidate[1], [c for _, c, _ in rows[first + 1 : first + 21]])
    data = rows[first + 1 :] if has_header else rows[first:]
    if has_header:
        table.header_line = candidate[0]
        # in a CSV a row wider than its header is a split number or name, never a new column
        width = max(width, len(candidate[1]))
        if table.kind == "csv":
            width = min(width, candidate[2])
    else:
        table.add(INFO, "no_header", line=candidate[0])
    if width > limits.max_columns:
        table.add(ERROR, "too_many_columns", found=width, max=limits.max_columns)
        return
    table.header = _names(candidate[1] if has_header else [], width)
    if not data:
        table.add(ERROR, "no_data_rows")
        return
    if len(data) > limits.max_rows:
        table.add(ERROR, "too_many_rows", max=number(limits.max_rows, 0, "nl"))
        return
    _sort_rows(data, width, table)


def _first_header_candidate(rows: list[tuple[int, list[str], int]], width: int) -> int:
    """Leading title lines: text in the first cell only, above a table at least two cells wide."""
    if width <= 1:
        return 0
    for i, (_, cells, _) in enumerate(rows[:HEADER_SCAN]):
        if len(cells) > 1 or (cells and looks_numeric(cells[0])):
            return i
    return 0


def _looks_like_data(candidate: list[str], below: list[list[str]]) -> bool:
    """A first row is data, not a header, when every mostly-numeric column has a number in it."""
    numeric = []
    for col in range(len(candidate)):
        cells = [r[col] for r in below if col < len(r) and r[col]]
        if cells and sum(looks_numeric(c) for c in cells) >= 0.8 * len(cells):
            numeric.append(col)
    if not numeric:
        return False
    return all(looks_numeric(candidate[c]) for c in numeric if candidate[c]) and any(
        candidate[c] for c in numeric
    )


def _names(header: list[str], width: int) -> list[str]:
    names: list[str] = []
    for i in range(width):
        base = (
            header[i] if i < len(header) and header[i] else t("tab_column_default", "nl", n=i + 1)
        )
        name, k = base, 1
        while name in names:
            k += 1
            name = f"{base} ({k})"
        names.append(name)
    return names


def _sort_rows(data: list[tuple[int, list[str], int]], width: int, table: Table) -> None:
    """Rows wider than the header are set aside; shorter ones are padded (and reported)."""
    wide, short, kept_wide = [], [], []
    for n, cells, raw_width in data:
        if len(cells) > width:
            wide.append(n)
            kept_wide.append(len(cells))
            table.rejected.append((n, cells))
            continue
        if raw_width < width and table.kind == "csv":
            short.append(n)
        table.rows.append((n, cells + [""] * (width - len(cells))))
    if wide:
        found = "/".join(str(w) for w in sorted(set(kept_wide)))
        level = WARNING if table.rows else ERROR  # every row too wide: nothing can be used
        table.add(level, "row_too_wide", rows=wide, expected=width, found=found)
    if short:
        table.add(WARNING, "row_too_short", rows=short, expected=width)
    if not table.rows and not wide:
        table.add(ERROR, "no_data_rows")
