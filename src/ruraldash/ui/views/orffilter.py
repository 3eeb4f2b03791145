"""The Open Ruimtefonds page's filter row and its province × type table (with exports).

The widgets share their keys and URL parameters with the map page's sidebar filter
(``typologie``, ``type``, ``prov``), so a filter set on the map is the filter here, and back.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.orf import filter as orffilter
from ruraldash.features.orf import view as orfpage
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.ui import sidebar


def bar(atlas: Atlas, sel: Selection) -> Selection:
    """Typology, types and provinces in one row on the page; returns the filtered selection."""
    left, mid, right = st.columns([2, 3, 3])
    return sidebar.filter_widgets(atlas, sel, (left, mid, right))


def _styled(table: pd.DataFrame, decimals: dict[str, int], lang: str):
    formats = {c: (lambda v, d=d: number(v, d, lang)) for c, d in decimals.items()}
    return table.style.format(formats)


def section(
    atlas: Atlas,
    sel: Selection,
    inputs: orfpage.Inputs,
    frames: dict[str, pd.DataFrame],
    keep: pd.Series,
    source: str,
    downloads,
) -> None:
    """The selection's totals in one sentence, and the province × type table with its exports.

    ``downloads(table, source, title, stem, decimals)`` draws the export row (the page's own).
    """
    lang = sel.lang
    st.header(t("orfp_pt_heading", lang))
    what = orffilter.filter_what(sel, lang)
    st.markdown(f"**{html.escape(orffilter.summary(frames, keep, what, lang))}**")
    st.caption(t("orfp_pt_caption", lang))
    group = orffilter.groups(atlas, sel, inputs)
    table = orffilter.province_type_table(inputs, frames, group, keep, lang)
    decimals = orffilter.pt_decimals(lang)
    st.dataframe(_styled(table, decimals, lang), hide_index=True)
    line = f"{source.rstrip('.')}; {typology_note(atlas, sel.border_set, lang, sel.typology)}"
    stem = ["provincie_type", sel.border_set, date.today().isoformat()]
    downloads(table, line, t("orfp_pt_export_title", lang), stem, decimals)
