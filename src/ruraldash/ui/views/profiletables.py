"""Profile page tables: every indicator, one table per facet, with rank, percentile and medians."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.features.profile.table import no_unit, short_values
from ruraldash.ui.base import STATUS_COLOURS


def _status_style(column: pd.Series, codes: pd.Series) -> list[str]:
    return [
        f"background-color:{STATUS_COLOURS.get(c, '#555')};color:#fff;font-weight:600"
        if c != "official"
        else ""
        for c in codes.reindex(column.index)
    ]


COLUMNS = (
    ("pf_col_indicator", "label"),
    ("pf_col_value", "value_text"),
    ("pf_col_year", "year"),
    ("pf_col_status", "status"),
    ("pf_short_rank", "rank_text"),
    ("pf_short_pct", "percentile_text"),
    ("pf_short_flanders", "median_flanders_text"),
    ("pf_short_type", "median_type_text"),
    ("pf_short_province", "median_province_text"),
    ("pf_short_peers", "median_peers_text"),
)
"""Shown columns: header key and profile-table column (medians under short names, see help)."""
HELP = {
    "pf_short_rank": "pf_col_rank",
    "pf_short_pct": "pf_col_pct",
    "pf_short_flanders": "pf_col_flanders",
    "pf_short_type": "pf_col_type",
    "pf_short_province": "pf_col_province",
    "pf_short_peers": "pf_col_peers",
}


def shown(part: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """One facet's rows as the page shows them (text in the UI language, Belgian numbers), and
    the notes under the table: reasons of missing values, the meaning of a class code."""
    out = pd.DataFrame({t(key, lang): list(part[col]) for key, col in COLUMNS}, index=part.index)
    values, notes = short_values(part, lang)
    ordinal = part[(part["kind"] == "ordinal") & (part["class_code"] != "")]
    pairs = zip(ordinal["label"], ordinal["value_text"], strict=True)
    notes += [f"{label}: {text}" for label, text in pairs]
    out[t("pf_col_value", lang)] = values
    for key, col in COLUMNS:  # the unit stands once, in the value column: narrower medians
        if col.startswith("median_"):
            pairs = zip(part[col], part["unit"], strict=True)
            out[t(key, lang)] = [no_unit(text, unit) for text, unit in pairs]
    out[t("pf_col_status", lang)] = [
        t(f"status_{s}", lang) + (" · ≈" if a else "")
        for s, a in zip(part["status"], part["approx"], strict=True)
    ]
    return out, notes


WIDTHS = {
    "pf_col_indicator": 236,
    "pf_col_value": 108,
    "pf_col_year": 50,
    "pf_col_status": 92,
    "pf_short_rank": 66,
    "pf_short_pct": 48,
}
"""Column widths (px) that fit all ten columns in the page at 1366 px wide with the sidebar open
(about 900 px of table); the four medians get :data:`MEDIAN_WIDTH` each."""
MEDIAN_WIDTH = 70


def _column_config(lang: str) -> dict:
    config = {
        t(k, lang): st.column_config.TextColumn(help=t(v, lang), width=MEDIAN_WIDTH)
        for k, v in HELP.items()
    }
    for key in ("pf_short_rank", "pf_short_pct"):
        config[t(key, lang)] = st.column_config.TextColumn(
            help=t(HELP[key], lang), width=WIDTHS[key]
        )
    # the indicator stays in view when a narrow screen scrolls the table sideways
    config[t("pf_col_indicator", lang)] = st.column_config.TextColumn(
        width=WIDTHS["pf_col_indicator"], pinned=True
    )
    for key in ("pf_col_value", "pf_col_year", "pf_col_status"):
        config[t(key, lang)] = st.column_config.TextColumn(width=WIDTHS[key])
    return config


def render(data: pd.DataFrame, lang: str) -> None:
    """Every indicator, one table per facet group (headings with the facet names)."""
    st.header(t("pf_indicators", lang))
    st.caption(t("pf_indicators_note", lang))
    config = _column_config(lang)
    for _, part in data.groupby("group", sort=True):
        st.markdown(f"**{html.escape(part['facet_title'].iloc[0])}**")
        frame, notes = shown(part, lang)
        styled = frame.style.apply(
            _status_style, codes=part["status"], subset=[t("pf_col_status", lang)]
        )
        st.dataframe(
            styled,
            hide_index=True,
            width="stretch",
            column_config=config,
            height=38 + 35 * len(frame),
        )
        if notes:
            st.caption("  \n".join(notes))
