"""The Open Ruimtefonds page body: the rule, two scenarios, map, table, comparison and exports.

Every amount is labelled "indicatief, vóór plafonds" (or "met plafonds" once the user applies the
ceilings with an uploaded Gemeentefonds table): on the map title, the table heading and in exports.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number, signed
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain import allocation
from ruraldash.features.orf import filter as orffilter
from ruraldash.features.orf import view as orfpage
from ruraldash.features.pagestate import OrfState, merge
from ruraldash.features.selection import Selection
from ruraldash.features.typenote import typology_note
from ruraldash.ui.downloads import download_row, table_items
from ruraldash.ui.state import share_url
from ruraldash.ui.views import orffilter as filterbar
from ruraldash.ui.views import orfinputs, orfmap

VVSG_URL = "https://knw.vvsg.be/nieuws/hoe-verdeelt-vlaanderen-extra-middelen-open-ruimte"
RINGTV_URL = (
    "https://www.ringtv.be/politiek-economie-groen/"
    "landelijke-gemeenten-zien-dotatie-bijna-verdubbelen-meer-middelen-naar-het"
)
_QUOTES = ("orfp_quote_key", "orfp_quote_centrum", "orfp_quote_reduced", "orfp_quote_normal")


def header(atlas: Atlas, inputs: orfpage.Inputs, lang: str) -> None:
    """Title with the status badge, the rule (summary and quotes with link) and the data years."""
    st.markdown(
        f"<h1 style='margin-bottom:0;font-size:1.7rem'>{html.escape(t('orf_title', lang))} "
        f"{orfinputs.badge(t('orf_status_indicative', lang))}</h1>",
        unsafe_allow_html=True,
    )
    st.caption(t("orfp_intro", lang))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(t("orf_rule_summary", lang))
        with st.expander(t("orfp_rule_heading", lang)):
            st.markdown(t("orfp_rule_intro", lang, url=atlas.datasets["orf_rule"].url))
            st.markdown("\n\n".join(f"> {t(q, lang)}" for q in _QUOTES))
            st.markdown(t("orfp_quote_vvsg_intro", lang, url=VVSG_URL))
            st.markdown(f"> {t('orfp_quote_vvsg', lang)}")
    right.info(
        t("orf_no_official_amounts", lang)
        + "\n\n"
        + t("orfp_data_year", lang)
        + " "
        + t("orfp_population_year", lang, year=inputs.population_year)
        + "\n\n"
        + t("orfp_budget_press", lang, url=RINGTV_URL)
    )


def scenarios(inputs: orfpage.Inputs, controls: orfinputs.Controls) -> dict[str, pd.DataFrame]:
    """Scenario A and B (key -> amounts -> optional ceilings -> ratios)."""
    caps = controls.caps
    return {
        s: allocation.scenario(
            inputs.open_space_ha,
            inputs.centrumstad,
            budget,
            gemeentefonds_prev_eur=caps.gemeentefonds if caps.applied[s] else None,
            reduced_cap=caps.reduced_cap,
            population=inputs.population,
        )
        for s, budget in controls.budgets.items()
    }


def metrics(frames: dict[str, pd.DataFrame], controls: orfinputs.Controls, lang: str) -> None:
    """One row: distributed per scenario, held back by ceilings, difference, eligible; notes."""
    ceilings = controls.ceilings
    heads = [
        f"{html.escape(t('orfp_scenario', lang, s=s))} "
        f"({html.escape(orfpage.budget_text(b, lang))}) {orfinputs.badge(orfinputs.status(ceilings, s, lang))}"
        + (f" {orfinputs.badge(t('px_own_scenario', lang))}" if orfpage.is_own_budget(b) else "")
        for s, b in controls.budgets.items()
    ]
    st.markdown(" &nbsp;·&nbsp; ".join(heads), unsafe_allow_html=True)
    items = []
    for s, frame in frames.items():
        total = float(frame["amount"].sum())
        items.append((t("orfp_metric_distributed", lang, s=s), number(total, 0, lang, "euro"), ""))
        if ceilings[s]:
            held = number(controls.budgets[s] - total, 0, lang, "euro")
            items.append(
                (t("orfp_metric_held_back", lang, s=s), held, "orfp_metric_held_back_help")
            )
    diff = float(frames["B"]["amount"].sum() - frames["A"]["amount"].sum())
    items.append((t("orfp_view_diff", lang), signed(diff, 0, lang, "euro"), ""))
    eligible = int(frames["A"]["amount_before_caps"].gt(0).sum())
    items.append((t("orfp_metric_eligible", lang), str(eligible), "orfp_metric_eligible_help"))
    for col, (label, text, helpkey) in zip(st.columns(len(items)), items, strict=True):
        col.metric(label, text, help=t(helpkey, lang) if helpkey else None)
    for s, frame in frames.items():
        for note in orfpage.scenario_notes(frame, controls.budgets[s], lang)[1:]:
            st.caption(f"{s}: {orfinputs.md_escape(note)}")


def _styled(table: pd.DataFrame, decimals: dict[str, int], lang: str):
    """Belgian number display in the grid; the values stay numeric (sorting works)."""
    formats = {c: (lambda v, d=d: number(v, d, lang)) for c, d in decimals.items()}
    return table.style.format(formats)


def _shown(sel: Selection) -> Selection:
    """The selection with the map view and scenario picked on the page (for the URL)."""
    view = (st.session_state.get("w_orf_view", "amount"), st.session_state.get("w_orf_view_s", "A"))
    return sel.with_(extra=orfpage.view_to_url(sel.extra, *view))


def _downloads(
    table: pd.DataFrame,
    source: str,
    title: str,
    stem: list[str],
    controls,
    sel: Selection,
    decimals: dict[str, int] | None = None,
) -> None:
    """CSV/XLSX rounded as on screen, with a metadata sheet (filter included); a typed budget is
    'eigen scenario'."""
    lang, link = sel.lang, share_url(_shown(sel), "openruimtefonds")
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    decimals = decimals or {c: orfpage.table_decimals(c, lang) for c in numeric}
    statuses = orfinputs.statuses(controls, lang) + [
        f"{s}: {t('px_own_scenario', lang)}"
        for s, b in controls.budgets.items()
        if orfpage.is_own_budget(b)
    ]
    meta = orfpage.export_meta(controls.budgets, statuses, source, link, lang)
    meta.insert(1, (t("px_meta_filter", lang), orffilter.filter_what(sel, lang)))
    items = table_items(
        table,
        source=source,
        sheet=orfpage.sheet_name(title),
        title=orfpage.export_heading(title, statuses, orffilter.filter_what(sel, lang)),
        stem=["openruimtefonds", *stem],
        lang=lang,
        decimals=decimals,
        meta=meta,
    )
    download_row(items, f"rd_orf_{stem[0]}")


def table_section(
    atlas: Atlas,
    sel: Selection,
    inputs: orfpage.Inputs,
    frames: orfmap.Frames,
    controls: orfinputs.Controls,
    keep: pd.Series,
) -> None:
    """Who receives what (both scenarios, the municipalities inside the filter), with exports."""
    lang = sel.lang
    badges = " ".join(orfinputs.badge(x) for x in orfinputs.statuses(controls, lang))
    st.markdown(
        f"<h2 style='margin-bottom:0'>{html.escape(t('orfp_table_heading', lang))} {badges}</h2>",
        unsafe_allow_html=True,
    )
    if orffilter.is_filtered(sel):
        st.caption(t("orfp_table_filtered", lang, what=orffilter.filter_what(sel, lang)))
    shown = {s: f[keep.reindex(f.index).fillna(False)] for s, f in frames.items()}
    table = orfpage.municipality_table(_kept(inputs, keep), shown, controls.ceilings, lang)
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    decimals = {c: orfpage.table_decimals(c, lang) for c in numeric}
    st.dataframe(_styled(table, decimals, lang), hide_index=True, height=420)
    source = orfinputs.source_line(atlas, inputs, controls, lang)
    source = f"{source.rstrip('.')}; {typology_note(atlas, sel.border_set, lang)}"
    st.markdown(f"<div class='rd-footer'>{html.escape(source)}</div>", unsafe_allow_html=True)
    stem = ["gemeenten", sel.border_set, date.today().isoformat()]
    _downloads(table, source, t("orfp_export_title", lang), stem, controls, sel)


def compare_section(
    atlas: Atlas,
    sel: Selection,
    inputs: orfpage.Inputs,
    frames: orfmap.Frames,
    controls: orfinputs.Controls,
    keep: pd.Series,
) -> None:
    """Gains and losses of B against A per type of municipality (inside the filter)."""
    lang = sel.lang
    a, b = (frames[s]["amount"][keep.reindex(frames[s].index).fillna(False)] for s in "AB")
    group = orffilter.groups(atlas, sel, inputs)
    _, per_group = allocation.compare(a, b, group[a.index])
    st.header(t("orfp_compare_heading", lang))
    st.caption(t("orfp_compare_caption", lang))
    st.caption(typology_note(atlas, sel.border_set, lang, sel.typology))
    if int(per_group["n_gain"].sum() + per_group["n_loss"].sum()) == 0:
        st.info(t("orfp_same_note", lang))
    table = orfpage.group_table(per_group, lang)
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    st.dataframe(_styled(table, dict.fromkeys(numeric, 0), lang), hide_index=True)
    source = orfinputs.source_line(atlas, inputs, controls, lang)
    source = f"{source.rstrip('.')}; {typology_note(atlas, sel.border_set, lang, sel.typology)}"
    stem = ["vergelijking", sel.border_set, date.today().isoformat()]
    _downloads(table, source, t("orfp_export_group_title", lang), stem, controls, sel)


def _kept(inputs: orfpage.Inputs, keep: pd.Series) -> orfpage.Inputs:
    """The inputs restricted to the municipalities inside the filter."""
    codes = keep.index[keep]
    return orfpage.Inputs(
        border_set=inputs.border_set,
        names=inputs.names.loc[codes],
        types=inputs.types.reindex(codes),
        provinces=inputs.provinces.reindex(codes),
        open_space_ha=inputs.open_space_ha.reindex(codes),
        centrumstad=inputs.centrumstad.reindex(codes),
        population=inputs.population.reindex(codes),
        population_year=inputs.population_year,
    )


def filterbar_in(slot, atlas: Atlas, sel: Selection) -> Selection:
    """The filter row at the top of the page (in ``slot``), above the metrics."""
    with slot:
        return filterbar.bar(atlas, sel)


def render(atlas: Atlas, sel: Selection) -> Selection:
    """The whole page body; returns the selection with the budgets in ``extra`` (for the URL)."""
    inputs = orfpage.load_inputs(atlas, sel.border_set)
    budgets, with_budgets, notices = orfinputs.budgets(sel)
    header(atlas, inputs, sel.lang)
    joins = orfpage.centrumstad_2025_warning(atlas, sel.border_set, sel.lang)
    if joins:
        st.warning(joins)
    for notice in notices:
        st.warning(notice)
    slot = st.container()
    controls = orfinputs.Controls(budgets, orfinputs.ceilings(inputs, sel.lang))
    frames = scenarios(inputs, controls)
    sel = filterbar_in(slot, atlas, with_budgets)  # the sections' links carry budgets and filter
    with_budgets = sel
    keep = orffilter.inside(sel, inputs, orffilter.groups(atlas, sel, inputs))
    with slot:
        metrics(frames, controls, sel.lang)
        if orffilter.is_filtered(sel):
            what = orffilter.filter_what(sel, sel.lang)
            st.info(orffilter.summary(frames, keep, what, sel.lang))
    orfmap.map_section(atlas, sel, inputs, frames, controls, keep)
    source = orfinputs.source_line(atlas, inputs, controls, sel.lang)
    filterbar.section(
        atlas,
        sel,
        inputs,
        frames,
        keep,
        source,
        lambda table, line, title, stem, dec: _downloads(
            table, line, title, stem, controls, sel, dec
        ),
    )
    table_section(atlas, sel, inputs, frames, controls, keep)
    compare_section(atlas, sel, inputs, frames, controls, keep)
    shown = (
        st.session_state.get("w_orf_view", "amount"),
        st.session_state.get("w_orf_view_s", "A"),
    )
    state = OrfState(budgets["A"], budgets["B"], *shown)  # the page's URL parameters
    return with_budgets.with_(extra=merge(with_budgets.extra, state))
