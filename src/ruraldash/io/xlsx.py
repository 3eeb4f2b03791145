"""Records of an .xlsx upload: cached values only (formulas never run), zip bombs refused, and the
sheet with the data chosen when there are several. Used by :func:`ruraldash.io.tabular.read_tabular`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

import openpyxl

from ruraldash.io.numbers import looks_numeric, number_text
from ruraldash.io.table import ERROR, HEADER_SCAN, INFO, WARNING, Row, Table, TableLimits

XLSX_UNPACK_FACTOR = 20  # an xlsx may unpack to this many times the upload limit


def xlsx_records(
    raw: bytes, table: Table, sheet: str | None, limits: TableLimits
) -> list[Row] | None:
    """Records of the chosen sheet (``sheet``, else the one with the most data)."""
    table.encoding = "xlsx"
    books = []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # a zip bomb stops here
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > XLSX_UNPACK_FACTOR * limits.max_bytes:
            table.add(
                ERROR,
                "file_too_large",
                max=f"{limits.max_bytes / 1_048_576:.1f} MB".replace(".", ","),
            )
            return None
        for data_only in (True, False):
            books.append(
                openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
            )
        sheets = {ws.title: _sheet_rows(ws, limits) for ws in books[0].worksheets}
        table.sheets = list(sheets)
        if sheet is not None and sheet not in sheets:
            table.add(ERROR, "sheet_unknown", sheet=sheet, sheets=", ".join(sheets))
            return None
        chosen = sheet if sheet is not None else max(sheets, key=lambda s: _data_score(sheets[s]))
        rows = sheets[chosen]
        last = rows[-1][0] if rows else 1
        formulas = _formula_cells(books[1][chosen], last, limits)
    except Exception:  # any failure inside the xlsx parser means a bad upload, never a crash
        table.add(ERROR, "xlsx_unreadable")
        return None
    finally:
        for book in books:
            book.close()
    table.sheet = chosen
    rows = _drop_merged_titles(raw, chosen, rows, table)
    if len(sheets) > 1:
        others = ", ".join(f"“{s}”" for s in sheets if s != chosen)
        code = "xlsx_sheet_given" if sheet is not None else "xlsx_sheet_chosen"
        table.add(INFO, code, sheet=chosen, others=others)
    if formulas:
        cells = ", ".join(formulas[:5]) + (" …" if len(formulas) > 5 else "")
        table.add(WARNING, "formula_cells", found=len(formulas), cells=cells)
    return rows


def _data_score(rows: list[Row]) -> tuple[int, int]:
    """(rows with at least two filled cells of which one a number, filled rows)."""
    full = sum(
        1 for _, cells in rows if sum(1 for c in cells if c) > 1 and any(map(looks_numeric, cells))
    )
    return full, len(rows)


def _sheet_rows(sheet, limits: TableLimits) -> list[Row]:
    rows: list[Row] = []
    cap = limits.max_rows + HEADER_SCAN + 1
    for n, cells in enumerate(sheet.iter_rows(max_col=limits.max_columns + 1), start=1):
        texts = [_cell_text(c) for c in cells]
        if any(texts):
            rows.append((n, texts))
        if len(rows) > cap or n > 20 * cap:
            break
    return rows


def _formula_cells(sheet, last_row: int, limits: TableLimits) -> list[str]:
    rows = sheet.iter_rows(max_row=last_row, max_col=limits.max_columns + 1)
    return [c.coordinate for row in rows for c in row if getattr(c, "data_type", "") == "f"]


def _cell_text(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        if "%" in str(cell.number_format or ""):
            return number_text(value * 100) + "%"
        return number_text(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def _drop_merged_titles(raw: bytes, sheet: str, rows: list[Row], table: Table) -> list[Row]:
    """Leading rows whose only text sits in cells merged across columns are titles, not a header.

    A title merged over the table's width ("Werkloosheid 2023", even a lone year) would otherwise
    be read as the column names or as a data row.
    """
    spans = _merged_spans(raw, sheet)
    titles = []
    for n, cells in rows[:HEADER_SCAN]:
        filled = [i for i, c in enumerate(cells) if c]
        if len(filled) != 1 or not any(
            first <= filled[0] < last for first, last in spans.get(n, [])
        ):
            break
        titles.append(n)
    if titles:
        table.add(INFO, "xlsx_merged_title", rows=titles)
    return [row for row in rows if row[0] not in titles]


def _merged_spans(raw: bytes, sheet: str) -> dict[int, list[tuple[int, int]]]:
    """Row number -> (first, last + 1) column indexes of merged ranges at least two columns wide."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            xml = archive.read(_sheet_path(archive, sheet))
    except (KeyError, StopIteration, ValueError, ElementTree.ParseError, zipfile.BadZipFile):
        return {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for a, r1, b, r2 in _MERGE.findall(xml):
        first, last = _column(a), _column(b)
        if last > first:
            for n in range(int(r1), int(r2) + 1):
                spans.setdefault(n, []).append((first, last + 1))
    return spans


def _sheet_path(archive: zipfile.ZipFile, sheet: str) -> str:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    rid = next(
        s.get(f"{{{_NS['r']}}}id")
        for s in book.iterfind("m:sheets/m:sheet", _NS)
        if s.get("name") == sheet
    )
    target = next(
        r.get("Target") for r in rels.iterfind("p:Relationship", _NS) if r.get("Id") == rid
    )
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _column(letters: bytes) -> int:
    index = 0
    for ch in letters.decode():
        index = index * 26 + ord(ch) - 64
    return index - 1
