"""The Open Ruimtefonds map: view switch, choropleth, legend, search, selected municipality."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features import maps
from ruraldash.features.maps import MapLayer
from ruraldash.features.orf import notes as orfnotes
from ruraldash.features.orf import view as orfpage
from ruraldash.features.selection import Selection
from ruraldash.ui import mapsection
from ruraldash.ui.downloads import orf_exports
from ruraldash.ui.views.orfinputs import Controls, badge, source_line, status
from ruraldash.ui.views.orfinputs import statuses as statuses_of

MAP_KEY = "rd_orf_map"
Frames = dict[str, pd.DataFrame]
_VIEW = {  # view -> (column of the scenario frame, decimals, unit key)
    "amount": ("amount", 0, "orfp_unit_eur"),
    "per_inhabitant": ("per_inhabitant", 2, "orfp_unit_eur_inh"),
    "per_ha": ("per_ha", 2, "orfp_unit_eur_ha"),
}


def _layer(
    atlas: Atlas,
    sel: Selection,
    view: str,
    scenario: str,
    frames: Frames,
    inputs: orfpage.Inputs,
    controls: Controls,
    keep: pd.Series | None = None,
) -> MapLayer:
    """The map layer of one view (the title, unit and status labels travel in the layer);
    municipalities outside the page's type/province filter (``keep``) are grey."""
    lang = sel.lang
    budgets = {s: orfpage.budget_text(b, lang) for s, b in controls.budgets.items()}
    labels = orfpage.own_labels(controls.budgets, view, scenario, lang)
    common = {
        "excluded": inputs.centrumstad,
        "names": inputs.names,
        "source": source_line(atlas, inputs, controls, lang),
        "own": bool(orfpage.own_scenarios(controls.budgets, view, scenario)),
        "legend_title": t(f"orfp_view_{view}", lang),
        "in_filter": keep,
    }
    if view == "key":
        unit = t("orfp_unit_pct", lang)
        values, decimals, kind = frames["A"]["share"] * 100, 3, "orf"
        title, statuses = t("orfp_title_key", lang), [t("orf_status_indicative", lang)]
    elif view == "diff":
        unit = t("orfp_unit_eur", lang)
        values, decimals, kind = frames["B"]["amount"] - frames["A"]["amount"], 0, "orf_diff"
        title = t("orfp_title_diff", lang, budget_a=budgets["A"], budget_b=budgets["B"])
        statuses = statuses_of(controls, lang)
    else:
        column, decimals, unit_key = _VIEW[view]
        unit, values, kind = t(unit_key, lang), frames[scenario][column], "orf"
        title = t(f"orfp_title_{view}", lang, s=scenario, budget=budgets[scenario])
        statuses = [status(controls.ceilings, scenario, lang)]
    return maps.map_layer(
        kind, atlas, sel, values=values, decimals=decimals, unit=unit, title=title,
        statuses=statuses + labels, **common,
    )  # fmt: skip


def _notes(atlas: Atlas, inputs: orfpage.Inputs, frames: Frames, sel: Selection, caps) -> None:
    """The selected municipality's merger and which ceiling applies (and whether data can tell)."""
    code, lang = sel.selected, sel.lang
    if code not in inputs.names.index:
        return
    merger = orfnotes.merger_note(atlas, sel.border_set, code, lang)
    capped = next((frames[s] for s in ("A", "B") if caps.applied.get(s)), None)
    reduced = bool(caps.reduced_cap.get(code, False))
    ceiling = orfnotes.ceiling_note(code, bool(inputs.centrumstad[code]), reduced, capped, lang)
    for note in (merger, ceiling):
        if note:
            st.caption(note)


def _panel(inputs: orfpage.Inputs, frames: Frames, sel: Selection) -> None:
    """Share and amounts of the selected municipality in both scenarios."""
    lang, code = sel.lang, sel.selected
    st.markdown(f"**{t('orfp_panel_title', lang)}**")
    if not code or code not in inputs.names.index:
        st.caption(t("orfp_panel_hint", lang))
        return
    lines = [
        f"<div style='font-size:1.3em;font-weight:700'>{html.escape(str(inputs.names[code]))}</div>",
        html.escape(orfpage.type_label(inputs.types[code], lang)),
    ]
    if inputs.centrumstad[code]:
        lines.append(f"<b>{html.escape(t('orfp_panel_excluded', lang))}</b>")
    else:
        share = number(frames["A"].at[code, "share"] * 100, 3, lang, "%")
        lines.append(f"{html.escape(t('orfp_panel_share', lang))}: <b>{html.escape(share)}</b>")
        for s, frame in frames.items():
            row = frame.loc[code]
            parts = [
                number(row["amount"], 0, lang, "euro"),
                number(row["per_inhabitant"], 2, lang, t("orfp_unit_eur_inh", lang)),
                number(row["per_ha"], 2, lang, t("orfp_unit_eur_ha", lang)),
            ]
            capped = f" ({t('orfp_panel_capped', lang)})" if bool(row["capped"]) else ""
            lines.append(
                f"{html.escape(t('orfp_scenario', lang, s=s))}: <b>{html.escape(parts[0])}</b>"
                f"{html.escape(capped)}<br><span style='color:#555'>"
                f"{html.escape(parts[1])} · {html.escape(parts[2])}</span>"
            )
    st.markdown("<br>".join(lines), unsafe_allow_html=True)


def map_section(
    atlas: Atlas,
    sel: Selection,
    inputs: orfpage.Inputs,
    frames: Frames,
    controls: Controls,
    keep: pd.Series | None = None,
) -> None:
    """View switch, the map with legend, search and selected municipality (its merger and
    ceiling), and its sources; municipalities outside the page's filter (``keep``) are grey."""
    lang = sel.lang
    url_view, url_scenario = orfpage.view_from_url(sel.extra)
    st.session_state.setdefault("w_orf_view", url_view)
    st.session_state.setdefault("w_orf_view_s", url_scenario)
    left_pick, right_pick = st.columns([5, 2])
    view = left_pick.radio(
        t("orfp_view_label", lang),
        orfpage.VIEWS,
        key="w_orf_view",
        horizontal=True,
        format_func=lambda v: t(f"orfp_view_{v}", lang),
    )
    scenario = right_pick.radio(
        t("orfp_view_scenario", lang),
        ["A", "B"],
        key="w_orf_view_s",
        horizontal=True,
        disabled=view in ("key", "diff"),
    )
    layer = _layer(atlas, sel, view, scenario, frames, inputs, controls, keep)
    labels = list(layer.extra["statuses"])
    st.markdown(
        f"<h2 style='margin-bottom:0'>{html.escape(layer.title)} "
        f"{' '.join(badge(x) for x in labels)}</h2>",
        unsafe_allow_html=True,
    )
    if view == "per_ha" and not controls.ceilings[scenario]:
        st.caption(t("orfp_per_ha_constant", lang))

    def below() -> None:
        st.markdown(
            f"<div class='rd-footer'>{html.escape(layer.source)}</div>", unsafe_allow_html=True
        )

    mapsection.map_section(
        atlas,
        layer,
        sel,
        key=MAP_KEY,
        height="460px",
        columns=(5, 2),
        side=lambda: (
            _panel(inputs, frames, sel),
            _notes(atlas, inputs, frames, sel, controls.caps),
        ),
        below=below,
    )
    stem = ["openruimtefonds", "kaart", view]
    offline = mapsection.offline_item(atlas, layer, sel, stem)
    st.download_button(*offline, key="rd_orf_html", on_click="ignore")
    orf_exports(atlas, sel, layer, view=view)
