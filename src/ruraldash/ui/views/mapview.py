"""The map page body: choropleth, legend, side panel of the selected municipality, ranking table."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features import choropleth
from ruraldash.features.selection import Selection
from ruraldash.render import exports, maps
from ruraldash.ui.base import footer, status_badge
from ruraldash.ui.downloads import map_exports
from ruraldash.ui.mapwidget import MAP_KEY, on_map_click, projector_css, search_box, static_url


def legend(view: choropleth.MapView, sel: Selection) -> str:
    """The HTML legend of a map view (escaped by maps.legend_html)."""
    ind = view.indicator
    return maps.legend_html(
        view.classification,
        view.colours,
        view.labels,
        view.counts,
        title=ind.label(sel.lang),
        unit=ind.unit_label(sel.lang),
        selected_value_label=view.selected_label,
        selected_class=view.selected_class,
        missing_count=view.n_missing,
        filtered_count=view.n_filtered,
        lang=sel.lang,
        big=sel.presentation,
    )


def _type_text(value, lang: str) -> str:
    if pd.isna(value):
        return t("type_unknown", lang)
    return t(f"type_{value}", lang)


def side_panel(atlas: Atlas, view: choropleth.MapView, sel: Selection) -> None:
    """Key values of the selected municipality, its type and a link to its profile."""
    lang = sel.lang
    st.markdown(f"**{t('panel_title', lang)}**")
    if not sel.selected or sel.selected not in view.frame.index:
        st.caption(t("panel_hint", lang))
        return
    code, units = sel.selected, atlas.units(sel.border_set)
    row, unit = view.frame.loc[code], units.loc[code]
    lines = [
        f"<div style='font-size:1.4em;font-weight:700'>{html.escape(str(row['name']))}</div>",
        f"{t('panel_nis', lang)}: <b data-testid='rd-selected-nis'>{html.escape(code)}</b>",
        f"{t('panel_type', lang)}: {html.escape(_type_text(unit['type'], lang))}",
        f"{t('panel_province', lang)}: {html.escape(str(unit['province']))}",
    ]
    if "name_2025" in unit and unit["name_2025"] != unit["name"]:
        lines.append(html.escape(t("panel_merged_into", lang, name=unit["name_2025"])))
    st.markdown("<br>".join(lines), unsafe_allow_html=True)
    wide = atlas.wide(sel.border_set)
    for ind in (i for i in atlas.catalogue.values() if i.layer == view.indicator.layer):
        value = wide.at[code, ind.id] if ind.id in wide else None
        shown = (
            view.frame.at[code, "tooltip_value"]
            if ind.id == view.indicator.id
            else _fmt(ind, value, lang)
        )
        badge = status_badge(ind.status, lang) if ind.status != "official" else ""
        st.markdown(
            f"<div style='margin-top:.35em'>{html.escape(ind.label(lang))}{badge}<br>"
            f"<b>{html.escape(shown)}</b></div>",
            unsafe_allow_html=True,
        )
    if st.button(t("panel_profile", lang), key="rd_to_profile", width="stretch"):
        st.switch_page("pages/profiel.py")


def _fmt(ind, value, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("no_data", lang)
    if ind.kind == "ordinal":
        return (ind.category_labels or ind.categories)[int(value)]
    return number(value, ind.decimals, lang, ind.unit_label(lang) or None)


def ranking_table(view: choropleth.MapView, sel: Selection) -> pd.DataFrame:
    """Rank, name, NIS code, type, province, value of the municipalities inside the filter."""
    lang, f = sel.lang, view.frame[view.frame["in_filter"]]
    table = pd.DataFrame(
        {
            t("col_rank", lang): f["rank"],
            t("col_name", lang): f["name"],
            t("col_nis", lang): f.index,
            t("col_type", lang): [_type_text(v, lang) for v in f["group"]]
            if sel.typology == "plattelandsrapport"
            else f["group"],
            t("col_province", lang): f["province"],
            t("col_value", lang): f["value"],
            t("col_note", lang): [
                t("status_approx", lang) if a else (t(f"reason_{r}", lang) if pd.isna(v) else "")
                for v, a, r in zip(f["value"], f["approx"], f["missing_reason"], strict=True)
            ],
        }
    )
    return table.sort_values([t("col_rank", lang), t("col_name", lang)], na_position="last")


def downloads(
    atlas: Atlas, view: choropleth.MapView, sel: Selection, table: pd.DataFrame, m
) -> None:
    """Table (CSV, XLSX), print map (PNG, SVG, PDF), slide and offline HTML: ui.downloads."""
    lang, ind = sel.lang, view.indicator
    source = f"{t('source_label', lang)}: {view.dataset.source_line(lang)}; {t('year_label', lang)} {view.year or ind.year}"

    def page() -> bytes:
        title = f"{ind.label(lang)} ({view.year or ind.year})"
        return maps.standalone_html(m, title, source, legend(view, sel)).encode("utf-8")

    name = exports.filename("kaart", ind.id, sel.border_set, date.today().isoformat(), ext="html")
    map_exports(atlas, view, sel, table, [(t("download_html", lang), page, name, "text/html")])


def render(atlas: Atlas, sel: Selection) -> None:
    """The whole map page body for a selection."""
    view = choropleth.build(atlas, sel)
    ind, lang = view.indicator, sel.lang
    badge = status_badge(ind.status, lang) if ind.status != "official" else ""
    st.markdown(
        f"<h2 style='margin-bottom:0'>{html.escape(ind.label(lang))} "
        f"<span style='font-weight:400;color:#555'>({html.escape(str(view.year or ind.year))})</span>{badge}</h2>",
        unsafe_allow_html=True,
    )
    st.caption(ind.definition(lang))
    left, right = st.columns([3, 1], gap="medium")
    m = maps.build_choropleth(
        atlas.geojson(sel.border_set),
        view.frame,
        selected=sel.selected,
        tiles=bool(st.session_state.get("rd_tiles")),
        static_url=static_url(),
        lang=lang,
    )
    if sel.presentation:
        projector_css(m)
    with left:
        st_folium(
            m,
            key=MAP_KEY,
            height=760 if sel.presentation else 540,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            on_change=on_map_click,
            render=False,
        )
        footer(ind, view.dataset, view.year, lang, view.n_approx)
    with right:
        st.markdown(legend(view, sel), unsafe_allow_html=True)
        search_box(atlas, sel)
        side_panel(atlas, view, sel)
    table = ranking_table(view, sel)
    with st.expander(f"{t('rank_table', lang)} ({len(table)})", expanded=not sel.presentation):
        shown = table.copy()
        shown[t("col_value", lang)] = [_fmt(ind, v, lang) for v in table[t("col_value", lang)]]
        st.dataframe(shown, hide_index=True, width="stretch")
        downloads(atlas, view, sel, table, m)
