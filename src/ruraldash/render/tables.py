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
from openpyxl.styles import Alignment, Font

from ruraldash.core.cells import neutralise
from ruraldash.core.i18n import t
from ruraldash.core.locale import label

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
    """``Bron: <line>``, once: a line that already starts with a source prefix keeps only that one."""
    text = " ".join(source_line.split())
    for prefix in {t("exports_source_prefix", code) for code in ("nl", "en")}:
        while text.lower().startswith(prefix.lower() + ":"):
            text = text[len(prefix) + 1 :].lstrip()
    return f"{t('exports_source_prefix', lang)}: {text}"


def rounded(df: pd.DataFrame, decimals: dict[str, int] | None) -> pd.DataFrame:
    """A copy with the given numeric columns rounded (0 decimals: nullable integers, no ``93,0``)."""
    out = df.copy()
    for col, d in (decimals or {}).items():
        if col not in out or not pd.api.types.is_numeric_dtype(out[col]):
            continue
        values = pd.to_numeric(out[col], errors="coerce").astype(float).round(d)
        out[col] = values.astype("Int64") if d == 0 else values
    return out


def number_format(decimals: int) -> str:
    """Excel number format with thousands grouping (shown with the reader's own separators)."""
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def table_csv(
    df: pd.DataFrame,
    variant: str = "be",
    source_line: str | None = None,
    *,
    lang: str = "nl",
    decimals: dict[str, int] | None = None,
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
    decimals : dict, optional
        Column -> decimals: values are rounded (0 gives whole numbers: ranks read ``93``).
    """
    if variant not in _CSV_VARIANTS:
        raise ValueError(f"unknown CSV variant {variant!r}; use 'be' or 'intl'")
    sep, decimal, encoding = _CSV_VARIANTS[variant]
    out = rounded(df, decimals)
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
    """Make ``name`` a legal Excel sheet name: no ``[]:*?/\\``, at most 31 characters, cut
    between words (never mid-word) when it is longer."""
    clean = re.sub(r"[\[\]:*?/\\]", "-", ILLEGAL_CHARACTERS_RE.sub("", str(name)))
    clean = clean.strip().strip("'").strip()
    if len(clean) > 31:
        cut = clean[:32].rsplit(" ", 1)[0] if " " in clean[:32] else clean[:31]
        clean = cut[:31].rstrip(" -,;:(").strip()
    clean = clean.rstrip("'").strip()
    if not clean or clean.lower() == "history":
        return t("exports_sheet_default", lang)
    return clean


def _header(col: object, units: dict[str, str] | None) -> str:
    unit = (units or {}).get(str(col), "")
    return f"{col} ({unit})" if unit and f"({unit})" not in str(col) else str(col)


def _meta_sheet(wb: Workbook, meta: list[tuple[str, str]], lang: str) -> None:
    """A second sheet with what the numbers are: definition, source, year, status, filter, link."""
    ws = wb.create_sheet(sheet_title(t("px_meta_sheet", lang), lang))
    ws.append([t("px_meta_field", lang), t("px_meta_value", lang)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for key, value in meta:
        ws.append([_xlsx_value(key), _xlsx_value(value)])
        ws.cell(row=ws.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(vertical="top")
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100


def table_xlsx(
    df: pd.DataFrame,
    sheet_name: str,
    source_line: str | None = None,
    title: str | None = None,
    *,
    lang: str = "nl",
    decimals: dict[str, int] | None = None,
    units: dict[str, str] | None = None,
    meta: list[tuple[str, str]] | None = None,
) -> bytes:
    """Write a table as an Excel workbook and return the bytes.

    Layout: an optional bold title row, a bold header row (``column (unit)`` where ``units``
    names one), the data (numbers stay numeric, text is neutralised, missing cells stay empty),
    then an empty row and the source line in italics. ``decimals`` rounds a column and puts the
    matching number format in its cells (``#,##0.0``: still a number, shown with the reader's
    separators). ``meta`` adds a second sheet of (field, content) rows.
    """
    df = rounded(df, decimals)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet_name, lang)
    if title:
        ws.append([_xlsx_value(title)])
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append([_xlsx_value(_header(c, units)) for c in df.columns])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False, name=None):
        ws.append([_xlsx_value(v) for v in row])
    for i, col in enumerate(df.columns, start=1):
        if str(col) in (decimals or {}):
            fmt = number_format(decimals[str(col)])
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=i, max_col=i):
                cell.number_format = fmt
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for i, col in enumerate(df.columns, start=1):
        col = _header(col, units)
        width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:200, i - 1]])
        ws.column_dimensions[ws.cell(row=header_row, column=i).column_letter].width = min(
            max(width + 2, 8), 50
        )
    if source_line:
        ws.append([])
        ws.append([_xlsx_value(_source_text(source_line, lang))])
        ws.cell(row=ws.max_row, column=1).font = Font(italic=True)
    if meta:
        _meta_sheet(wb, meta, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _slug(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]*>", " ", str(text)))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.encode("ascii", "replace").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def filename(kind: str, *parts: str, ext: str, lang: str = "nl") -> str:
    """A safe ASCII file name: ``ruraldash_<kind>_<part>_..._<part>.<ext>``, every piece slugified.

    Example: ``filename("kaart", "Bebouwde percelen", "2019", "2026-11-28", ext="csv")`` gives
    ``ruraldash_kaart_bebouwde-percelen_2019_2026-11-28.csv``. Path separators, HTML tags and
    accents are removed; empty pieces are dropped. The app's own words (``kaart``, ``drukkaart``,
    ``dia`` …: the ``fn_*`` strings of the locales) are said in ``lang`` (``map``, ``print-map``,
    ``slide`` in English); names and dates stay as they are.
    """
    slugs = (_slug(p) for p in ("ruraldash", kind, *parts))
    pieces = [_word(s, lang) for s in slugs if s]
    suffix = re.sub(r"[^a-z0-9]", "", str(ext).lower())[:10]
    return "_".join(pieces) + (f".{suffix}" if suffix else "")


def _word(piece: str, lang: str) -> str:
    key = f"fn_{piece.replace('-', '_')}"
    return _slug(label(key, lang, default=piece)) or piece


LABEL_SLUG_MAX = 40


def label_slug(text: str) -> str:
    """A short file-name piece from a label: ``Bebouwde percelen (aandeel oppervlakte)`` gives
    ``bebouwde-percelen`` (the bracketed part left out, ``1.000`` read as ``1000``, at most
    40 characters, cut between words)."""
    short = re.sub(r"\([^()]*\)", " ", str(text))
    short = re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", short)
    slug = _slug(short) or _slug(text)
    if len(slug) <= LABEL_SLUG_MAX:
        return slug
    cut = slug[: LABEL_SLUG_MAX + 1].rsplit("-", 1)[0]
    return cut or slug[:LABEL_SLUG_MAX]
