"""The Plattelandstoets's pictures: Lorenz curve, need-vs-allocation scatter, the map of the amount
per inhabitant (the one map stack: ``features.maps.map_layer`` and ``ui.mapsection``)."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features import compare as comparison
from ruraldash.features.selection import Selection
from ruraldash.features.toets import report, words
from ruraldash.features.toets.screen import Screen
from ruraldash.render import charts
from ruraldash.render.charts.fairness import lorenz_chart
from ruraldash.ui import mapsection
from ruraldash.ui.views.uploadreport import md_text

MAP_KEY = "rd_toets_map"
NEED_DEFAULT = "distance_service_centre"


def _labels(screen: Screen, lang: str) -> dict[str, str]:
    return {str(g): words.group_label(g, lang) for g in screen.table.index}


def lorenz(screen: Screen, footer: str, lang: str) -> None:
    """The Lorenz curve coloured by type, with Gini, concentration index and the named deciles."""
    st.header(t("toets_h_lorenz", lang))
    ctx = screen.context
    fig = lorenz_chart(
        screen.curve, ctx.groups, ctx.names, group_labels=_labels(screen, lang),
        title=t("toets_lorenz_title", lang, gini=number(screen.gini, 3, lang)),
        x_label=t("toets_lorenz_x", lang), y_label=t("toets_lorenz_y", lang),
        equality_label=t("toets_lorenz_equal", lang), lang=lang,
    )  # fmt: skip
    left, right = st.columns([3, 2], gap="medium")
    left.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch", key="toets_lorenz")
    conc = screen.concentration
    rows = pd.DataFrame(
        {t("toets_col_type", lang): [words.group_label(k, lang) for k in conc],
         t("toets_col_conc", lang): [number(v, 2, lang) for v in conc.values()]}
    )  # fmt: skip
    right.markdown(t("toets_gini_explained", lang, gini=number(screen.gini, 3, lang)))
    right.dataframe(rows, hide_index=True)
    right.caption(t("toets_conc_explained", lang))
    top, bottom = words.deciles_text(screen, lang)
    st.markdown(
        f"**{t('toets_top', lang, unit=words.per_unit(screen, lang))}** {md(top)}\n\n**{t('toets_bottom', lang)}** {md(bottom)}"
    )
    st.markdown(f"<div class='rd-footer'>{html.escape(footer)}</div>", unsafe_allow_html=True)


def md(text: str) -> str:
    """Plain text for Markdown (HTML escaped, markup characters inert): the upload page's rule."""
    return md_text(text)


def need_scatter(atlas: Atlas, screen: Screen, sel: Selection) -> None:
    """Amount per inhabitant against a need indicator the user picks, with Spearman's rho in words."""
    lang = sel.lang
    st.header(t("toets_h_need", lang))
    options = comparison.numeric_ids(atlas.catalogue)
    index = options.index(NEED_DEFAULT) if NEED_DEFAULT in options else 0
    need = st.selectbox(t("toets_need", lang), options, index=index, key="w_toets_need",
                        format_func=lambda i: atlas.catalogue[i].label(lang), placeholder=t("sb_choose", lang))  # fmt: skip
    ind = atlas.catalogue[need]
    x = pd.to_numeric(atlas.values(need, sel.border_set)["value"], errors="coerce").reindex(
        screen.scope
    )
    y = words.shown_per(screen)
    frame = pd.DataFrame({"name": screen.context.names.reindex(screen.scope), "x": x, "y": y,
                          "type": screen.context.rural_types.reindex(screen.scope)})  # fmt: skip
    y_label = words.per_unit(screen, lang)
    x_label = (
        f"{ind.label(lang)} ({ind.unit_label(lang)})" if ind.unit_label(lang) else ind.label(lang)
    )
    fig = charts.scatter(frame, "x", "y", "type", type_labels=_labels(screen, lang) | {
        "platteland": words.group_label("platteland", lang), "verstedelijkt": words.group_label("verstedelijkt", lang),
        "centrumstad": words.group_label("centrumstad", lang)}, x_label=x_label, y_label=y_label, lang=lang)  # fmt: skip
    st.plotly_chart(
        charts.plain_numbers(fig),
        config=charts.PLOTLY_CONFIG,
        width="stretch",
        key="toets_need_chart",
    )
    rho, n = charts.spearman(x, y)
    st.markdown(f"**{md(words.correlation_sentence(rho, n, ind.label(lang), lang))}**")
    ds = atlas.datasets[ind.source]
    st.markdown(
        f"<div class='rd-footer'>{html.escape(t('source_label', lang))}: {html.escape(ds.source_line(lang))} · "
        f"{html.escape(t('status_' + ind.status, lang))} · {html.escape(screen.allocation.source)}</div>",
        unsafe_allow_html=True,
    )


def map_section(atlas: Atlas, screen: Screen, sel: Selection, footer: str) -> None:
    """The map of the amount per inhabitant: the one map section (map, legend, search, exports)."""
    lang = sel.lang
    layer = report.map_layer(atlas, screen, sel, lang)
    st.header(md(layer.title))
    mapsection.map_section(
        atlas,
        layer,
        sel,
        key=MAP_KEY,
        exports_key="rd_toets_map_dl",
        stem=("plattelandstoets", "kaart"),
    )
    st.markdown(f"<div class='rd-footer'>{html.escape(footer)}</div>", unsafe_allow_html=True)
