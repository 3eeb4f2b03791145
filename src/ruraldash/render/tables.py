"""Tables for spreadsheets: CSV (Belgian and international) and XLSX, formula-guarded, with a source line; safe file names."""

from __future__ import annotations

import csv
import html
import io
import math
import re
import unicodedata
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ruraldash.core.cells import neutralise
from ruraldash.core.i18n import t

_CSV_VARIANTS = {"be": (";", ",", "utf-8-sig"), "intl": (",", ".", "utf-8")}


def _is_text_column(series: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
    )


def _csv_text(value: object, decimal: str) -> object:
    """A cell of a text/mixed column: numbers keep the variant's decimal mark, text is neutralised."""
    if isinstance(value, float | np.floating) and math.isfinite(value):
        return repr(float(value)).replace(".", decimal)
    return neutralise(value)


def _source_text(source_line: str, lang: str) -> str:
    return f"{t('exports_source_prefix', lang)}: {' '.join(source_line.split())}"


def table_csv(
    df: pd.DataFrame, variant: str = "be", source_line: str | None = None, *, lang: str = "nl"
) -> bytes:
    """Write a table as CSV bytes.

    Parameters
    ----------
    df : DataFrame
        The table; numeric columns stay numbers, text cells are passed through :func:`neutralise`,
        missing values become empty cells.
    variant : {"be", "intl"}
        ``be``: ``;`` separator, decimal comma, UTF-8 with BOM (Excel with Belgian settings opens
        it straight into columns). ``intl``: ``,`` separator, decimal point, UTF-8 without BOM.
    source_line : str, optional
        Written as the last row, in the first column: ``# Bron: <source_line>``. Excel shows it
        as one text cell under the table (quoted when it holds the separator, so it never spills
        into other columns). pandas reads the table back with ``skipfooter=1, engine="python"``.
    lang : str
        Language of the ``Bron``/``Source`` prefix.
    """
    if variant not in _CSV_VARIANTS:
        raise ValueError(f"unknown CSV variant {variant!r}; use 'be' or 'intl'")
    sep, decimal, encoding = _CSV_VARIANTS[variant]
    out = df.copy()
    for col in out.columns:
        if _is_text_column(out[col]):
            out[col] = out[col].map(lambda v: _csv_text(v, decimal), na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    buffer = io.StringIO()
    out.to_csv(buffer, sep=sep, decimal=decimal, index=False, na_rep="", lineterminator="\r\n")
    if source_line:
        csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerow(
            ["# " + _source_text(source_line, lang)]
        )
    return buffer.getvalue().encode(encoding)


def _xlsx_value(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if not isinstance(value, int | float | bool | datetime | date):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise(value)


def sheet_title(name: str, lang: str = "nl") -> str:
    """Make ``name`` a legal Excel sheet name: no ``[]:*?/\\``, at most 31 characters."""
    clean = re.sub(r"[\[\]:*?/\\]", "-", ILLEGAL_CHARACTERS_RE.sub("", str(name)))
    clean = clean.strip().strip("'").strip()[:31].rstrip("'").strip()
    if not clean or clean.lower() == "history":
        return t("exports_sheet_default", lang)
    return clean


def table_xlsx(
    df: pd.DataFrame,
    sheet_name: str,
    source_line: str | None = None,
    title: str | None = None,
    *,
    lang: str = "nl",
) -> bytes:
    """Write a table as an Excel workbook (one sheet) and return the bytes.

    Layout: an optional bold title row, a bold header row, the data (numbers stay numeric, text is
    neutralised, missing cells stay empty), then an empty row and the source line in italics.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet_name, lang)
    if title:
        ws.append([_xlsx_value(title)])
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append([_xlsx_value(str(c)) for c in df.columns])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False, name=None):
        ws.append([_xlsx_value(v) for v in row])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:200, i - 1]])
        ws.column_dimensions[ws.cell(row=header_row, column=i).column_letter].width = min(
            max(width + 2, 8), 50
        )
    if source_line:
        ws.append([])
        ws.append([_xlsx_value(_source_text(source_line, lang))])
        ws.cell(row=ws.max_row, column=1).font = Font(italic=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _slug(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]*>", " ", str(text)))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.encode("ascii", "replace").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def filename(kind: str, *parts: str, ext: str) -> str:
    """A safe ASCII file name: ``ruraldash_<kind>_<part>_..._<part>.<ext>``, every piece slugified.

    Example: ``filename("kaart", "Bebouwde percelen", "2019", "2026-11-28", ext="csv")`` gives
    ``ruraldash_kaart_bebouwde-percelen_2019_2026-11-28.csv``. Path separators, HTML tags and
    accents are removed; empty pieces are dropped.
    """
    pieces = [s for s in (_slug(p) for p in ("ruraldash", kind, *parts)) if s]
    suffix = re.sub(r"[^a-z0-9]", "", str(ext).lower())[:10]
    return "_".join(pieces) + (f".{suffix}" if suffix else "")
