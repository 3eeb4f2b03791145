"""One row of download buttons for a table: Belgian CSV, international CSV, XLSX (built on click)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.render import exports

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Item = tuple[str, Callable[[], bytes], str, str]
"""(button label, make the bytes, file name, mime type)."""


def table_items(
    table: pd.DataFrame, *, source: str, sheet: str, title: str, stem: list[str], lang: str
) -> list[Item]:
    """The three standard exports of ``table``, each carrying ``source`` as its last line."""
    return [
        (
            t("download_csv", lang),
            lambda: exports.table_csv(table, "be", source, lang=lang),
            exports.filename(*stem, ext="csv"),
            "text/csv",
        ),
        (
            t("download_csv_intl", lang),
            lambda: exports.table_csv(table, "intl", source, lang=lang),
            exports.filename(*stem, "intl", ext="csv"),
            "text/csv",
        ),
        (
            t("download_xlsx", lang),
            lambda: exports.table_xlsx(table, sheet, source, title=title, lang=lang),
            exports.filename(*stem, ext="xlsx"),
            XLSX_MIME,
        ),
    ]


def download_row(items: list[Item], prefix: str) -> None:
    """Download buttons in one row; the bytes are made only when a button is clicked."""
    cols = st.columns(len(items))
    for n, (label, make, name, mime) in enumerate(items):
        cols[n].download_button(label, make, name, mime, key=f"{prefix}_{n}", on_click="ignore")
