"""Parts of the Monitor page: notes, tables, charts, land take, the map of change, exports."""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.monitor import changemap, report
from ruraldash.features.monitor import table as mtable
from ruraldash.features.monitor.result import FLANDERS, MonitorResult, source_text
from ruraldash.features.peertext import explain_with_catalogue
from ruraldash.features.selection import TYPOLOGIES, Selection
from ruraldash.features.typenote import typology_note
from ruraldash.render import charts, exports
from ruraldash.render.charts import monitor as mcharts
from ruraldash.ui import mapsection
from ruraldash.ui.downloads import PPTX_MIME, download_row, table_items
from ruraldash.ui.views.profileview import peer_group

MAP_KEY = "rd_monitor_map"


def typology_picker(atlas: Atlas, sel: Selection) -> Selection:
    """The typology whose groups are the monitor's types (same widget key as the map's sidebar)."""
    if st.session_state.get("w_typology") not in TYPOLOGIES:
        st.session_state["w_typology"] = sel.typology
    typology = st.sidebar.selectbox(
        t("sb_typology", sel.lang), list(TYPOLOGIES), key="w_typology",
        format_func=lambda v: t(f"typology_{v}", sel.lang), placeholder=t("sb_choose", sel.lang),
    )  # fmt: skip
    return sel.with_(typology=typology)


def source_block(res: MonitorResult, lang: str, span: bool = False) -> None:
    """Source line(s) of the years shown (``span``: every year of the charts), with caveats."""
    years = [res.baseline_year, res.end_year]
    shown = [y for y in res.years if years[0] <= y <= years[1]] if span else years
    caveats = [
        ds.caveat_text(lang) for ds in res.data.datasets_of(res.indicator, shown, res.border_set)
    ]
    caveat = "".join(f"<br><i>{html.escape(c)}</i>" for c in caveats if c)
    st.markdown(
        f"<div class='rd-footer'><b>{html.escape(t('mon_source_years', lang, b=years[0], e=years[1]))}:</b> "
        f"{html.escape(source_text(res, lang, span))}{caveat}</div>",
        unsafe_allow_html=True,
    )


def notes(res: MonitorResult, atlas: Atlas, sel: Selection) -> None:
    """Gaps, series breaks, projections and merger notes for what is shown."""
    lang, lines = sel.lang, []
    if res.gaps:
        lines.append(t("mon_gaps_note", lang, years=", ".join(map(str, res.gaps))))
    if res.breaks:
        lines.append(t("mon_breaks_note", lang, years=", ".join(map(str, res.breaks))))
    proj = [y for y in res.projection if res.baseline_year <= y <= res.end_year]
    if proj:
        lines.append(t("mon_projection_note", lang, years=", ".join(map(str, proj))))
    nis = sel.selected
    if nis and nis in res.municipalities.index and bool(res.municipalities.at[nis, "summed"]):
        parts = atlas.bundle.mapping.query("nis_code_2025 == @nis")["name_2019_2024"]
        lines.append(t("mon_merged_note", lang, name=res.municipalities.at[nis, "name"],
                       parts=", ".join(parts)))  # fmt: skip
    if (
        res.border_set == "2019"
        and res.data.year_meta(res.indicator, "2019")["dataset"]
        .map(lambda d: res.data.datasets[d].border_set == "2025")
        .any()
    ):
        lines.append(t("mon_nosplit_note", lang))
    for line in lines:
        st.caption(line)


def type_table(res: MonitorResult, lang: str) -> None:
    """Flanders and the types: levels, changes, members counted."""
    table = mtable.type_table(res, lang)
    dec = mtable.decimals(res, lang)
    dec[t("mon_col_n", lang)] = 0
    fmt = {c: (lambda v, d=d: number(v, d, lang)) for c, d in dec.items() if c in table}
    st.dataframe(table.style.format(fmt, na_rep="–"), width="stretch")
    source_block(res, lang)


def _labels(res: MonitorResult, lang: str, name: str = "") -> dict[str, str]:
    keys = [*map(str, res.by_type.index), FLANDERS]
    return {k: mtable.group_label(k, lang) for k in keys} | ({"selected": name} if name else {})


def index_figure(res: MonitorResult, nis: str | None, lang: str, big: bool = False):
    """The index chart: types, Flanders and the selected municipality (baseline = 100)."""
    idx = res.index.copy()
    name = ""
    if nis and nis in res.municipalities.index:
        idx["selected"] = res.municipality_index(nis).reindex(idx.index)
        name = str(res.municipalities.at[nis, "name"])
    breaks = [(y, t("mon_break", lang)) for y in res.breaks]
    return mcharts.index_chart(
        idx, _labels(res, lang, name),
        title=t("mon_index_title", lang, b=res.baseline_year),
        axis_title=t("mon_index_axis", lang, b=res.baseline_year),
        breaks=breaks, projection=res.projection, lang=lang, big=big,
    )  # fmt: skip


def peers_of(res: MonitorResult, atlas: Atlas, sel: Selection):
    """The selected municipality's peer group (the profile's methods), or None."""
    if sel.selected and sel.selected in res.municipalities.index:
        return peer_group(atlas, sel)
    return None


def peer_line(res: MonitorResult, group, sel: Selection) -> None:
    """One sentence: the selected municipality's change against its peers' median."""
    if group is not None:
        text = mtable.peer_text(res, sel.selected, list(group.members), sel.lang)
        if text:
            st.write(text)


def charts_row(res: MonitorResult, atlas: Atlas, sel: Selection, group=None) -> None:
    """Index chart and slope chart side by side, then the strip of all municipalities."""
    lang, big = sel.lang, sel.presentation
    left, right = st.columns([3, 2])
    left.plotly_chart(index_figure(res, sel.selected, lang, big), config=charts.PLOTLY_CONFIG,
                      key="rd_mon_index")  # fmt: skip
    slope = mcharts.slope_chart(
        res.by_type.loc[[k for k in mtable.TYPE_ORDER if k in res.by_type.index]
                        + [k for k in res.by_type.index if k not in mtable.TYPE_ORDER]],
        _labels(res, lang),
        baseline_year=res.baseline_year, end_year=res.end_year,
        title=t("mon_slope_title", lang, b=res.baseline_year, e=res.end_year),
        unit=res.indicator.unit(lang), decimals=res.indicator.decimals, lang=lang, big=big,
    )  # fmt: skip
    right.plotly_chart(slope, config=charts.PLOTLY_CONFIG, key="rd_mon_slope")
    members = list(group.members) if group else []
    if group:
        st.caption(explain_with_catalogue(group, atlas.catalogue, lang))
    measure = changemap.measure_of(res)
    unit = t("mon_pp", lang) if measure == "change" else "%"
    strip = charts.strip_plot(
        res.municipalities[["name", measure]], measure, highlight=sel.selected, peers=members,
        unit=unit, title=t("mon_strip_title", lang, b=res.baseline_year, e=res.end_year),
        lang=lang, big=big,
    )  # fmt: skip
    st.plotly_chart(strip, config=charts.PLOTLY_CONFIG, key="rd_mon_strip")
    source_block(res, lang, span=True)


def land_take(res: MonitorResult, lang: str) -> None:
    """Hectares of built parcels per year (types, Flanders) and per day, beside the bouwshift."""
    st.markdown(f"**{html.escape(t('mon_landtake_heading', lang))}**")
    st.warning(t("mon_landtake_caveat", lang))
    lt = mtable.land_take(res)
    fl = lt.loc[FLANDERS]
    st.write(t("mon_landtake_flanders", lang, b=res.baseline_year, e=res.end_year,
               day=number(fl["ha_per_day"], 2, lang), year=number(fl["ha_per_year"], 0, lang)))  # fmt: skip
    rows = [
        t("mon_landtake_row", lang, group=mtable.group_label(str(k), lang),
          year=number(r["ha_per_year"], 0, lang))
        for k, r in lt.drop(index=FLANDERS).iterrows()
    ]  # fmt: skip
    st.write(" · ".join(rows))
    bars = mcharts.stacked_bars(
        mtable.yearly_land_take(res), _labels(res, lang), title=t("mon_landtake_chart", lang),
        unit=t("mon_unit_ha_year", lang), lang=lang, big=False,
    )  # fmt: skip
    st.plotly_chart(bars, config=charts.PLOTLY_CONFIG, key="rd_mon_landtake")
    b = mtable.BOUWSHIFT
    st.info(
        t("mon_bouwshift", lang, now=number(b["now_ha_day"], 0, lang),
          t2025=number(b["target_2025_ha_day"], 0, lang), t2040=number(b["target_2040_ha_day"], 0, lang))
        + "\n\n" + t("mon_bouwshift_source", lang)
    )  # fmt: skip
    source_block(res, lang)


def change_map(res: MonitorResult, atlas: Atlas, sel: Selection) -> Selection:
    """The map of change through the one map section (map, legend, search, map exports)."""
    lang, extra = sel.lang, dict(sel.extra)
    st.markdown(f"**{html.escape(t('mon_map_heading', lang))}**")
    centre0 = extra.get("centrum", "zero")
    if st.session_state.get("w_mon_centre") not in changemap.CENTRES:
        st.session_state["w_mon_centre"] = centre0 if centre0 in changemap.CENTRES else "zero"
    centre = st.radio(t("mon_map_centre", lang), changemap.CENTRES, key="w_mon_centre",
                      horizontal=True, format_func=lambda c: t(f"mon_centre_{c}", lang))  # fmt: skip
    layer = changemap.change_layer(res, atlas, sel, centre)
    stem = ["monitor", exports.label_slug(res.indicator.label(lang)),
            f"{res.baseline_year}-{res.end_year}"]  # fmt: skip
    mapsection.map_section(atlas, layer, sel, key=MAP_KEY, search=False,
                           exports_key="rd_mon_map_exports", stem=stem)  # fmt: skip
    source_block(res, lang)
    extra["centrum"] = centre
    return sel.with_(extra=extra)


def municipality_table(res: MonitorResult, atlas: Atlas, sel: Selection) -> None:
    """All municipalities (in an expander) and the exports: table CSV/XLSX and the report."""
    lang = sel.lang
    note = typology_note(atlas, sel.border_set, lang, sel.typology)
    table = mtable.municipality_table(res, lang)
    with st.expander(t("mon_table_heading", lang)):
        dec = mtable.decimals(res, lang)
        fmt = {c: (lambda v, d=d: number(v, d, lang)) for c, d in dec.items() if c in table}
        st.dataframe(table.style.format(fmt, na_rep="–"), width="stretch")
    st.markdown(f"**{html.escape(t('mon_exports_heading', lang))}**")
    ind = res.indicator
    stem = ["monitor", exports.label_slug(ind.label(lang)), f"{res.baseline_year}-{res.end_year}",
            sel.border_set,
            date.today().isoformat()]  # fmt: skip
    source = source_text(res, lang)
    meta = [
        (t("mon_indicator", lang), f"{ind.label(lang)} ({ind.unit(lang)})"),
        (t("mon_meta_definition", lang), t("mon_meta_method", lang)),
        (t("mon_col_typenote", lang), note),
        (t("mon_source_label", lang), source),
    ]
    items = table_items(
        mtable.export_table(res, lang, note), source=source, sheet=t("mon_sheet", lang),
        title=f"{ind.label(lang)}, {res.baseline_year}–{res.end_year}", stem=stem, lang=lang,
        decimals=mtable.decimals(res, lang), meta=meta,
    )  # fmt: skip
    items.append(
        (
            t("mon_report_button", lang),
            lambda: report.build(atlas, res.data, sel, lang),
            "_".join(["ruraldash_monitorrapport", sel.border_set, date.today().isoformat()])
            + ".pptx",
            PPTX_MIME,
        )
    )
    download_row(items, "rd_mon_dl")
