"""The start panel of the map page: what this is and three ways in; dismissible, remembered.

Closing it stores ``start=0`` in the selection's URL parameters (and so in the session and in
every shared link); ``?start=1`` opens it again. Hidden in presentation mode.
"""

from __future__ import annotations

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.features.selection import Selection
from ruraldash.ui.sharelink import copy_button
from ruraldash.ui.state import KEY, set_selection

PARAM = "start"


def _set_open(is_open: bool) -> None:
    sel: Selection | None = st.session_state.get(KEY)
    if sel is None:
        return
    extra = {k: v for k, v in sel.extra.items() if k != PARAM}
    if not is_open:
        extra[PARAM] = "0"
    set_selection(sel.with_(extra=extra))


def _atelier() -> None:
    """The third way in: presentation mode with the walk along the five facets."""
    sel: Selection | None = st.session_state.get(KEY)
    if sel is None:
        return
    st.session_state["w_presentation"] = True
    extra = {k: v for k, v in sel.extra.items() if k != PARAM} | {PARAM: "0", "stap": "1"}
    set_selection(sel.with_(presentation=True, extra=extra))


def is_open(sel: Selection) -> bool:
    """Open unless closed in this session or link (``start=0``), and never in presentation mode."""
    return sel.extra.get(PARAM) != "0" and not sel.presentation


def render(sel: Selection) -> None:
    """The panel (when open) above the map, and the copy-link button in the sidebar."""
    lang = sel.lang
    if not sel.presentation:  # no sidebar widgets in presentation mode
        with st.sidebar:
            copy_button(lang)
    if not is_open(sel):
        return
    with st.container(border=True, key="rd_start_panel"):
        head, close = st.columns([7, 1], vertical_alignment="center")
        head.markdown(f"**{t('sp_title', lang)}** {t('sp_what', lang)}")
        close.button(
            t("sp_close", lang),
            key="rd_start_close",
            on_click=_set_open,
            args=(False,),
            width="stretch",
        )
        ways = (
            ("sp_briefing", {"on_click": _set_open, "args": (False,)}),
            ("sp_municipality", None),
            ("sp_atelier", {"on_click": _atelier}),
        )
        for col, (title, action) in zip(st.columns(3), ways, strict=True):
            label = t(f"{title}_go", lang)
            if action is None:
                if col.button(label, key=f"rd_start_{title}", width="stretch"):
                    st.switch_page("pages/profiel.py")
            else:
                col.button(label, key=f"rd_start_{title}", width="stretch", **action)
            col.caption(t(f"{title}_text", lang))
