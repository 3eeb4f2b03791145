"""Rows of an uploaded .xlsx (first sheet): cached values only, formulas never run, zip bombs refused.

Part of the upload flow (see :mod:`ruraldash.upload`); used by :mod:`ruraldash.upload_read`.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl

from ruraldash.core.fmt import number
from ruraldash.features.upload.base import (
    ERROR,
    HEADER_SCAN,
    INFO,
    WARNING,
    Limits,
    ReadResult,
    Rows,
    megabytes,
    shorten,
)
from ruraldash.features.upload.values import number_text

XLSX_UNPACK_FACTOR = 20  # an xlsx may unpack to this many times the upload limit


def xlsx_rows(raw: bytes, res: ReadResult, lang: str, limits: Limits) -> Rows | None:
    """Rows of the first sheet; formulas are never evaluated (data_only gives Excel's cached value)."""
    res.encoding = "xlsx"
    books = []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # a zip bomb stops here
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > XLSX_UNPACK_FACTOR * limits.max_bytes:
            res.add(ERROR, "file_too_large", lang, max=megabytes(limits.max_bytes, lang))
            return None
        for data_only in (True, False):
            books.append(
                openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
            )
        sheet = books[0].worksheets[0]
        rows = _sheet_rows(sheet, limits)
        formulas = _formula_cells(books[1].worksheets[0], rows[-1][0] if rows else 1, limits)
        sheets = len(books[0].worksheets)
    except Exception:  # any failure inside the xlsx parser means a bad upload, never a crash
        res.add(ERROR, "xlsx_unreadable", lang)
        return None
    finally:
        for book in books:
            book.close()
    if sheets > 1:
        res.add(INFO, "xlsx_first_sheet", lang, sheet=shorten(sheet.title))
    if formulas:
        cells = ", ".join(formulas[:5]) + (" …" if len(formulas) > 5 else "")
        res.add(WARNING, "formula_cells", lang, count=number(len(formulas), 0, lang), cells=cells)
    return rows


def _sheet_rows(sheet, limits: Limits) -> Rows:
    rows: Rows = []
    cap = limits.max_rows + HEADER_SCAN + 1
    for n, cells in enumerate(sheet.iter_rows(max_col=limits.max_columns + 1), start=1):
        texts = [_cell_text(c) for c in cells]
        if any(texts):
            rows.append((n, texts))
        if len(rows) > cap or n > 20 * cap:
            break
    return rows


def _formula_cells(sheet, last_row: int, limits: Limits) -> list[str]:
    rows = sheet.iter_rows(max_row=last_row, max_col=limits.max_columns + 1)
    return [c.coordinate for row in rows for c in row if getattr(c, "data_type", "") == "f"]


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        if "%" in str(cell.number_format or ""):
            return number_text(value * 100) + "%"
        return number_text(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
