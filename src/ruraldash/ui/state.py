"""The selection in session state, seeded once from the URL and written back to it on every run."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.core.memo import Memo
from ruraldash.core.safetext import inert_markdown
from ruraldash.core.vocab import BORDER_SETS
from ruraldash.data.atlas import Atlas
from ruraldash.features import search
from ruraldash.features.choropleth import group_values
from ruraldash.features.pagestate import page_query
from ruraldash.features.selection import TYPOLOGIES, Selection, from_query, is_nis, to_query
from ruraldash.ui.navigation import LANG_KEY

KEY = "rd_selection"


_ALLOWED = Memo(4)
"""What a link may name, once per atlas (every new session's first run needs it)."""


def _allowed(atlas: Atlas) -> dict:
    units = {bs: set(atlas.units(bs).index) for bs in BORDER_SETS}
    provinces = set(atlas.units("2019")["province"])
    types = {
        ty: set(group_values(atlas, "2019", ty).dropna())
        | set(group_values(atlas, "2025", ty).dropna())
        for ty in TYPOLOGIES
    }
    successors = search.successors(atlas.bundle.mapping, atlas.units("2025").index)
    largest = search.largest_parts(atlas)
    return {
        "units": units,
        "provinces": provinces,
        "types": types,
        "successors": successors,
        "largest": largest,
    }


REFUSED_KEY = "rd_refused"
SHOWN_VALUE = 30  # characters of a refused URL value quoted in the notice


def refused_text(refused: list[str], params: dict[str, str]) -> str:
    """``k=“0”, taal=“fr”``: each refused parameter with the value the link gave (escaped)."""
    parts = []
    for name in dict.fromkeys(refused):
        raw = str(params.get(name, "") or "")
        shown = raw if len(raw) <= SHOWN_VALUE else raw[: SHOWN_VALUE - 1] + "…"
        parts.append(f"{name}=“{shown}”" if raw else name)
    return inert_markdown(", ".join(parts))


def current(atlas: Atlas) -> Selection:
    """The session's selection; on the first run it comes from the URL.

    Values the link gave that were not understood are named in a Dutch notice at the top of every
    page, with what was used instead (the default), until the user changes the view.
    """
    if KEY not in st.session_state:
        params = {k: st.query_params.get(k) for k in st.query_params}
        allowed = _ALLOWED.get(id(atlas), (atlas,), lambda: _allowed(atlas))
        sel, refused = from_query(params, atlas.catalogue, **allowed)
        st.session_state[KEY] = sel
        if refused:
            st.session_state[REFUSED_KEY] = (refused_text(refused, params), sel)
    sel = st.session_state[KEY]
    notice = st.session_state.get(REFUSED_KEY)
    if notice and notice[1] == sel:
        st.warning(t("url_refused", sel.lang, names=notice[0]))
    elif notice:
        st.session_state.pop(REFUSED_KEY)
    return sel


WIDGET_PREFIXES = ("w_", "np_", "pf_", "ix_", "cmp_", "idx_", "orf", "bv_", "tour_", "mon_", "tt_")
"""Keys of the app's widgets: their values are ids (codes, slugs, numbers), never labels."""
NOT_REHANDED = ("w_lang", "np_session_pick", "np_session_title")
"""Widgets given a default in their call (re-setting them would make Streamlit warn)."""
PAGE_KEY = "rd_page"


def language_switched() -> None:
    """The language radio's callback (runs before the script): remember the choice, re-hand ids."""
    st.session_state[LANG_KEY] = st.session_state.get("w_lang", "nl")
    rehand_widget_values()


def rehand_widget_values() -> None:
    """Hand every widget its value (an id) again through the session state.

    A select box tells the server which option is chosen by the option's *label*. After a
    language switch the browser would still send the old language's label, which matches no
    option, and the widget fell back to its first option on the next click (an English slide
    showed "Built parcels" instead of the chosen map). After a move to another page the sidebar's
    widgets are new widgets (a page has its own widget ids) and started empty: the provinces and
    the municipality were lost (Kaart → Vergelijken showed 139 instead of 39). Set through the
    session state, the value reaches the new widget and the browser, in the new language.
    """
    state = st.session_state
    for key in list(state.keys()):
        if key in NOT_REHANDED or not str(key).startswith(WIDGET_PREFIXES):
            continue
        value = state[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float | list | tuple):
            continue  # buttons, toggles, uploads and components keep their own state
        try:
            state[key] = value
        except st.errors.StreamlitAPIException:
            pass


def page_changed(page: str) -> None:
    """Called by the router before a page runs: on a move to another page, keep every choice."""
    if st.session_state.get(PAGE_KEY) not in (None, page):
        rehand_widget_values()
        if LANG_KEY in st.session_state:  # the new page's language radio shows the session's
            st.session_state["w_lang"] = st.session_state[LANG_KEY]
    st.session_state[PAGE_KEY] = page


def set_selection(sel: Selection) -> None:
    """Store a new selection (callbacks and widgets call this).

    A ``selected`` that is not a NIS code (a search box's placeholder text after a language
    switch) is dropped: the previous municipality stays selected.
    """
    if sel.selected is not None and not is_nis(sel.selected):
        previous = st.session_state.get(KEY)
        sel = sel.with_(selected=previous.selected if previous is not None else None)
    st.session_state[KEY] = sel


def sync_url(sel: Selection, page: str, extra: dict[str, str] | None = None) -> None:
    """Write the selection and ``page``'s own parameters into the URL when it changed (the
    other pages' parameters stay in the session, out of this page's link)."""
    wanted = page_query(to_query(sel), page) | (extra or {})
    have = {k: st.query_params.get(k) for k in st.query_params}
    if have != wanted:
        st.query_params.from_dict(wanted)


def app_url() -> str:
    """The app's own address (scheme, host and base path), without the page's path or query."""
    parts = urlsplit(st.context.url or "")
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    root = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{root}/{base}".rstrip("/") if base else root


def share_url(
    sel: Selection | None = None, page: str = "", extra: dict[str, str] | None = None
) -> str:
    """The link that restores this view: the app's address, ``page`` and the selection's parameters.

    ``page`` is the URL slug of the page (empty for the map, the start page). The address is
    taken without the current page's path, so a link made on ``/openruimtefonds`` is not
    ``/openruimtefonds/openruimtefonds`` (a blank page).
    """
    sel = sel if sel is not None else st.session_state.get(KEY, Selection())
    query = urlencode(page_query(to_query(sel), page) | (extra or {}))
    path = f"{app_url()}/{page}" if page else f"{app_url()}/"
    return path + (f"?{query}" if query else "")
