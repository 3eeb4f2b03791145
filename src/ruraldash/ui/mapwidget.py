"""The map widget's shared pieces: static URL, click and search selection, projector styling.

Every page that shows an interactive map selects municipalities through these functions.
"""

from __future__ import annotations

import streamlit as st
from branca.element import Element

from ruraldash.core.config import settings
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features import search
from ruraldash.features.selection import Selection
from ruraldash.ui.state import KEY, set_selection

MAP_KEY = "rd_map"
SEARCH_KEY = "w_search"


def static_url() -> str:
    """Where the app serves ``static/`` (Leaflet), from config."""
    return settings().section("app").get("static_url", "/app/static")


PROJECTOR_CSS = (
    "<style>#map_div{height:100vh !important}body{overflow:hidden}"
    ".leaflet-tooltip,.leaflet-tooltip *{font-size:22px !important;line-height:1.3}</style>"
)
"""Inside the map iframe in presentation mode: the map fills the iframe (whose height the page CSS
sets from the viewport, see ``base.page_setup``) and tooltips are legible from the back of a hall."""


def projector_css(m) -> None:
    """Presentation mode: a map that fills its (viewport-sized) frame and large tooltips."""
    m.get_root().header.add_child(Element(PROJECTOR_CSS), name="ruraldash_projector")


def on_map_click() -> None:
    """st_folium callback: a click on a municipality selects it (before the script reruns)."""
    value = st.session_state.get(MAP_KEY) or {}
    feature = value.get("last_active_drawing") or {}
    code = (feature.get("properties") or {}).get("nis_code")
    sel: Selection | None = st.session_state.get(KEY)
    if code and sel is not None:
        set_selection(sel.with_(selected=str(code)))
        st.session_state[SEARCH_KEY] = str(code)


def _on_search(targets: dict[str, str]) -> None:
    sel: Selection | None = st.session_state.get(KEY)
    if sel is not None:
        option = st.session_state.get(SEARCH_KEY)
        set_selection(sel.with_(selected=targets.get(option, option), merged_from=option))


def search_box(atlas: Atlas, sel: Selection, container=st) -> None:
    """Find a municipality by name (2019–2024 or 2025 name) or NIS code."""
    labels = search.labels(atlas, sel.border_set)
    targets = search.targets(atlas, sel.border_set)
    options = [None, *sorted(labels, key=lambda c: labels[c].lower())]
    if (
        st.session_state.get(SEARCH_KEY) not in options
        or st.session_state.get(SEARCH_KEY) != sel.selected
    ):
        kept = sel.merged_from if targets.get(sel.merged_from) == sel.selected else sel.selected
        st.session_state[SEARCH_KEY] = kept if kept in labels else None
    container.selectbox(
        t("sb_search", sel.lang),
        options,
        key=SEARCH_KEY,
        on_change=_on_search,
        args=(targets,),
        format_func=lambda c: t("sb_search_placeholder", sel.lang) if c is None else labels[c],
    )
    note = search.merger_note(atlas, sel.border_set, sel.selected, sel.merged_from, sel.lang)
    if note:
        container.info(note)


def select(code: object) -> None:
    """Make ``code`` the selected municipality of every page (callbacks call this)."""
    sel: Selection | None = st.session_state.get(KEY)
    if code and sel is not None:
        set_selection(sel.with_(selected=str(code)))
        st.session_state[SEARCH_KEY] = str(code)


def select_on_click(map_key: str):
    """An ``st_folium`` on_change callback: a click on a municipality selects it."""

    def callback() -> None:
        feature = (st.session_state.get(map_key) or {}).get("last_active_drawing") or {}
        select((feature.get("properties") or {}).get("nis_code"))

    return callback
