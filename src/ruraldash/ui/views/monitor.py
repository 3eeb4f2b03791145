"""The Monitor page body: facet, indicator, baseline and end year; status and progress; charts;
land take; the map of change; the table and its exports.

The choices round-trip through the URL (``mfacet``, ``monitor``, ``basis``, ``tot``, ``centrum``; the
map pages' own facet filter is left alone);
a value that is not understood falls back to the default with a short notice.
"""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from ruraldash.core.config import settings
from ruraldash.core.i18n import t
from ruraldash.core.vocab import FACETS, facet_label
from ruraldash.data.atlas import Atlas
from ruraldash.data.series import SeriesMissing
from ruraldash.features.monitor import result as monitor
from ruraldash.features.monitor import table as mtable
from ruraldash.features.monitor.indicators import INDICATORS, by_facet
from ruraldash.features.monitor.series import MonitorData, load_monitor
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.ui.base import status_badge
from ruraldash.ui.cache import atlas_key
from ruraldash.ui.mapwidget import search_box
from ruraldash.ui.views import monitorparts


@st.cache_resource(show_spinner=False)
def monitor_data(data_dir: str) -> MonitorData:
    """The monitor's series, read once per process."""
    from ruraldash.core.provenance import read_manifest

    return load_monitor(Path(data_dir), read_manifest(settings().manifest))


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Atlas: atlas_key})
def cached_result(
    atlas: Atlas, ind: str, baseline: int, end: int, bs: str, typology: str
) -> monitor.MonitorResult:
    """One monitor question, computed once per process."""
    data = monitor_data(str(settings().data_dir))
    return monitor.compute(data, atlas, ind, baseline, end, bs, typology)


def _data_or_stop(lang: str) -> MonitorData:
    try:
        return monitor_data(str(settings().data_dir))
    except SeriesMissing as exc:
        st.error(t("mon_series_missing", lang, paths=", ".join(exc.paths)))
        st.code(exc.fix, language="bash")
        st.stop()
        raise


def _seed(key: str, value, options) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = value if value in options else options[0]


def _url_int(extra: dict, name: str) -> int | None:
    raw = extra.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


def controls(data: MonitorData, sel: Selection) -> tuple[Selection, str, int, int]:
    """Facet, indicator, baseline and end year (URL first, then the defaults)."""
    lang, extra = sel.lang, dict(sel.extra)
    facets = list(FACETS)
    url_ind = INDICATORS.get(extra.get("monitor", ""))
    if extra.get("monitor") and url_ind is None:
        st.toast(t("mon_bad_indicator", lang, value=extra["monitor"][:30]))
    url_facet = _url_int(extra, "mfacet")
    facet0 = url_ind.facet if url_ind else (url_facet if url_facet in FACETS else 1)
    _seed("w_mon_facet", facet0, facets)
    cols = st.columns([3, 4, 2, 2])
    facet = cols[0].selectbox(
        t("mon_facet", lang), facets, key="w_mon_facet",
        format_func=lambda f: f"{f} {facet_label(f, lang)}", placeholder=t("sb_choose", lang),
    )  # fmt: skip
    inds = [i.id for i in by_facet(facet)]
    if not inds:
        st.info(t("mon_facet_empty", lang))
        extra = {k: v for k, v in extra.items() if k not in ("monitor", "basis", "tot")}
        return sel.with_(extra=extra | {"mfacet": str(facet)}), "", 0, 0
    _seed("w_mon_ind", url_ind.id if url_ind else inds[0], inds)
    ind_id = cols[1].selectbox(
        t("mon_indicator", lang), inds, key="w_mon_ind",
        format_func=lambda i: INDICATORS[i].label(lang), placeholder=t("sb_choose", lang),
    )  # fmt: skip
    ind = INDICATORS[ind_id]
    years = data.years(ind, sel.border_set)
    first, last = ind.default or (years[0], years[-1])
    if st.session_state.get("rd_mon_for") != (ind_id, sel.border_set):
        st.session_state["rd_mon_for"] = (ind_id, sel.border_set)
        url_b, url_e = _url_int(extra, "basis"), _url_int(extra, "tot")
        st.session_state["w_mon_b"] = url_b if url_b in years else first
        st.session_state["w_mon_e"] = url_e if url_e in years else last
        bad = [
            extra[k] for k, v in (("basis", url_b), ("tot", url_e)) if k in extra and v not in years
        ]
        if bad:
            listed = ", ".join(map(str, years))
            st.toast(t("mon_bad_year", lang, value=", ".join(b[:8] for b in bad), years=listed))
    _seed("w_mon_b", first, years)
    _seed("w_mon_e", last, years)
    choose = t("sb_choose", lang)
    baseline = cols[2].selectbox(t("mon_baseline", lang), years, key="w_mon_b", placeholder=choose)
    end = cols[3].selectbox(t("mon_end", lang), years, key="w_mon_e", placeholder=choose)
    extra |= {"mfacet": str(facet), "monitor": ind_id, "basis": str(baseline), "tot": str(end)}
    return sel.with_(extra=extra), ind_id, baseline, end


def _header(lang: str) -> None:
    title = html.escape(t("mon_title", lang))
    st.markdown(
        f"<h1 style='margin-bottom:0;font-size:1.7rem'>{title}</h1>", unsafe_allow_html=True
    )
    st.caption(t("mon_intro", lang))


def _status_progress(res: monitor.MonitorResult, sel: Selection) -> None:
    """Status and progress of the selected municipality, side by side, kept apart."""
    lang, nis = sel.lang, sel.selected
    if not nis or nis not in res.municipalities.index:
        st.caption(t("mon_selected_none", lang))
        return
    name = str(res.municipalities.at[nis, "name"])
    left, right = st.columns(2)
    left.markdown(f"**{html.escape(t('mon_status_heading', lang))} · {html.escape(name)}**")
    left.write(mtable.status_text(res, nis, lang))
    right.markdown(f"**{html.escape(t('mon_progress_heading', lang))} · {html.escape(name)}**")
    right.write(mtable.progress_text(res, nis, lang))


def render(atlas: Atlas, sel: Selection) -> Selection:
    """The whole page below the sidebar; returns the selection with the page's URL values."""
    lang = sel.lang
    _header(lang)
    data = _data_or_stop(lang)
    sel, ind_id, baseline, end = controls(data, sel)
    if not ind_id:
        return sel
    if baseline >= end:
        st.error(t("mon_years_bad", lang, b=baseline, e=end))
        return sel
    res = cached_result(atlas, ind_id, baseline, end, sel.border_set, sel.typology)
    ind = res.indicator
    badge = status_badge(ind.status, lang) if ind.status != "official" else ""
    st.markdown(f"## {html.escape(ind.label(lang))} {badge}", unsafe_allow_html=True)
    st.caption(typology_note(atlas, sel.border_set, lang, sel.typology))
    search_box(atlas, sel)
    _status_progress(res, sel)
    group = monitorparts.peers_of(res, atlas, sel)
    monitorparts.peer_line(res, group, sel)
    monitorparts.notes(res, atlas, sel)
    st.markdown(f"**{html.escape(t('mon_types_heading', lang))}**")
    st.write(mtable.summary_sentence(res, lang))
    monitorparts.type_table(res, lang)
    monitorparts.charts_row(res, atlas, sel, group)
    if ind.land_take:
        monitorparts.land_take(res, lang)
    sel = monitorparts.change_map(res, atlas, sel)
    monitorparts.municipality_table(res, atlas, sel)
    return sel
