"""The map page body: choropleth, legend, side panel of the selected municipality, ranking table."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import type_label
from ruraldash.data.atlas import Atlas
from ruraldash.features import maps
from ruraldash.features.maps import MapLayer
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.render import exports
from ruraldash.ui import mapsection, mapwidget
from ruraldash.ui.base import footer, status_badge
from ruraldash.ui.downloads import map_table_exports

ZOOM_KEY = "rd_zoom_selected"
TABLE_KEY = "rd_rank_table"
EXPORTS_KEY = "rd_map_exports"


def layer(atlas: Atlas, sel: Selection) -> MapLayer:
    """The map of the selection's indicator (an own uploaded layer is one too)."""
    ind = atlas.catalogue[sel.indicator]
    return maps.map_layer("upload" if ind.status == "user" else "indicator", atlas, sel)


def _type_text(value, lang: str) -> str:
    return type_label(None if pd.isna(value) else value, lang)


def side_panel(atlas: Atlas, view: MapLayer, sel: Selection) -> None:
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


def ranking_table(view: MapLayer, sel: Selection) -> pd.DataFrame:
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


def footer_of(view: MapLayer, lang: str) -> None:
    """Source, licence and status under the map (the layer's indicator and dataset)."""
    footer(view.indicator, view.dataset, view.year, lang, int(view.frame["approx"].sum()))


def preload(atlas: Atlas, sel: Selection) -> None:
    """Start loading the map's files before the sidebar is drawn (first run of a session)."""
    mapwidget.preload(mapwidget.geometry(atlas, sel.border_set))


def render(atlas: Atlas, sel: Selection) -> None:
    """The whole map page body for a selection."""
    view = layer(atlas, sel)
    ind, lang = view.indicator, sel.lang
    badge = status_badge(ind.status, lang) if ind.status != "official" else ""
    st.markdown(
        f"<h1 style='margin-bottom:0;font-size:1.7rem'>{html.escape(ind.label(lang))} "
        f"<span style='font-weight:400;color:#555'>({html.escape(str(view.year))})</span>{badge}</h1>",
        unsafe_allow_html=True,
    )
    st.caption(ind.definition(lang))
    note = typology_note(atlas, sel.border_set, lang, sel.typology)

    def side() -> None:
        st.caption(note)
        st.checkbox(t("map_zoom_selected", lang), key=ZOOM_KEY)
        side_panel(atlas, view, sel)

    mapsection.map_section(
        atlas,
        view,
        sel,
        zoom=bool(st.session_state.get(ZOOM_KEY)),
        side=side,
        below=lambda: footer_of(view, lang),
        exports_key=EXPORTS_KEY,
        stem=("kaart", exports.label_slug(ind.label(lang))),
        note=note,
    )
    n_rows = view.n_inside
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
