"""Records of an .xlsx upload: cached values only (formulas never run), zip bombs refused, and the
sheet with the data chosen when there are several. Used by :func:`ruraldash.io.tabular.read_tabular`.
"""

from __future__ import annotations

import io
import zipfile

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
