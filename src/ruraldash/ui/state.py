"""The selection in session state, seeded once from the URL and written back to it on every run."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.core.vocab import BORDER_SETS
from ruraldash.data.atlas import Atlas
from ruraldash.features import search
from ruraldash.features.choropleth import group_values
from ruraldash.features.selection import TYPOLOGIES, Selection, from_query, is_nis, to_query

KEY = "rd_selection"


def _allowed(atlas: Atlas) -> dict:
    units = {bs: set(atlas.units(bs).index) for bs in BORDER_SETS}
    provinces = set(atlas.units("2019")["province"])
    types = {
        ty: set(group_values(atlas, "2019", ty).dropna())
        | set(group_values(atlas, "2025", ty).dropna())
        for ty in TYPOLOGIES
    }
    successors = search.successors(atlas.bundle.mapping, atlas.units("2025").index)
    return {"units": units, "provinces": provinces, "types": types, "successors": successors}


def current(atlas: Atlas) -> Selection:
    """The session's selection; on the first run it comes from the URL (refused parameters noticed)."""
    if KEY not in st.session_state:
        params = {k: st.query_params.get(k) for k in st.query_params}
        sel, refused = from_query(params, atlas.catalogue, **_allowed(atlas))
        st.session_state[KEY] = sel
        if refused:
            st.session_state["rd_refused"] = refused
    refused = st.session_state.pop("rd_refused", None)
    sel = st.session_state[KEY]
    if refused:
        st.toast(t("url_refused", sel.lang, names=", ".join(sorted(set(refused)))[:200]))
    return sel


def set_selection(sel: Selection) -> None:
    """Store a new selection (callbacks and widgets call this).

    A ``selected`` that is not a NIS code (a search box's placeholder text after a language
    switch) is dropped: the previous municipality stays selected.
    """
    if sel.selected is not None and not is_nis(sel.selected):
        previous = st.session_state.get(KEY)
        sel = sel.with_(selected=previous.selected if previous is not None else None)
    st.session_state[KEY] = sel


def sync_url(sel: Selection, extra: dict[str, str] | None = None) -> None:
    """Write the selection (plus page-specific parameters) into the URL when it changed."""
    wanted = to_query(sel) | (extra or {})
    have = {k: st.query_params.get(k) for k in st.query_params}
    if have != wanted:
        st.query_params.from_dict(wanted)


def share_url(
    sel: Selection | None = None, page: str = "", extra: dict[str, str] | None = None
) -> str:
    """The link that restores this view: the app's address, ``page`` and the selection's parameters.

    ``page`` is the URL slug of the page (empty for the map, the start page).
    """
    sel = sel if sel is not None else st.session_state.get(KEY, Selection())
    base = (st.context.url or "").rstrip("/")
    query = urlencode(to_query(sel) | (extra or {}))
    path = f"{base}/{page}" if page else f"{base}/"
    return path + (f"?{query}" if query else "")
