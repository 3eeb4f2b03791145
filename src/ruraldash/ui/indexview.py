"""Composite index page: pick indicators and weights, see the index as a map and a ranking, its
method, and how sensitive each municipality's rank is to the weights. Labelled as a model."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from .. import charts, classify, exports, index, maps
from ..atlas import Atlas
from ..fmt import number
from ..i18n import t
from ..selection import Selection
from .base import status_badge
from .mapview import _static_url
from .state import set_selection

MODEL_STATUS = "model"  # badge key (ui.base.STATUS_COLOURS), not shown text
DEFAULT = ("landtake_proxy", "survey_shops", "survey_public_transport", "distance_service_centre")


def _parse(atlas: Atlas, sel: Selection) -> tuple[list[str], dict[str, float], bool]:
    """Indicators and weights from the URL (``inds``, ``gewichten``); bad parts dropped."""
    ok_ids = {i.id for i in atlas.catalogue.values() if i.kind != "ordinal"}
    raw_ids = [p for p in sel.extra.get("inds", "").split(",") if p]
    raw_w = [p for p in sel.extra.get("gewichten", "").split(",") if p]
    ids = [i for i in raw_ids if i in ok_ids]
    weights = {}
    for pos, ind in enumerate(ids):
        try:
            weights[ind] = min(max(float(raw_w[pos]), 0.0), 10.0)
        except (IndexError, ValueError):
            weights[ind] = 1.0
    bad = len(ids) != len(raw_ids) or (raw_w and len(raw_w) != len(raw_ids))
    return ids or list(DEFAULT), weights, bool(bad)


def controls(atlas: Atlas, sel: Selection) -> tuple[dict, dict, str, str, Selection]:
    """Sidebar: indicators, weights, directions, normalisation, missing-value rule (kept in the URL)."""
    lang, sb = sel.lang, st.sidebar
    ids, weights, bad = _parse(atlas, sel)
    if bad:
        st.toast(t("idx_bad_param", lang))
    options = [
        i.id
        for i in sorted(atlas.catalogue.values(), key=lambda i: min(i.facets))
        if i.kind != "ordinal"
    ]
    chosen = sb.multiselect(t("idx_indicators", lang), options, default=ids, key="idx_inds",
                            format_func=lambda i: f"{min(atlas.catalogue[i].facets)} · {atlas.catalogue[i].label(lang)}")  # fmt: skip
    w, d = {}, {}
    for ind_id in chosen:
        ind = atlas.catalogue[ind_id]
        w[ind_id] = sb.slider(t("idx_weight", lang, label=ind.label(lang)), 0.0, 10.0,
                              float(weights.get(ind_id, 1.0)), 0.5, key=f"idx_w_{ind_id}")  # fmt: skip
        if ind.polarity == "neutral":
            d[ind_id] = sb.radio(t("idx_direction", lang, label=ind.label(lang)), [1, -1], key=f"idx_d_{ind_id}",
                                 format_func=lambda v: t("idx_dir_up" if v == 1 else "idx_dir_down", lang))  # fmt: skip
        else:
            d[ind_id] = 1 if ind.polarity == "higher_better" else -1
    method = sb.radio(t("idx_method", lang), ["minmax", "zscore"], key="idx_method",
                      format_func=lambda m: t(f"idx_{m}", lang))  # fmt: skip
    missing = sb.radio(t("idx_missing", lang), ["renormalise", "exclude"], key="idx_missing",
                       format_func=lambda m: t(f"idx_{m}", lang))  # fmt: skip
    extra = sel.extra | {
        "inds": ",".join(chosen),
        "gewichten": ",".join(f"{w[i]:g}" for i in chosen),
    }
    sel = sel.with_(extra=extra)
    set_selection(sel)
    return w, d, method, missing, sel


@st.cache_data(show_spinner=False, max_entries=32)
def _compute(_atlas: Atlas, bs: str, weights: tuple, directions: tuple, method: str, missing: str):
    data = _atlas.wide(bs)[[k for k, _ in weights]].astype(float)
    w, d = dict(weights), dict(directions)
    result = index.composite_index(data, w, d, method, missing)
    ranges = index.rank_range(data, w, d, method, missing)
    return result, ranges


def render(
    atlas: Atlas, sel: Selection, weights: dict, directions: dict, method: str, missing: str
) -> None:
    """The index page body."""
    lang, bs = sel.lang, sel.border_set
    st.markdown(
        f"{status_badge(MODEL_STATUS, lang)} {html.escape(t('idx_model_note', lang))}",
        unsafe_allow_html=True,
    )
    if not weights or not any(v > 0 for v in weights.values()):
        st.info(t("idx_pick", lang))
        return
    try:
        result, ranges = _compute(
            atlas, bs, tuple(weights.items()), tuple(directions.items()), method, missing
        )
    except ValueError as exc:
        st.warning(str(exc))
        return
    labels = {i: atlas.catalogue[i].label(lang) for i in weights}
    units = atlas.units(bs)
    score = result.score.reindex(units.index)
    cl = classify.classify(score, "quantiles", 5)
    pal = classify.palette(cl.k, "higher_better")
    colours = classify.colours_for(cl, pal)
    n = int(score.notna().sum())
    frame = pd.DataFrame({
        "name": units["name"], "colour": colours.reindex(units.index),
        "tooltip_value": [number(v, 1, lang) if pd.notna(v) else t("no_data", lang) for v in score],
        "rank_text": [f"{int(r)} / {n}" if pd.notna(r) else "" for r in result.rank.reindex(units.index)],
        "in_filter": True,
    })  # fmt: skip
    left, right = st.columns([3, 1])
    with left:
        m = maps.build_choropleth(
            atlas.geojson(bs), frame, selected=sel.selected, static_url=_static_url(), lang=lang
        )
        st_folium(m, key="idx_map", height=520, use_container_width=True, returned_objects=[])
    with right:
        ranges_lbl = [f"{number(lo, 1, lang)} – {number(hi, 1, lang)}" for lo, hi in cl.bounds]
        st.markdown(maps.legend_html(cl, pal, ranges_lbl, list(cl.counts), title=t("idx_score", lang), unit="",
                                     missing_count=cl.n_missing, lang=lang, big=sel.presentation),
                    unsafe_allow_html=True)  # fmt: skip
    st.subheader(t("idx_method_title", lang))
    st.write(result.method_text(lang, labels))
    method_df = index.method_table(result, labels, lang)
    st.dataframe(method_df, hide_index=True, width="stretch")
    ranking(atlas, sel, result, labels, method_df)
    st.subheader(t("idx_sensitivity", lang))
    st.caption(t("idx_sensitivity_help", lang))
    fig = charts.rank_shift_chart(ranges, units["name"], top=20, lang=lang, big=sel.presentation)
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch")


def ranking(atlas: Atlas, sel: Selection, result, labels: dict, method_df: pd.DataFrame) -> None:
    """Ranking table with exports (scores + method), and the sources of every component."""
    lang, bs = sel.lang, sel.border_set
    units = atlas.units(bs)
    table = pd.DataFrame({
        t("col_rank", lang): result.rank.reindex(units.index), t("col_name", lang): units["name"],
        t("col_nis", lang): units.index, t("idx_score", lang): result.score.reindex(units.index).round(2),
    }).sort_values(t("col_rank", lang), na_position="last")  # fmt: skip
    st.subheader(t("idx_ranking", lang))
    st.dataframe(table, hide_index=True, width="stretch")
    sources = sorted({atlas.datasets[atlas.catalogue[i].source].source_line(lang) for i in labels})
    line = (
        f"{t('idx_model', lang)}: {result.method_text(lang, labels)} {t('source_label', lang)}: "
        + " | ".join(sources)
    )
    stem = ["index", bs, date.today().isoformat()]
    a, b = st.columns(2)
    a.download_button(t("download_csv", lang), exports.table_csv(table, "be", line), exports.filename(*stem, ext="csv"),
                      "text/csv", key="idx_csv")  # fmt: skip
    b.download_button(t("download_xlsx", lang), exports.table_xlsx(pd.concat([table, method_df], axis=1), "index", line),
                      exports.filename(*stem, ext="xlsx"), key="idx_xlsx")  # fmt: skip
    with st.expander(t("idx_components", lang)):
        for i in labels:
            ind = atlas.catalogue[i]
            st.markdown(f"- {html.escape(ind.label(lang))} ({html.escape(ind.year)}): "
                        f"{html.escape(atlas.datasets[ind.source].source_line(lang))} {status_badge(ind.status, lang)}",
                        unsafe_allow_html=True)  # fmt: skip
