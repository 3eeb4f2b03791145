"""The Open Ruimtefonds map: view switch, choropleth, legend, search, selected municipality."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.orf import notes as orfnotes
from ruraldash.features.orf import view as orfpage
from ruraldash.features.selection import Selection
from ruraldash.render import exports, maplayer, maps
from ruraldash.ui import mapwidget
from ruraldash.ui.downloads import orf_exports
from ruraldash.ui.mapwidget import search_box
from ruraldash.ui.views.orfinputs import Controls, badge, source_line, status, statuses

MAP_KEY = "rd_orf_map"
Frames = dict[str, pd.DataFrame]
_VIEW = {  # view -> (column of the scenario frame, decimals, unit key)
    "amount": ("amount", 0, "orfp_unit_eur"),
    "per_inhabitant": ("per_inhabitant", 2, "orfp_unit_eur_inh"),
    "per_ha": ("per_ha", 2, "orfp_unit_eur_ha"),
}


def _layer(
    view: str,
    scenario: str,
    frames: Frames,
    inputs: orfpage.Inputs,
    controls: Controls,
    lang: str,
    keep: pd.Series | None = None,
) -> tuple[orfpage.MapLayer, str, str, list[str]]:
    """(map layer, title, unit, status labels) of one view; ``keep``: the page's filter."""
    budgets = {s: orfpage.budget_text(b, lang) for s, b in controls.budgets.items()}
    kwargs = {"excluded": inputs.centrumstad, "names": inputs.names, "lang": lang, "inside": keep}
    if view == "key":
        unit = t("orfp_unit_pct", lang)
        layer = orfpage.map_layer(frames["A"]["share"] * 100, decimals=3, unit=unit, **kwargs)
        return layer, t("orfp_title_key", lang), unit, [t("orf_status_indicative", lang)]
    if view == "diff":
        unit = t("orfp_unit_eur", lang)
        diff = frames["B"]["amount"] - frames["A"]["amount"]
        layer = orfpage.map_layer(diff, decimals=0, unit=unit, diverging=True, **kwargs)
        title = t("orfp_title_diff", lang, budget_a=budgets["A"], budget_b=budgets["B"])
        return layer, title, unit, statuses(controls, lang)
    column, decimals, unit_key = _VIEW[view]
    unit = t(unit_key, lang)
    layer = orfpage.map_layer(frames[scenario][column], decimals=decimals, unit=unit, **kwargs)
    title = t(f"orfp_title_{view}", lang, s=scenario, budget=budgets[scenario])
    return layer, title, unit, [status(controls.ceilings, scenario, lang)]


def _notes(atlas: Atlas, inputs: orfpage.Inputs, frames: Frames, sel: Selection, caps) -> None:
    """The selected municipality's merger and which ceiling applies (and whether data can tell)."""
    code, lang = sel.selected, sel.lang
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
    """View switch, the map with legend, search and selected municipality, and its sources;
    municipalities outside the page's filter (``keep``) are grey."""
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
    layer, title, unit, labels = _layer(view, scenario, frames, inputs, controls, lang, keep)
    labels = labels + orfpage.own_labels(controls.budgets, view, scenario, lang)
    st.markdown(
        f"<h3 style='margin-bottom:0'>{html.escape(title)} "
        f"{' '.join(badge(x) for x in labels)}</h3>",
        unsafe_allow_html=True,
    )
    if view == "per_ha" and not controls.ceilings[scenario]:
        st.caption(t("orfp_per_ha_constant", lang))
    legend = maps.legend_html(
        None,
        maplayer.contrast_palette(layer.colours) if sel.contrast else layer.colours,
        layer.labels,
        layer.counts,
        title=title,
        unit=unit,
        missing_count=layer.n_missing,
        lang=lang,
    )
    left, right = st.columns([5, 2], gap="medium")
    with left:
        geo = mapwidget.geometry(atlas, sel.border_set)
        data = maplayer.payload(
            geo,
            layer.frame,
            mapwidget.labels(lang),
            selected=sel.selected,
            meta="; ".join(labels),
            contrast=sel.contrast,
            big=sel.presentation,
        )
        mapwidget.show_map(
            geo, data, key=MAP_KEY, height="460px", label=t("map_aria_label", lang, title=title)
        )
    with right:
        st.markdown(legend, unsafe_allow_html=True)
        search_box(atlas, sel)
        _panel(inputs, frames, sel)
        if sel.selected in inputs.names.index:
            _notes(atlas, inputs, frames, sel, controls.caps)
    source = source_line(atlas, inputs, controls, lang)
    st.markdown(f"<div class='rd-footer'>{html.escape(source)}</div>", unsafe_allow_html=True)
    stem = ["kaart", view, sel.border_set, date.today().isoformat()]
    heading = f"{title} ({'; '.join(labels)})"
    st.download_button(
        t("download_html", lang),
        lambda: maps.standalone_html(
            maps.build_choropleth(
                atlas.geojson(sel.border_set),
                layer.frame,
                selected=sel.selected,
                static_url=mapwidget.static_url(),
                lang=lang,
            ),
            heading,
            source,
            legend,
        ).encode("utf-8"),
        exports.filename("openruimtefonds", *stem, ext="html"),
        "text/html",
        key="rd_orf_html",
        on_click="ignore",
    )
    own = bool(orfpage.own_scenarios(controls.budgets, view, scenario))
    orf_exports(
        atlas,
        sel,
        layer,
        view=view,
        title=title,
        unit=unit,
        statuses=labels,
        source=source,
        own=own,
    )
