"""Download rows: tables (Belgian CSV, international CSV, XLSX) and maps (print map, slide).

Every file is built only when its button is clicked (callables with ``on_click="ignore"``), so a
filter change does not pay for exports nobody asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features import printview
from ruraldash.features.maps import MapLayer
from ruraldash.features.selection import Selection
from ruraldash.render import exports, printmap, slides
from ruraldash.ui.sharelink import copy_button
from ruraldash.ui.state import share_url

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
Item = tuple[str, Callable[[], bytes], str, str]
"""(button label, make the bytes, file name, mime type)."""


def table_items(
    table: pd.DataFrame,
    *,
    source: str,
    sheet: str,
    title: str,
    stem: list[str],
    lang: str,
    decimals: dict[str, int] | None = None,
    units: dict[str, str] | None = None,
    meta: list[tuple[str, str]] | None = None,
) -> list[Item]:
    """The three standard exports of ``table``, each carrying ``source`` as its last line.

    ``decimals`` rounds columns (CSV and XLSX) and sets the XLSX number format; ``units`` goes
    into the XLSX headers; ``meta`` becomes the XLSX sheet "Over deze tabel".
    """
    return [
        (
            t("download_csv", lang),
            lambda: exports.table_csv(table, "be", source, lang=lang, decimals=decimals),
            exports.filename(*stem, ext="csv", lang=lang),
            "text/csv",
        ),
        (
            t("download_csv_intl", lang),
            lambda: exports.table_csv(table, "intl", source, lang=lang, decimals=decimals),
            exports.filename(*stem, "intl", ext="csv", lang=lang),
            "text/csv",
        ),
        (
            t("download_xlsx", lang),
            lambda: exports.table_xlsx(
                table,
                sheet,
                source,
                title=title,
                lang=lang,
                decimals=decimals,
                units=units,
                meta=meta,
            ),
            exports.filename(*stem, ext="xlsx", lang=lang),
            XLSX_MIME,
        ),
    ]


def download_row(items: list[Item], prefix: str) -> None:
    """Download buttons in one row; the bytes are made only when a button is clicked."""
    cols = st.columns(len(items))
    for n, (label, make, name, mime) in enumerate(items):
        cols[n].download_button(label, make, name, mime, key=f"{prefix}_{n}", on_click="ignore")


def print_items(
    shapes,
    spec: printmap.PrintSpec | Callable[[], printmap.PrintSpec],
    slide: Callable[[bytes], slides.SlideSpec],
    stem: list[str],
    lang: str,
) -> list[Item]:
    """Print map as PNG, SVG and PDF, and the slide (PowerPoint), built on click (``spec`` may be
    a function, so that a rerun does not even compute the print layout)."""
    get = spec if callable(spec) else (lambda: spec)
    items: list[Item] = [
        (
            t(f"px_download_print_{fmt}", lang),
            lambda fmt=fmt: printmap.render(shapes, get(), fmt),
            exports.filename(*stem, "drukkaart", ext=fmt, lang=lang),
            printmap.FORMATS[fmt],
        )
        for fmt in ("png", "svg", "pdf")
    ]
    items.append(
        (
            t("px_download_pptx", lang),
            lambda: slides.deck([slide(printmap.render(shapes, get(), "png", bare=True))]),
            exports.filename(*stem, "dia", ext="pptx", lang=lang),
            PPTX_MIME,
        )
    )
    return items


def _map_decimals(table: pd.DataFrame, view: MapLayer, lang: str) -> dict[str, int]:
    """The value column at the indicator's decimals, every other numeric column (ranks) whole."""
    value_col = t("col_value", lang)
    return {
        str(c): (view.indicator.decimals if c == value_col else 0)
        for c in table.columns
        if pd.api.types.is_numeric_dtype(table[c]) and view.indicator.kind != "ordinal"
    }


def map_table_exports(atlas: Atlas, view: MapLayer, sel: Selection, table: pd.DataFrame) -> None:
    """The ranking table's downloads: CSV (Belgian, international) and XLSX with a metadata sheet."""
    lang, ind = sel.lang, view.indicator
    stem = ["kaart", exports.label_slug(ind.label(lang)), sel.border_set, date.today().isoformat()]
    units = {t("col_value", lang): ind.unit_label(lang)} if ind.unit_label(lang) else {}
    tables = table_items(
        table,
        source=printview.map_source(view, lang),
        sheet=ind.label(lang),
        title=f"{ind.label(lang)} ({view.year})",
        stem=stem,
        lang=lang,
        decimals=_map_decimals(table, view, lang),
        units=units,
        meta=printview.map_meta(atlas, view, sel, share_url(sel), units),
    )
    download_row(tables, "rd_map_tbl")


ORF_DECIMALS = {"amount": 0, "key": 3, "per_inhabitant": 2, "per_ha": 2, "diff": 0}


def orf_exports(
    atlas: Atlas,
    sel: Selection,
    m: MapLayer,
    *,
    view: str,
) -> None:
    """The Open Ruimtefonds map's print map (PNG, SVG, PDF) and slide of a view's layer."""
    stem = ["openruimtefonds", view, sel.border_set, date.today().isoformat()]
    spec = printview.orf_spec(atlas, m, sel)
    shapes = printview.shapes(atlas, sel.border_set)
    slide = lambda png: printview.orf_slide(atlas, m, sel, png)  # noqa: E731
    download_row(print_items(shapes, spec, slide, stem, sel.lang), "rd_orf_print")
    copy_button(sel.lang, key="rd_orf_copy_link")
