"""Compare page: the three types side by side, two indicators in a scatter and a bivariate map."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import MUNICIPALITY_TYPES, facet_label, type_label
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS
from ruraldash.features import compare as comparison
from ruraldash.features import maps, typenote
from ruraldash.features.choropleth import in_filter
from ruraldash.features.pagestate import CompareState, merge
from ruraldash.features.selection import Selection
from ruraldash.render import charts
from ruraldash.ui import mapsection
from ruraldash.ui.base import footer, status_badge
from ruraldash.ui.cache import atlas_key
from ruraldash.ui.downloads import download_row, table_items
from ruraldash.ui.mapwidget import search_box, select
from ruraldash.ui.state import share_url

TYPE_KEY, X_KEY, Y_KEY, FACET_KEY = "cmp_type_ind", "cmp_x", "cmp_y", "cmp_facets"
SCATTER_KEY, MAP_KEY = "cmp_scatter", "cmp_bv_map"
DEFAULT_X = {"2019": "density_2020", "2025": "density_2025"}
DEFAULT_Y = "open_space_share"


def _type_labels(lang: str, short: bool = False) -> dict[str, str]:
    key = "cmp_short_{}" if short else "type_{}"
    return {k: t(key.format(k), lang) for k in MUNICIPALITY_TYPES}


def _label(atlas: Atlas, ind_id: str, lang: str) -> str:
    return atlas.catalogue[ind_id].label(lang)


def _with_unit(atlas: Atlas, ind_id: str, lang: str) -> str:
    ind = atlas.catalogue[ind_id]
    unit = ind.unit_label(lang)
    return f"{ind.label(lang)} ({unit})" if unit else ind.label(lang)


def facet_filter(sel: Selection) -> Selection:
    """Sidebar: the facets that narrow the indicator lists (shared with the map page's facets)."""
    lang = sel.lang
    if FACET_KEY not in st.session_state:
        st.session_state[FACET_KEY] = list(sel.facets)
    facets = st.sidebar.multiselect(
        t("sb_facets", lang),
        list(FACETS),
        key=FACET_KEY,
        placeholder=t("sb_all", lang),
        format_func=lambda f: f"{f} {facet_label(f, lang)}",
    )
    return sel.with_(facets=tuple(sorted(facets)))


def _pick(container, label: str, options: list[str], key: str, current: str, atlas, lang) -> str:
    """A selectbox seeded from the selection/URL; a value no longer in the list falls back."""
    options = options or comparison.numeric_ids(atlas.catalogue)
    if st.session_state.get(key) not in options:
        st.session_state[key] = current if current in options else options[0]
    return container.selectbox(
        label,
        options,
        key=key,
        format_func=lambda i: _label(atlas, i, lang),
        placeholder=t("sb_choose", lang),
    )


def _footer(atlas: Atlas, ind_id: str, border_set: str, lang: str, year: int | None = None) -> None:
    """Source, year, licence, status badge and the number of approximated values of one indicator."""
    ind = atlas.catalogue[ind_id]
    year = year or ind.default_year
    approx = atlas.values(ind_id, border_set, year)["approx"].fillna(False).astype(bool)
    footer(ind, atlas.datasets[ind.source], year or ind.year, lang, int(approx.sum()))


def typology_caption(atlas: Atlas, border_set: str, lang: str) -> None:
    """Which typology this is (the shared note with its status badge) and how it is made."""
    note = typenote.typology_note(atlas, border_set, lang)
    method = typenote.typology_method(atlas, border_set, lang)
    badge = status_badge(typenote.typology_status(atlas, border_set), lang)
    st.markdown(
        f"<div class='rd-cmp-typology' style='font-size:.9rem;color:#333;margin-bottom:.8rem'>"
        f"{badge} {html.escape(note)}<br>{html.escape(method)}</div>",
        unsafe_allow_html=True,
    )


def _summary_shown(s: pd.DataFrame, ind, lang: str, total: str | None = None) -> pd.DataFrame:
    """The per-type statistics of one indicator as Belgian-formatted text."""
    labels = _type_labels(lang) | ({"all": total} if total else {})
    fmt = lambda v: comparison.value_text(ind, v, lang)  # noqa: E731
    return pd.DataFrame(
        {
            t("cmp_col_type", lang): [labels.get(i, i) for i in s.index],
            t("cmp_col_n", lang): [number(v, 0, lang) for v in s["n"]],
            t("cmp_col_missing", lang): [number(v, 0, lang) for v in s["missing"]],
            t("cmp_col_p25", lang): [fmt(v) for v in s["p25"]],
            t("cmp_col_median", lang): [fmt(v) for v in s["median"]],
            t("cmp_col_p75", lang): [fmt(v) for v in s["p75"]],
        }
    )


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Atlas: atlas_key})
def _all_table(atlas: Atlas, codes: tuple[str, ...], border_set: str, lang: str) -> pd.DataFrame:
    """Median, quartiles and counts per type of every numeric indicator (numbers stay numbers),
    over the municipalities ``codes`` (those inside the filter)."""
    cat, types = atlas.catalogue, atlas.units(border_set)["type"].reindex(list(codes))
    ids = comparison.numeric_ids(cat)
    long = comparison.summary_long(atlas.wide(border_set), types, cat, ids)
    ind = [cat[i] for i in long["indicator"]]
    return pd.DataFrame(
        {
            t("cmp_col_indicator", lang): [i.label(lang) for i in ind],
            t("cmp_col_id", lang): long["indicator"],
            t("cmp_col_unit", lang): [i.unit_label(lang) for i in ind],
            t("cmp_col_type", lang): [_type_labels(lang)[x] for x in long["type"]],
            t("cmp_col_n", lang): long["n"],
            t("cmp_col_missing", lang): long["missing"],
            t("cmp_col_p25", lang): long["p25"],
            t("cmp_col_median", lang): long["median"],
            t("cmp_col_p75", lang): long["p75"],
            t("source_label", lang): [atlas.datasets[i.source].publisher for i in ind],
            t("year_label", lang): [str(i.default_year or i.year) for i in ind],
            t("cmp_col_status", lang): [t(f"status_{i.status}", lang) for i in ind],
        }
    )


def _all_shown(table: pd.DataFrame, atlas: Atlas, lang: str) -> pd.DataFrame:
    shown = table.copy()
    inds = [atlas.catalogue[i] for i in table[t("cmp_col_id", lang)]]
    for col in ("cmp_col_p25", "cmp_col_median", "cmp_col_p75"):
        name = t(col, lang)
        shown[name] = [number(v, i.decimals, lang) for v, i in zip(table[name], inds, strict=True)]
    for col in ("cmp_col_n", "cmp_col_missing"):
        shown[t(col, lang)] = [number(v, 0, lang) for v in table[t(col, lang)]]
    return shown.drop(columns=[t("cmp_col_id", lang)])


def _downloads(
    table: pd.DataFrame, atlas: Atlas, sel: Selection, inside: pd.Series, note: str = ""
) -> None:
    """CSV/XLSX rounded as on screen (per row: each indicator's decimals), with a metadata sheet."""
    lang, border_set = sel.lang, sel.border_set
    stem = ["types", border_set, date.today().isoformat()]
    inds = [atlas.catalogue[i] for i in table[t("cmp_col_id", lang)]]
    stats = [t(c, lang) for c in ("cmp_col_p25", "cmp_col_median", "cmp_col_p75")]
    out = comparison.rounded_per_row(table, stats, [i.decimals for i in inds])
    meta = comparison.per_type_meta(
        t("cmp_all_title", lang),
        note,
        maps.filter_text(sel, int(inside.sum()), len(inside)),
        date.today().isoformat(),
        share_url(sel, "vergelijken"),
        lang,
    )
    items = table_items(
        out,
        source=t("cmp_all_source", lang) + (f" {note}" if note else ""),
        sheet=t("cmp_sheet", lang),
        title=t("cmp_all_title", lang),
        stem=stem,
        lang=lang,
        decimals={t(c, lang): 0 for c in ("cmp_col_n", "cmp_col_missing")},
        meta=meta,
    )
    download_row(items, "cmp_dl")


def types_section(atlas: Atlas, sel: Selection, inside: pd.Series) -> Selection:
    """Box/strip plot per type for one indicator, its statistics, and those of every indicator."""
    lang, bs = sel.lang, sel.border_set
    st.header(t("cmp_types", lang))
    typology_caption(atlas, bs, lang)
    options = comparison.numeric_ids(atlas.catalogue, sel.facets)
    ind_id = _pick(
        st.columns([2, 3])[0],
        t("cmp_indicator", lang),
        options,
        TYPE_KEY,
        sel.indicator,
        atlas,
        lang,
    )
    ind = atlas.catalogue[ind_id]
    year = sel.year if ind_id == sel.indicator and sel.year in ind.years else ind.default_year
    units = atlas.units(bs)[inside]
    frame = units[["name", "type"]].assign(value=atlas.values(ind_id, bs, year)["value"])
    left, right = st.columns([3, 2], gap="medium")
    fig = charts.type_box(
        frame,
        "value",
        "type",
        type_labels=_type_labels(lang, short=True),
        unit=ind.unit_label(lang),
        lang=lang,
        big=sel.presentation,
        title=t("cmp_box_title", lang, label=ind.label(lang)),
    )
    left.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch", key="cmp_box")
    with right:
        stats = comparison.type_summary(frame["value"], frame["type"], total=True)
        st.markdown(f"**{html.escape(t('cmp_stats_title', lang, label=ind.label(lang)))}**")
        st.dataframe(
            _summary_shown(stats, ind, lang, t("cmp_all_types", lang)),
            hide_index=True,
            width="stretch",
        )
        st.caption(t("cmp_stats_help", lang))
    _footer(atlas, ind_id, bs, lang, year)
    table = _all_table(atlas, tuple(units.index), bs, lang)
    label = t("cmp_all_title", lang) + f" ({number(len(table) // 3, 0, lang)})"
    with st.expander(label, expanded=False):
        st.caption(t("cmp_all_help", lang))
        st.dataframe(_all_shown(table, atlas, lang), hide_index=True, width="stretch", height=420)
        _downloads(table, atlas, sel, inside, typenote.typology_note(atlas, bs, lang))
    if ind_id == sel.indicator:
        return sel
    return sel.with_(indicator=ind_id, layer=ind.layer, year=None)


def _on_point() -> None:
    """A click on a scatter point selects that municipality (``customdata`` = [nis, name])."""
    state = st.session_state.get(SCATTER_KEY) or {}
    points = (state.get("selection") or {}).get("points") or []
    custom = points[0].get("customdata") if points else None
    select(custom[0] if custom else None)


def _axes(atlas: Atlas, sel: Selection) -> tuple[str, str]:
    """The scatter's two indicators, seeded from the URL (``x``, ``y``); bad ids get a notice."""
    lang = sel.lang
    axes, bad = CompareState.read(sel.extra, comparison.numeric_ids(atlas.catalogue))
    if X_KEY not in st.session_state and bad:
        st.warning(t("cmp_bad_axis", lang, names=", ".join(bad)))
    options = comparison.numeric_ids(atlas.catalogue, sel.facets)
    x0, y0 = axes.x or DEFAULT_X[sel.border_set], axes.y or DEFAULT_Y
    a, b = st.columns(2)
    x = _pick(a, t("cmp_x", lang), options, X_KEY, x0, atlas, lang)
    y = _pick(b, t("cmp_y", lang), options, Y_KEY, y0, atlas, lang)
    return x, y


def _panel(atlas: Atlas, sel: Selection, x: str, y: str) -> None:
    """The selected municipality (from a click, the map or the search box) and its profile link."""
    lang = sel.lang
    st.markdown(f"**{html.escape(t('panel_title', lang))}**")
    search_box(atlas, sel)
    units = atlas.units(sel.border_set)
    if sel.selected not in units.index:
        st.caption(t("cmp_scatter_hint", lang))
        return
    wide, unit = atlas.wide(sel.border_set), units.loc[sel.selected]
    typ = type_label(None if pd.isna(unit["type"]) else unit["type"], lang)
    lines = [
        f"<div data-testid='rd-cmp-selected' style='font-size:1.3em;font-weight:700'>"
        f"{html.escape(str(unit['name']))}</div>",
        html.escape(f"{typ} · {unit['province']}"),
    ]
    for ind_id in dict.fromkeys((x, y)):
        value = comparison.value_text(atlas.catalogue[ind_id], wide.at[sel.selected, ind_id], lang)
        lines.append(f"{html.escape(_label(atlas, ind_id, lang))}: <b>{html.escape(value)}</b>")
    st.markdown("<br>".join(lines), unsafe_allow_html=True)
    if st.button(t("panel_profile", lang), key="cmp_to_profile", width="stretch"):
        st.switch_page("pages/profiel.py")


def scatter_section(atlas: Atlas, sel: Selection, inside: pd.Series) -> tuple[Selection, str, str]:
    """Scatter of two indicators by type with Spearman's rho; a click selects the municipality."""
    lang, bs = sel.lang, sel.border_set
    st.header(t("cmp_scatter", lang))
    x, y = _axes(atlas, sel)
    units, wide = atlas.units(bs)[inside], atlas.wide(bs)
    frame = units[["name", "type"]].assign(x=wide[x], y=wide[y])
    rho, n = charts.spearman(frame["x"], frame["y"])
    sentence = comparison.rho_sentence(rho, n, _label(atlas, x, lang), _label(atlas, y, lang), lang)
    st.markdown(f"<p data-testid='rd-cmp-rho'>{html.escape(sentence)}</p>", unsafe_allow_html=True)
    left, right = st.columns([3, 1], gap="medium")
    fig = charts.scatter(
        frame,
        "x",
        "y",
        "type",
        type_labels=_type_labels(lang, short=True),
        x_label=_with_unit(atlas, x, lang),
        y_label=_with_unit(atlas, y, lang),
        highlight=sel.selected,
        lang=lang,
        big=sel.presentation,
    )
    fig.update_layout(
        legend={"orientation": "h", "x": 0, "y": -0.16, "yanchor": "top"}, margin={"b": 40}
    )
    with left:
        st.plotly_chart(
            fig,
            config=charts.PLOTLY_CONFIG,
            width="stretch",
            key=SCATTER_KEY,
            on_select=_on_point,
            selection_mode="points",
        )
    with right:
        _panel(atlas, sel, x, y)
    _axis_footers(atlas, bs, x, y, lang)
    return sel.with_(extra=merge(sel.extra, CompareState(x, y))), x, y


def _axis_footers(atlas: Atlas, border_set: str, x: str, y: str, lang: str) -> None:
    """Source and year of both indicators, side by side, each under its axis name."""
    for col, axis, ind_id in zip(st.columns(2), ("cmp_x", "cmp_y"), (x, y), strict=True):
        with col:
            st.caption(f"{t(axis, lang)}: {_label(atlas, ind_id, lang)}")
            _footer(atlas, ind_id, border_set, lang)


def bivariate_section(atlas: Atlas, sel: Selection, x: str, y: str) -> None:
    """A 3 × 3 bivariate map of the scatter's two indicators, its 2-D legend and how to read it."""
    lang, bs = sel.lang, sel.border_set
    st.header(t("cmp_bivariate", lang))
    cx, cy = atlas.catalogue[x], atlas.catalogue[y]
    view = maps.map_layer("bivariate", atlas, sel, x=x, y=y)
    st.caption(t("cmp_bivariate_help", lang, x=cx.label(lang), y=cy.label(lang)))
    mapsection.map_section(
        atlas,
        view,
        sel,
        key=MAP_KEY,
        height="700px" if sel.presentation else "460px",
        search=False,
        side=lambda: st.caption(t("cmp_bivariate_read", lang, x=cx.label(lang), y=cy.label(lang))),
    )
    _axis_footers(atlas, bs, x, y, lang)


def render(atlas: Atlas, sel: Selection) -> Selection:
    """The compare page body; returns the selection (indicator, x/y for the URL)."""
    inside = in_filter(atlas, sel)
    if not inside.all():
        st.info(t("cmp_filter_note", sel.lang, n=number(int(inside.sum()), 0, sel.lang)))
    sel = types_section(atlas, sel, inside)
    sel, x, y = scatter_section(atlas, sel, inside)
    bivariate_section(atlas, sel, x, y)
    return sel
