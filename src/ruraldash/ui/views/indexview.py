"""Composite index page: pick indicators, weights and directions; see the index as a map and a
ranking, its method and how far each rank moves when a weight changes. Labelled as a model."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st
from markupsafe import Markup

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import facet_label, type_label
from ruraldash.data.atlas import Atlas
from ruraldash.domain import index
from ruraldash.features import compare as comparison
from ruraldash.features import maps
from ruraldash.features.indextext import method_table, method_text
from ruraldash.features.maps import MapLayer
from ruraldash.features.pagestate import merge
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.render import charts
from ruraldash.render.templates import snippet
from ruraldash.ui import mapsection
from ruraldash.ui.base import status_badge
from ruraldash.ui.cache import atlas_key
from ruraldash.ui.downloads import download_row, table_items

DEFAULT_INDS = (
    "open_space_share",  # facet 1
    "survey_public_transport",  # 2
    "survey_gp",  # 3
    "jobseeker_rate",  # 4
    "survey_trust_local",  # 5
)
INDS_KEY, METHOD_KEY, MISSING_KEY, MAP_KEY = "ix_inds", "ix_method", "ix_missing", "ix_map"
STEP = 0.2
"""Sensitivity: every weight × 0,8 and × 1,2 in turn."""
MOVE = 5
"""Rank shifts above this many places are counted as "moves a lot"."""


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Atlas: atlas_key})
def compute(
    atlas: Atlas,
    border_set: str,
    ids: tuple[str, ...],
    weights: tuple[float, ...],
    directions: tuple[int, ...],
    method: str,
    missing: str,
):
    """Index, rank range and largest rank shift per indicator (cached per choice)."""
    data = atlas.wide(border_set)[list(ids)]
    w, d = dict(zip(ids, weights, strict=True)), dict(zip(ids, directions, strict=True))
    result = index.composite_index(data, w, d, method, missing)
    ranges = index.rank_range(data, w, d, method, missing, STEP)
    shifts = index.sensitivity(data, w, d, method, missing, STEP)
    return result, ranges, shifts


def header(lang: str) -> None:
    """Title with the "model" badge and what that means."""
    badge = status_badge("model", lang)
    st.markdown(
        f"<h1 style='margin-bottom:0'>{html.escape(t('idx_title', lang))} {badge}</h1>",
        unsafe_allow_html=True,
    )
    st.markdown(
        f"<p data-testid='rd-ix-model' style='font-size:1.05rem'><b>"
        f"{html.escape(t('idx_model_short', lang))}</b> {html.escape(t('idx_model_note', lang))}</p>",
        unsafe_allow_html=True,
    )


def _option_label(atlas: Atlas, ind_id: str, lang: str) -> str:
    ind = atlas.catalogue[ind_id]
    facet = min(ind.facets)
    return f"{facet} {facet_label(facet, lang)} › {ind.label(lang)}"


def _seed(choice: comparison.IndexChoice, neutral: list[str], lang: str) -> None:
    """Widgets from the link (once per visit), with a notice for what was not understood."""
    if choice.dropped:
        names = ", ".join(f"`{d}`" for d in choice.dropped)
        st.warning(t("idx_bad_inds", lang, names=names))
    if choice.weights_refused:
        st.warning(t("idx_bad_weights", lang, weight=number(comparison.DEFAULT_WEIGHT, 0, lang)))
    st.session_state[INDS_KEY] = list(choice.ids)
    for ind_id, weight in zip(choice.ids, choice.weights, strict=True):
        st.session_state[f"ix_w_{ind_id}"] = float(weight)
        if ind_id in neutral:
            st.session_state[f"ix_d_{ind_id}"] = -1 if ind_id in choice.reversed else 1


def _row(atlas: Atlas, ind_id: str, lang: str) -> tuple[float, int, object]:
    """One indicator's row: label, weight, direction; returns weight, direction, share slot."""
    ind = atlas.catalogue[ind_id]
    cols = st.columns([5, 2, 3, 1], vertical_alignment="center")
    badge = status_badge(ind.status, lang) if ind.status != "official" else ""
    cols[0].markdown(f"{html.escape(ind.label(lang))} {badge}", unsafe_allow_html=True)
    key = f"ix_w_{ind_id}"
    if key not in st.session_state:
        st.session_state[key] = comparison.DEFAULT_WEIGHT
    weight = cols[1].number_input(
        t("idx_weight", lang, label=ind.label(lang)),
        min_value=0.0,
        max_value=10.0,
        step=0.5,
        format="%g",
        key=key,
        label_visibility="collapsed",
    )
    if ind.polarity == "neutral":
        turned = cols[2].selectbox(
            t("idx_direction", lang, label=ind.label(lang)),
            [1, -1],
            key=f"ix_d_{ind_id}",
            label_visibility="collapsed",
            format_func=lambda v: _direction_text(v, lang, True),
            placeholder=t("sb_choose", lang),
        )
        direction = int(turned)
    else:
        direction = comparison.direction(ind)
        cols[2].markdown(html.escape(_direction_text(direction, lang, False)))
    return float(weight), direction, cols[3].empty()


def _direction_text(direction: int, lang: str, chosen: bool) -> str:
    key = "idx_dir_up" if direction > 0 else "idx_dir_down"
    return t(key, lang) + ("" if chosen else f" ({t('idx_dir_catalogue', lang)})")


def controls(atlas: Atlas, sel: Selection) -> tuple[comparison.IndexChoice, str, str, Selection]:
    """Indicators, weights, directions, normalisation and missing-value rule (kept in the URL)."""
    lang, cat = sel.lang, atlas.catalogue
    eligible = comparison.numeric_ids(cat)
    neutral = [i for i in eligible if cat[i].polarity == "neutral"]
    if INDS_KEY not in st.session_state:
        default = [i for i in DEFAULT_INDS if i in eligible]
        _seed(
            comparison.parse_index_choice(
                sel.extra.get("inds"), sel.extra.get("gewichten"), eligible, default, neutral
            ),
            neutral,
            lang,
        )
    with st.container(border=True):
        ids = st.multiselect(
            t("idx_indicators", lang),
            eligible,
            key=INDS_KEY,
            format_func=lambda i: _option_label(atlas, i, lang),
            placeholder=t("idx_pick", lang),
            help=t("idx_indicators_help", lang),
        )
        if ids:
            heads = st.columns([5, 2, 3, 1])
            for col, key in zip(
                heads,
                ("idx_col_indicator", "idx_col_weight", "idx_col_direction", "idx_col_share"),
                strict=True,
            ):
                col.caption(t(key, lang))
        rows = [_row(atlas, i, lang) for i in ids]
        total = sum(w for w, _, _ in rows)
        for weight, _, slot in rows:
            slot.markdown(number(100 * weight / total, 0, lang, "%") if total > 0 else "–")
        left, right = st.columns(2)
        method = left.radio(
            t("idx_method", lang),
            list(index.METHODS),
            key=METHOD_KEY,
            horizontal=True,
            format_func=lambda m: t(f"idx_{m}", lang),
        )
        missing = right.radio(
            t("idx_missing", lang),
            list(index.MISSING_RULES),
            key=MISSING_KEY,
            horizontal=True,
            format_func=lambda m: t(f"idx_{m}", lang),
        )
    turned = frozenset(i for i, (_, d, _) in zip(ids, rows, strict=True) if i in neutral and d < 0)
    choice = comparison.IndexChoice(tuple(ids), tuple(w for w, _, _ in rows), turned)
    return choice, method, missing, sel.with_(extra=merge(sel.extra, choice))


def _map(atlas: Atlas, sel: Selection, view: MapLayer, ranges) -> None:
    """The index map, its legend and the selected municipality's score and rank range."""
    lang, f = sel.lang, view.frame
    selected = view.selected

    def side() -> None:
        if selected and pd.notna(ranges.at[selected, "rank"]):
            r = ranges.loc[selected]
            st.markdown(
                t(
                    "idx_selected_rank",
                    lang,
                    name=html.escape(str(f.at[selected, "name"])),
                    rank=int(r["rank"]),
                    n=int(ranges["rank"].notna().sum()),
                    lo=int(r["min_rank"]),
                    hi=int(r["max_rank"]),
                )
            )
        elif selected:
            st.markdown(t("idx_selected_none", lang, name=html.escape(str(f.at[selected, "name"]))))

    mapsection.map_section(
        atlas, view, sel, key=MAP_KEY, height="700px" if sel.presentation else "460px", side=side
    )


def _components(atlas: Atlas, result: index.IndexResult, lang: str) -> str:
    """One line per component: label, weight share, direction, source, year, status badge."""
    components = []
    for ind_id, share in result.weights.items():
        ind = atlas.catalogue[ind_id]
        ds = atlas.datasets[ind.source]
        badge = status_badge(ind.status, lang) if ind.status != "official" else ""
        components.append(
            {
                "label": ind.label(lang),
                "share_pct": 100 * share,
                "direction": _direction_text(result.directions[ind_id], lang, True),
                "origin": ds.origin(lang, ind.default_year or ind.year),
                "url": ds.url or "",
                "dataset_label": ds.label(lang),
                "badge": Markup(badge),  # built by the badge template: already escaped
            }
        )
    return str(snippet("index_components", lang, components=components))


def _source_line(atlas: Atlas, result: index.IndexResult, labels: dict, lang: str) -> str:
    sources = []
    for ind_id in result.weights:
        ind = atlas.catalogue[ind_id]
        year = ind.default_year or ind.year
        sources.append(f"{labels[ind_id]}: {atlas.datasets[ind.source].source_line(lang, year)}")
    return (
        f"{t('idx_model_short', lang)} {t('px_weights_own', lang)} {method_text(result, lang, labels)} "
        f"{t('source_label', lang)}: {' | '.join(sources)}"
    )


def ranking_table(atlas: Atlas, sel: Selection, result: index.IndexResult, ranges) -> pd.DataFrame:
    """Rank, name, type, province, score, rank range, weight with data and the raw values."""
    lang, units = sel.lang, atlas.units(sel.border_set)
    wide = atlas.wide(sel.border_set)
    types = [type_label(v, lang) for v in units["type"]]
    table = pd.DataFrame(
        {
            t("col_rank", lang): result.rank.reindex(units.index),
            t("col_name", lang): units["name"],
            t("col_nis", lang): units.index,
            t("col_type", lang): types,
            t("col_province", lang): units["province"],
            t("idx_score", lang): result.score.reindex(units.index),
            t("idx_col_best", lang): ranges["min_rank"].reindex(units.index),
            t("idx_col_worst", lang): ranges["max_rank"].reindex(units.index),
            t("idx_col_coverage", lang): (100 * result.coverage).reindex(units.index),
        },
        index=units.index,
    )
    for ind_id in result.weights:
        ind = atlas.catalogue[ind_id]
        unit = ind.unit_label(lang)
        table[f"{ind.label(lang)} ({unit})" if unit else ind.label(lang)] = wide[ind_id]
    return table.sort_values([t("col_rank", lang), t("col_name", lang)], na_position="last")


def _shown(table: pd.DataFrame, atlas: Atlas, result: index.IndexResult, decimals: int, lang):
    shown = table.copy()
    score, cover = t("idx_score", lang), t("idx_col_coverage", lang)
    shown[score] = [number(v, decimals, lang) for v in table[score]]
    shown[cover] = [number(v, 0, lang, "%") for v in table[cover]]
    for pos, ind_id in enumerate(result.weights):
        ind, col = atlas.catalogue[ind_id], table.columns[9 + pos]
        shown[col] = [number(v, ind.decimals, lang) for v in table[col]]
    return shown


def _downloads(table: pd.DataFrame, method: pd.DataFrame, src: str, sel: Selection) -> None:
    lang, day = sel.lang, date.today().isoformat()
    title = f"{t('idx_title', lang)} ({t('status_model', lang)}, {t('px_own_scenario', lang)})"
    scores = table_items(
        table,
        source=src,
        sheet=t("idx_sheet", lang),
        title=title,
        stem=["index", sel.border_set, day],
        lang=lang,
    )
    steps = table_items(
        method,
        source=src,
        sheet=t("idx_method_title", lang),
        title=title,
        stem=["index-methode", sel.border_set, day],
        lang=lang,
    )
    steps[0] = (t("idx_download_method_csv", lang), *steps[0][1:])
    steps[2] = (t("idx_download_method_xlsx", lang), *steps[2][1:])
    download_row([*scores, steps[0], steps[2]], "ix_dl")


def _sensitivity(atlas: Atlas, sel: Selection, ranges, shifts, labels: dict) -> None:
    """How far ranks move when one weight changes by ±20 %: a sentence, a chart, a table."""
    lang, names = sel.lang, atlas.units(sel.border_set)["name"]
    st.header(t("idx_sensitivity", lang))
    st.markdown(t("idx_sensitivity_help", lang))
    moved = shifts["max_rank_shift"].dropna()
    if moved.empty:
        return
    st.markdown(
        t(
            "idx_sens_summary",
            lang,
            a=number(int((moved <= MOVE).sum()), 0, lang),
            n=number(len(moved), 0, lang),
            k=MOVE,
            max=int(moved.max()),
            name=html.escape(str(names.get(moved.idxmax(), moved.idxmax()))),
        )
    )
    fig = charts.rank_shift_chart(ranges, names, top=20, lang=lang, big=sel.presentation)
    fig.update_traces(selector={"type": "scatter"}, name=html.escape(t("idx_rank_chosen", lang)))
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, width="stretch", key="ix_shift")
    per = pd.DataFrame(
        {
            t("idx_col_indicator", lang): [labels[i] for i in labels],
            t("idx_col_max_shift", lang): [number(shifts[i].max(), 0, lang) for i in labels],
            t("idx_col_median_shift", lang): [number(shifts[i].median(), 0, lang) for i in labels],
            t("idx_col_moves", lang, k=MOVE): [
                number(int((shifts[i] > MOVE).sum()), 0, lang) for i in labels
            ],
        }
    )
    st.dataframe(per, hide_index=True, width="stretch")


def render(
    atlas: Atlas, sel: Selection, choice: comparison.IndexChoice, method: str, missing: str
) -> None:
    """The index: map, components, method, ranking with exports, sensitivity."""
    lang, cat = sel.lang, atlas.catalogue
    if not choice.ids or sum(choice.weights) <= 0:
        st.info(t("idx_pick", lang))
        return
    dirs = tuple(comparison.direction(cat[i], i in choice.reversed) for i in choice.ids)
    try:
        result, ranges, shifts = compute(
            atlas, sel.border_set, choice.ids, choice.weights, dirs, method, missing
        )
    except index.IndexInputError as exc:
        st.warning(exc.message(lang))
        return
    labels = {i: cat[i].label(lang) for i in result.weights}
    decimals = 1 if method == "minmax" else 2
    view = maps.map_layer(
        "index", atlas, sel, score=result.score, rank=result.rank, decimals=decimals, method=method
    )
    _map(atlas, sel, view, ranges)
    st.markdown(_components(atlas, result, lang), unsafe_allow_html=True)
    st.header(t("idx_method_title", lang))
    st.markdown(
        f"<p data-testid='rd-ix-method'>{html.escape(method_text(result, lang, labels))}</p>",
        unsafe_allow_html=True,
    )
    method_df = method_table(result, labels, lang)
    weight_col = t("peers_index_col_weight", lang)
    shown = method_df.assign(
        **{weight_col: [number(100 * w, 1, lang, "%") for w in method_df[weight_col]]}
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    table = ranking_table(atlas, sel, result, ranges)
    st.header(t("idx_ranking", lang))
    note = typology_note(atlas, sel.border_set, lang)
    st.caption(note)
    st.dataframe(
        _shown(table, atlas, result, decimals, lang), hide_index=True, width="stretch", height=420
    )
    _downloads(table, method_df, f"{_source_line(atlas, result, labels, lang)} {note}", sel)
    _sensitivity(atlas, sel, ranges, shifts, labels)
