"""The map page body: choropleth, legend, side panel of the selected municipality, ranking table."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import type_label
from ruraldash.data.atlas import Atlas
from ruraldash.features import choropleth
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.render import exports, maplayer, maps
from ruraldash.ui import mapwidget
from ruraldash.ui.base import footer, status_badge
from ruraldash.ui.downloads import map_exports, map_table_exports
from ruraldash.ui.mapwidget import search_box

ZOOM_KEY = "rd_zoom_selected"
TABLE_KEY = "rd_rank_table"
EXPORTS_KEY = "rd_map_exports"


def legend(view: choropleth.MapView, sel: Selection) -> str:
    """The HTML legend of a map view (escaped by maps.legend_html)."""
    ind = view.indicator
    colours = maplayer.contrast_palette(view.colours) if sel.contrast else view.colours
    return maps.legend_html(
        view.classification,
        colours,
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
    return type_label(None if pd.isna(value) else value, lang)


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
    if row["rank_text"]:
        lines.append(f"{t('col_rank', lang)}: <b>{html.escape(str(row['rank_text']))}</b>")
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
    filtered = not bool(view.frame["in_filter"].all())
    table = pd.DataFrame(
        {
            t("col_rank_selection" if filtered else "col_rank", lang): f["rank"],
            t("col_name", lang): f["name"],
            t("col_nis", lang): f.index,
            t("col_type", lang): [_type_text(v, lang) for v in f["group"]]
            if sel.typology.startswith("plattelandsrapport")
            else f["group"],
            t("col_province", lang): f["province"],
            t("col_value", lang): f["value"],
            **({t("col_rank_flanders", lang): f["rank_vl"]} if filtered else {}),
            t("col_note", lang): [
                t("status_approx", lang) if a else (t(f"reason_{r}", lang) if pd.isna(v) else "")
                for v, a, r in zip(f["value"], f["approx"], f["missing_reason"], strict=True)
            ],
        }
    )
    rank = t("col_rank_selection" if filtered else "col_rank", lang)
    return table.sort_values([rank, t("col_name", lang)], na_position="last")


def downloads(atlas: Atlas, view: choropleth.MapView, sel: Selection, note: str = "") -> None:
    """Print map (PNG, SVG, PDF), slide and offline HTML under the map (ui.downloads).

    Files are built only when their button is clicked, so a filter change does not pay for
    exports nobody asked for (the folium map of the offline page included).
    """
    lang, ind = sel.lang, view.indicator
    source = f"{t('source_label', lang)}: {view.dataset.source_line(lang, view.year or ind.year)}"
    source += f"; {note}" if note else ""

    def page() -> bytes:
        title = f"{ind.label(lang)} ({view.year or ind.year})"
        made = folium_map(atlas, view, sel)
        return maps.standalone_html(made, title, source, legend(view, sel)).encode("utf-8")

    name = exports.filename("kaart", ind.id, sel.border_set, date.today().isoformat(), ext="html")
    map_exports(atlas, view, sel, [(t("download_html", lang), page, name, "text/html")])


def folium_map(atlas: Atlas, view: choropleth.MapView, sel: Selection):
    """The folium map of the offline HTML/PNG export (built only when a download asks for it)."""
    return maps.build_choropleth(
        atlas.geojson(sel.border_set),
        view.frame,
        selected=sel.selected,
        tiles=bool(st.session_state.get("rd_tiles")),
        static_url=mapwidget.static_url(),
        lang=sel.lang,
    )


def map_payload(atlas: Atlas, view: choropleth.MapView, sel: Selection, *, zoom: bool = False):
    """The map widget's geometry and payload for a map view (one builder for every page)."""
    ind, lang = view.indicator, sel.lang
    geo = mapwidget.geometry(atlas, sel.border_set)
    inside = view.frame.index[view.frame["in_filter"]]
    meta = f"{view.year or ind.year} · {t(f'status_{ind.status}', lang)}"
    data = maplayer.payload(
        geo,
        view.frame,
        mapwidget.labels(lang),
        selected=sel.selected,
        meta=meta,
        contrast=sel.contrast,
        big=sel.presentation,
        fit=(",".join(sorted(sel.provinces)), inside),
        zoom_to_selected=zoom,
    )
    return geo, data


def preload(atlas: Atlas, sel: Selection) -> None:
    """Start loading the map's files before the sidebar is drawn (first run of a session)."""
    mapwidget.preload(mapwidget.geometry(atlas, sel.border_set))


MAP_HEIGHT = "540px"
PROJECTOR_HEIGHT = "max(320px, calc(100vh - 16rem))"
"""Presentation mode: the map fills the screen below the heading."""


def show(atlas: Atlas, view: choropleth.MapView, sel: Selection, *, zoom: bool = False) -> None:
    """The map of a map view in the one widget (also used by the presentation tour)."""
    geo, data = map_payload(atlas, view, sel, zoom=zoom)
    mapwidget.show_map(
        geo,
        data,
        height=PROJECTOR_HEIGHT if sel.presentation else MAP_HEIGHT,
        label=t("map_aria_label", sel.lang, title=view.indicator.label(sel.lang)),
    )


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
    with left:
        show(atlas, view, sel, zoom=bool(st.session_state.get(ZOOM_KEY)))
        footer(ind, view.dataset, view.year, lang, view.n_approx)
    with right:
        st.markdown(legend(view, sel), unsafe_allow_html=True)
        note = typology_note(atlas, sel.border_set, lang, sel.typology)
        st.caption(note)
        search_box(atlas, sel)
        st.checkbox(t("map_zoom_selected", lang), key=ZOOM_KEY)
        side_panel(atlas, view, sel)
    # lazy too: the print map, slide and offline-page buttons are sent only while opened
    exports_section = st.expander(t("map_exports_title", lang), key=EXPORTS_KEY, on_change="rerun")
    if exports_section.open:
        with exports_section:
            downloads(atlas, view, sel, note)
    n_rows = int(view.frame["in_filter"].sum())
    # lazy: the table and its downloads are built and sent only while the expander is open
    section = st.expander(f"{t('rank_table', lang)} ({n_rows})", key=TABLE_KEY, on_change="rerun")
    if not section.open:
        return
    table = ranking_table(view, sel)
    with section:
        shown = table.copy()
        shown[t("col_value", lang)] = [_fmt(ind, v, lang) for v in table[t("col_value", lang)]]
        st.dataframe(shown, hide_index=True, width="stretch")
        map_table_exports(atlas, view, sel, table)
