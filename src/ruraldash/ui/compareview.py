"""Compare page: the three types side by side, a scatter of two indicators, a bivariate map."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from .. import bivariate, charts, comparison, exports, maps
from ..atlas import Atlas
from ..choropleth import in_filter
from ..fmt import number
from ..i18n import t
from ..selection import Selection
from .base import status_badge
from .mapview import _static_url
from .state import set_selection

NUMERIC_KINDS = ("numeric", "signed")


def _numeric(atlas: Atlas, sel: Selection) -> list[str]:
    facets = set(sel.facets)
    return [
        i.id for i in atlas.catalogue.values()
        if i.kind in NUMERIC_KINDS and (not facets or facets & set(i.facets))
    ]  # fmt: skip


def _type_labels(lang: str) -> dict[str, str]:
    return {k: t(f"type_{k}", lang) for k in ("platteland", "verstedelijkt", "centrumstad")}


def _source(atlas: Atlas, ind_id: str, lang: str) -> str:
    ind = atlas.catalogue[ind_id]
    badge = status_badge(ind.status, lang) if ind.status != "official" else ""
    line = html.escape(f"{t('source_label', lang)}: {atlas.datasets[ind.source].source_line(lang)}")
    return f"<div class='rd-footer'>{html.escape(ind.label(lang))}: {line} {badge}</div>"


@st.cache_data(show_spinner=False, max_entries=16)
def _medians(_atlas: Atlas, border_set: str, ids: tuple[str, ...], lang: str) -> pd.DataFrame:
    wide = _atlas.wide(border_set)[list(ids)]
    return comparison.medians_table(wide, _atlas.units(border_set)["type"], _atlas.catalogue, lang)


def types_section(atlas: Atlas, sel: Selection) -> None:
    """Box/strip plot per type for one indicator and the medians of every indicator per type."""
    lang, bs = sel.lang, sel.border_set
    units, wide = atlas.units(bs), atlas.wide(bs)
    counts = atlas.type_counts(bs)
    st.subheader(t("cmp_types", lang))
    st.caption(t("cmp_types_note", lang, ours=t("counts_fmt", lang, **counts)))
    options = _numeric(atlas, sel)
    ind_id = st.selectbox(t("cmp_indicator", lang), options, key="cmp_box_ind",
                          format_func=lambda i: atlas.catalogue[i].label(lang))  # fmt: skip
    ind = atlas.catalogue[ind_id]
    frame = units[["name", "type"]].assign(value=wide[ind_id])
    fig = charts.type_box(frame, "value", "type", type_labels=_type_labels(lang), unit=ind.unit_label(lang),
                          title=t("cmp_box_title", lang, label=ind.label(lang)), lang=lang,
                          big=sel.presentation)  # fmt: skip
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch")
    st.markdown(_source(atlas, ind_id, lang), unsafe_allow_html=True)
    table = _medians(atlas, bs, tuple(options), lang)
    shown = table.drop(columns=["indicator"]).rename(
        columns={"label": t("cmp_col_indicator", lang), "unit": t("cmp_col_unit", lang)}
        | _type_labels(lang)
    )
    st.markdown(f"**{html.escape(t('cmp_medians', lang))}**")
    st.dataframe(shown, hide_index=True, width="stretch")
    sources = " | ".join(
        sorted({atlas.datasets[atlas.catalogue[i].source].source_line(lang) for i in options})
    )
    a, b = st.columns(2)
    a.download_button(t("download_csv", lang), exports.table_csv(shown, "be", f"{t('source_label', lang)}: {sources}"),
                      exports.filename("types", bs, ext="csv"), "text/csv", key="cmp_csv")  # fmt: skip
    b.download_button(t("download_xlsx", lang), exports.table_xlsx(shown, "types", f"{t('source_label', lang)}: {sources}"),
                      exports.filename("types", bs, ext="xlsx"), key="cmp_xlsx")  # fmt: skip


def _axes(atlas: Atlas, sel: Selection) -> tuple[str, str]:
    options = _numeric(atlas, sel)
    x0 = sel.extra.get("x") if sel.extra.get("x") in options else options[0]
    y0 = sel.extra.get("y") if sel.extra.get("y") in options else options[min(1, len(options) - 1)]
    a, b = st.columns(2)
    fmt = lambda i: atlas.catalogue[i].label(sel.lang)  # noqa: E731
    x = a.selectbox(
        t("cmp_x", sel.lang), options, index=options.index(x0), key="cmp_x", format_func=fmt
    )
    y = b.selectbox(
        t("cmp_y", sel.lang), options, index=options.index(y0), key="cmp_y", format_func=fmt
    )
    return x, y


def scatter_section(atlas: Atlas, sel: Selection) -> Selection:
    """Scatter of two indicators by type with Spearman's rho; a click selects the municipality."""
    lang, bs = sel.lang, sel.border_set
    st.subheader(t("cmp_scatter", lang))
    x, y = _axes(atlas, sel)
    sel = sel.with_(extra=sel.extra | {"x": x, "y": y})
    set_selection(sel)
    units, wide = atlas.units(bs), atlas.wide(bs)
    frame = units[["name", "type"]].assign(x=wide[x], y=wide[y])
    cx, cy = atlas.catalogue[x], atlas.catalogue[y]
    fig = charts.scatter(frame, "x", "y", "type", type_labels=_type_labels(lang),
                         x_label=f"{cx.label(lang)} ({cx.unit_label(lang)})",
                         y_label=f"{cy.label(lang)} ({cy.unit_label(lang)})",
                         highlight=sel.selected, lang=lang, big=sel.presentation)  # fmt: skip
    st.caption(t("cmp_scatter_hint", lang))
    event = st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch", key="cmp_scatter",
                            on_select="rerun", selection_mode="points")  # fmt: skip
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    if points and points[0].get("customdata"):
        code = str(points[0]["customdata"][0])
        if code in units.index and code != sel.selected:
            sel = sel.with_(selected=code)
            set_selection(sel)
    if sel.selected in units.index:
        st.markdown(
            html.escape(
                t("cmp_selected", lang, name=units.at[sel.selected, "name"], code=sel.selected)
            )
        )
        if st.button(t("panel_profile", lang), key="cmp_to_profile"):
            st.switch_page("pages/profiel.py")
    st.markdown(_source(atlas, x, lang) + _source(atlas, y, lang), unsafe_allow_html=True)
    return sel


def bivariate_section(atlas: Atlas, sel: Selection) -> None:
    """A 3 × 3 bivariate choropleth of the scatter's two indicators, with its 2-D legend."""
    lang, bs = sel.lang, sel.border_set
    x, y = sel.extra["x"], sel.extra["y"]
    st.subheader(t("cmp_bivariate", lang))
    units, wide = atlas.units(bs), atlas.wide(bs)
    keep = in_filter(atlas, sel)
    result = bivariate.bivariate_classes(wide[x].where(keep), wide[y].where(keep))
    cx, cy = atlas.catalogue[x], atlas.catalogue[y]

    def both(code: str) -> str:
        vx = number(wide.at[code, x], cx.decimals, lang, cx.unit_label(lang) or None)
        vy = number(wide.at[code, y], cy.decimals, lang, cy.unit_label(lang) or None)
        return t("cmp_tooltip_both", lang, x=vx, y=vy)

    frame = pd.DataFrame({
        "name": units["name"], "colour": bivariate.colours(result).reindex(units.index),
        "tooltip_value": [both(c) for c in units.index], "rank_text": "", "in_filter": keep,
    })  # fmt: skip
    left, right = st.columns([3, 1])
    with left:
        m = maps.build_choropleth(atlas.geojson(bs), frame, selected=sel.selected,
                                  static_url=_static_url(), lang=lang)  # fmt: skip
        st_folium(
            m, key="cmp_bivariate_map", height=520, use_container_width=True, returned_objects=[]
        )
    with right:
        st.markdown(bivariate.legend_html(result, cx.label(lang), cy.label(lang), lang, big=sel.presentation),
                    unsafe_allow_html=True)  # fmt: skip
        st.caption(t("cmp_bivariate_help", lang))
    st.markdown(_source(atlas, x, lang) + _source(atlas, y, lang), unsafe_allow_html=True)


def render(atlas: Atlas, sel: Selection) -> Selection:
    """The compare page body; returns the selection with the scatter axes for the URL."""
    types_section(atlas, sel)
    sel = scatter_section(atlas, sel)
    bivariate_section(atlas, sel)
    return sel
