"""Presentation mode: the fixed toolbar (tour, contrast, exit) and the walk along the five facets."""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.selection import Selection
from ruraldash.features.steps import END, TOTAL, Step, StepError, parse_step, steps
from ruraldash.ui import mapsection
from ruraldash.ui.base import status_badge
from ruraldash.ui.state import KEY, set_selection
from ruraldash.ui.toolbar import set_step as _set_step
from ruraldash.ui.tourkeys import keys
from ruraldash.ui.views import mapview, monitortour, tourend

PREV_KEY, NEXT_KEY = "rd_step_prev", "rd_step_next"


def _session_selection() -> Selection | None:
    return st.session_state.get(KEY)


def current_step(sel: Selection) -> tuple[Selection, int | None]:
    """The walk's step from ``sel.extra["stap"]``; a bad value is dropped with a short notice.

    Outside presentation mode there is no walk: the parameter is dropped silently.
    """
    raw = sel.extra.get("stap")
    if raw is None:
        return sel, None
    n = parse_step(raw)
    if n is not None and sel.presentation:
        return sel, n
    if sel.presentation:
        st.toast(t("pres_step_bad", sel.lang, value=str(raw)[:12]))
    sel = sel.with_(extra={k: v for k, v in sel.extra.items() if k != "stap"})
    set_selection(sel)
    return sel, None


def _step_selection(sel: Selection, step: Step) -> Selection:
    """The user's view (borders, filters, number of classes, selection) on the step's indicator."""
    ind = step.indicator
    return sel.with_(indicator=ind.id, layer=ind.layer, year=None, breaks=(), scheme=step.scheme)


def _nav(step: Step, lang: str) -> None:
    """◀ Vorige · N / 5 · Volgende ▶; the keys (ruraldash.ui.tourkeys): arrows, PageUp/PageDown, B."""
    row = st.container(
        key="rd_step_nav", horizontal=True, vertical_alignment="center", wrap=False, gap="small"
    )
    n = step.number
    row.button(
        t("pres_prev", lang),
        key=PREV_KEY,
        disabled=n <= 1,
        on_click=_set_step,
        args=(n - 1,),
    )
    row.markdown(
        f"<span class='rd-step-counter'>{html.escape(t('pres_counter', lang, n=n, total=TOTAL))}"
        "</span>",
        unsafe_allow_html=True,
    )
    row.button(
        t("pres_next", lang),
        key=NEXT_KEY,
        disabled=n >= END,
        type="primary",
        on_click=_set_step,
        args=(n + 1,),
    )
    keys(n, END, _set_step)


def render_step(atlas: Atlas, sel: Selection, n: int) -> bool:
    """Step ``n`` of the walk: heading, one sentence, the map, its legend and source, navigation.

    Returns False (after a notice) when the catalogue lacks a step's indicator.
    """
    lang = sel.lang
    if n == END:
        return tourend.render(atlas, sel, PREV_KEY)
    try:
        step = steps(atlas.catalogue)[n - 1]
    except StepError:
        st.warning(t("pres_step_unavailable", lang))
        return False
    if monitortour.wanted(sel):  # the tour's option: the facet's map of change (the monitor)
        if monitortour.render(
            atlas, sel, step.number, step.heading(lang), lambda: _nav(step, lang)
        ):
            return True
    view_sel = _step_selection(sel, step)
    # the legend names the indicator without jargon ("a0–a2" in plain words)
    view = replace(mapview.layer(atlas, view_sel), title=step.title(lang))
    status = step.indicator.status
    badge = status_badge(status, lang) if status != "official" else ""
    st.markdown(
        f"<h1 class='rd-step-heading'>{html.escape(step.heading(lang))}</h1>"
        f"<p class='rd-step-sentence'>{html.escape(step.sentence(lang))} {badge}</p>",
        unsafe_allow_html=True,
    )
    left, right = st.columns([5, 2], gap="medium")
    with left:
        # the same widget key as the map page: a step change restyles the painted map in place
        mapsection.show_map(atlas, view, view_sel)
        mapview.footer_of(view, lang)
    with right:
        _nav(step, lang)
        st.markdown(mapsection.legend_html(view, view_sel), unsafe_allow_html=True)
        st.caption(t("pres_keys_hint", lang))
        monitortour.toggle(sel)
    return True
