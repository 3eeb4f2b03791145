"""The fixed top-right toolbar of presentation mode (tour, contrast, exit), on every page.

Kept apart from the presentation view (which draws the map) so that the page chrome in
:mod:`ruraldash.ui.base` can show it without importing the map.
"""

from __future__ import annotations

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.features.selection import Selection
from ruraldash.features.steps import parse_step
from ruraldash.ui.state import KEY, set_selection

BAR_KEY = "rd_pres_bar"
BACK_KEY = "rd_pres_back_to_tour"


def _session_selection() -> Selection | None:
    return st.session_state.get(KEY)


def set_step(step: int | None) -> None:
    """Button callback: go to a step of the walk (None ends the walk)."""
    sel = _session_selection()
    if sel is None:
        return
    extra = {k: v for k, v in sel.extra.items() if k != "stap"}
    if step is not None:
        extra["stap"] = str(step)
    set_selection(sel.with_(extra=extra))


def _exit() -> None:
    """Button callback: leave presentation mode (and the walk) on any page."""
    sel = _session_selection()
    st.session_state["w_presentation"] = False
    if sel is not None:
        extra = {k: v for k, v in sel.extra.items() if k != "stap"}
        set_selection(sel.with_(presentation=False, extra=extra))


def _toggle_contrast() -> None:
    sel = _session_selection()
    contrast = not (sel.contrast if sel is not None else False)
    st.session_state["w_contrast"] = contrast
    if sel is not None:
        set_selection(sel.with_(contrast=contrast))


def toolbar(tour: bool = False) -> None:
    """The fixed top-right bar of presentation mode: start/stop the walk, contrast, exit.

    On a page reached from the walk (the notes, from its end screen) a link goes back to the
    step it came from (the session keeps the step).

    Parameters
    ----------
    tour : bool
        Offer the walk along the five facets (only the map page has it).
    """
    sel = _session_selection()
    lang = sel.lang if sel is not None else "nl"
    walking = sel is not None and parse_step(sel.extra.get("stap")) is not None
    bar = st.container(key=BAR_KEY, horizontal=True, horizontal_alignment="right", gap="small")
    if tour and walking:
        bar.button(t("pres_stop", lang), key="rd_pres_stop", on_click=set_step, args=(None,))
    elif tour:
        bar.button(
            t("pres_start", lang),
            key="rd_pres_start",
            type="primary",
            help=t("pres_start_help", lang),
            on_click=set_step,
            args=(1,),
        )
    elif walking:  # another page reached from the walk (the notes, from its end screen)
        if bar.button(t("pres_back_to_tour", lang), key=BACK_KEY, type="primary"):
            st.switch_page("pages/kaart.py")  # the session keeps the step
    bar.button(
        t("pres_contrast", lang),
        key="rd_pres_contrast",
        help=t("pres_contrast_help", lang),
        on_click=_toggle_contrast,
    )
    bar.button(
        t("pres_exit", lang),
        key="rd_exit_presentation",
        help=t("pres_exit_help", lang),
        on_click=_exit,
    )
