"""Profile page charts: one indicator against all municipalities and against the peers, and the
trends where several years exist (population, permits, establishment units, households)."""

from __future__ import annotations

import html

import streamlit as st

from ruraldash.core.config import settings
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain import change
from ruraldash.features.profile import table as profile
from ruraldash.features.selection import Selection
from ruraldash.render import charts
from ruraldash.ui.base import footer
from ruraldash.ui.cache import atlas_key

TRENDS = (
    ("population", ("population_2020", "population_2025")),
    ("permits", ("new_dwellings_permitted",)),
    ("establishments", ("establishment_units",)),
    ("households", ("households_2023",)),
)
"""Trend panels: name and the catalogue indicators whose years make up the series."""
HOUSEHOLDS = {"2019": "households_300", "2025": "households_285"}


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Atlas: atlas_key})
def comparison_figures(
    atlas: Atlas, ind_id: str, bs: str, nis: str, members: tuple[str, ...], lang: str
) -> tuple:
    """Strip plot of all municipalities (peers coloured) and bars against the peers."""
    ind = atlas.catalogue[ind_id]
    frame = atlas.units(bs)[["name"]].assign(value=atlas.values(ind_id, bs)["value"])
    unit, label = ind.unit_label(lang), ind.label(lang)
    axis = f"{label} ({unit})" if unit else label
    common = {"highlight": nis, "peers": list(members), "unit": unit, "lang": lang}
    strip = charts.strip_plot(frame, "value", title=t("pf_strip_title", lang), **common)
    bars = charts.peer_bars(frame, "value", title=t("pf_bars_title", lang), **common)
    for fig in (strip, bars):
        charts.plain_numbers(fig).update_xaxes(title_text=html.escape(axis, quote=False))
    return strip, bars


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Atlas: atlas_key})
def trend_figure(
    atlas: Atlas, name: str, bs: str, nis: str, members: tuple[str, ...], lang: str
) -> object:
    """The municipality's line and the peer-group median as an index (first year = 100, each
    municipality on its own base); sparse years are joined by a dotted line (the years in between
    are not in the source; 2040 is a projection)."""
    ids = dict(TRENDS)[name]
    codes = [nis, *members]
    if name == "households":
        frame = profile.households_trend(atlas, bs, codes)
    elif name == "population" and (long := _population_series(bs, codes)) is not None:
        frame = long  # 2009–2015, 2020, 2025: the monitor's series
    else:
        frame = profile.trend(atlas, ids, bs, codes)
    frame = change.indexed(frame.sort_index())  # index: a small municipality is not a flat line
    own, median, used = profile.own_and_median(frame, nis, members)
    lines = {atlas.units(bs).at[nis, "name"]: own}
    if used:
        lines[t("pf_series_peer_median", lang, n=used)] = median
    ind = atlas.catalogue[ids[0]]
    title = t("pf_pop_series", lang) if name == "population" else ind.label(lang)
    title = t("pf_hh_series", lang) if name == "households" else title
    first = int(frame.index.min()) if len(frame.index) else ""
    unit = t("pf_index_unit", lang, year=first)
    fig = charts.time_series(lines, unit=unit, title=title, lang=lang)
    if sparse(frame.index):
        fig.update_traces(connectgaps=True, line_dash="dot")
    return charts.plain_numbers(fig)


def _population_series(bs: str, codes: list[str]):
    """Population 2009–2015, 2020 and 2025 (year × municipality) from the monitor's series, or
    None when the series is not synced (the chart then shows 2020 and 2025 only)."""
    from ruraldash.data.series import SeriesMissing
    from ruraldash.features.monitor.indicators import INDICATORS
    from ruraldash.ui.views.monitor import monitor_data

    try:
        data = monitor_data(str(settings().data_dir))
    except SeriesMissing:
        return None
    return data.values(INDICATORS["population"], bs).reindex(codes).T.astype(float)


def sparse(years) -> bool:
    """True when the series skips years (then drawn as a dotted line with a note)."""
    years = sorted(int(y) for y in years)
    return len(years) >= 2 and years[-1] - years[0] + 1 > len(years)


def _chart_indicator(atlas: Atlas, sel: Selection) -> str:
    lang = sel.lang
    options = [i for i, ind in atlas.catalogue.items() if ind.kind != "ordinal"]
    if st.session_state.get("pf_chart_ind") not in options:
        st.session_state["pf_chart_ind"] = sel.indicator if sel.indicator in options else options[0]
    return st.selectbox(
        t("pf_chart_indicator", lang),
        options,
        key="pf_chart_ind",
        format_func=lambda i: atlas.catalogue[i].label(lang),
        placeholder=t("sb_choose", lang),
    )


def render(atlas: Atlas, sel: Selection, members: list[str]) -> None:
    """The chart section of the profile page (source and year under every chart)."""
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    st.header(t("pf_charts", lang))
    ind_id = _chart_indicator(atlas, sel)
    ind = atlas.catalogue[ind_id]
    strip, bars = comparison_figures(atlas, ind_id, bs, nis, tuple(members), lang)
    left, right = st.columns(2, gap="large")
    left.plotly_chart(strip, config=charts.PLOTLY_CONFIG, width="stretch", key="pf_strip")
    right.plotly_chart(bars, config=charts.PLOTLY_CONFIG, width="stretch", key="pf_bars")
    n_approx = int(atlas.values(ind_id, bs)["approx"].fillna(False).astype(bool).sum())
    footer(ind, atlas.datasets[ind.source], ind.default_year or ind.year, lang, n_approx)
    trends(atlas, sel, members)


def trends(atlas: Atlas, sel: Selection, members: list[str]) -> None:
    """Four trend panels, two per row, each with its source and years."""
    lang, bs, nis = sel.lang, sel.border_set, sel.selected
    st.markdown(f"**{t('pf_trends', lang)}**")
    cols = st.columns(2, gap="large")
    for i, (name, ids) in enumerate(TRENDS):
        fig = trend_figure(atlas, name, bs, nis, tuple(members), lang)
        with cols[i % 2]:
            st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch", key=f"pf_{name}")
            if name in ("population", "households"):
                st.caption(t("pf_projection_note" if name == "households" else "pf_gap_note", lang))
            if name == "population" and "population_series" in atlas.datasets:
                series = atlas.catalogue[ids[0]]
                footer(series, atlas.datasets["population_series"], "2009–2015", lang)
            for ind_id in ids:
                ind = atlas.catalogue[ind_id]
                if name == "households":
                    footer(ind, atlas.datasets[HOUSEHOLDS[bs]], "2023–2040", lang)
                else:
                    footer(ind, atlas.datasets[ind.source], _years(ind), lang)


def _years(ind) -> str:
    return f"{min(ind.years)}–{max(ind.years)}" if ind.years else str(ind.year)
