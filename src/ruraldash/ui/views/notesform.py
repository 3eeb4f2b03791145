"""The note form: municipality and facet (kept in the link), then the note editor.

The text, the table or group and Save live in the note editor (:mod:`ruraldash.ui.noteeditor`, a
custom component v2 that keeps its draft in the browser). Only the server's answer shows
"bewaard" (:func:`ruraldash.features.notes.saving.save_note`); a database that is down keeps the
form and its text, says so, and the editor saves the note by itself when the database is back.
"""

from __future__ import annotations

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.core.vocab import facet_label
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS
from ruraldash.features import notes
from ruraldash.features.notes import saving
from ruraldash.features.selection import Selection
from ruraldash.ui import noteeditor
from ruraldash.ui.state import KEY, set_selection
from ruraldash.ui.views.notessession import shared_store, title_line

FACET_PARAM = "nfacet"
ANSWER_KEY = "np_answer"
TOKEN_KEY = "np_token"


def _store() -> tuple[notes.NoteStore | None, notes.NoteStoreUnavailable | None]:
    try:
        return shared_store(notes.default_notes_url()), None
    except notes.NoteStoreUnavailable as exc:
        return None, exc


def _on_save(session: notes.Session, lang: str):
    """The editor's Save: save (or find saved) and keep the answer for the editor."""

    def callback() -> None:
        request = noteeditor.request()
        if request is None:
            return
        store, unavailable = _store()
        place = (request.nis_code, request.facet)  # as chosen when Save was clicked
        answer = saving.save_note(
            store, session.slug, session.title, request, place, lang, unavailable
        )
        st.session_state[ANSWER_KEY] = answer.to_browser()
        if answer.next_token:
            st.session_state[TOKEN_KEY] = answer.next_token

    return callback


def _remember() -> None:
    """Callback: put the chosen municipality and facet into the selection (and so the URL)."""
    sel: Selection | None = st.session_state.get(KEY)
    if sel is None:
        return
    facet = st.session_state.get("np_facet")
    extra = {k: v for k, v in sel.extra.items() if k != FACET_PARAM}
    if facet is not None:
        extra[FACET_PARAM] = str(facet)
    set_selection(sel.with_(selected=st.session_state.get("np_nis"), extra=extra))


def _facet_label(facet: int | None, lang: str) -> str:
    return t("np_none", lang) if facet is None else f"{facet} {facet_label(facet, lang)}"


def note_form(
    atlas: Atlas, sel: Selection, session: notes.Session, database_down: bool = False
) -> None:
    """Municipality, facet, then the editor (text, table, Save) with its truthful status."""
    lang = sel.lang
    units = atlas.units(sel.border_set)["name"].sort_values()
    options = [None, *units.index]
    st.header(t("np_new_note", lang))
    title_line(session, lang)
    if database_down:
        st.warning(t("np_db_down_page", lang))
    st.session_state.setdefault(TOKEN_KEY, saving.new_token())
    raw = sel.extra.get(FACET_PARAM, "")
    facet = int(raw) if raw in {str(f) for f in FACETS} else None
    with st.container(key="np_form"):
        # kept in the link (?gemeente=...&nfacet=...): a server restart starts a fresh session,
        # and the page then reads them back from the URL
        left, right = st.columns(2)
        # values from the link, given through the session state (a language switch or a move to
        # another page hands them back: ui.state.rehand_widget_values)
        if "np_nis" not in st.session_state or st.session_state["np_nis"] not in options:
            st.session_state["np_nis"] = sel.selected if sel.selected in units.index else None
        if "np_facet" not in st.session_state:
            st.session_state["np_facet"] = facet
        left.selectbox(
            t("np_municipality", lang),
            options,
            key="np_nis",
            format_func=lambda c: t("np_none", lang) if c is None else f"{units[c]} ({c})",
            on_change=_remember,
            placeholder=t("sb_choose", lang),
        )
        right.selectbox(
            t("np_facet", lang),
            [None, *FACETS],
            key="np_facet",
            format_func=lambda f: _facet_label(f, lang),
            on_change=_remember,
            placeholder=t("sb_choose", lang),
        )
        data = noteeditor.EditorData(
            draft_key=f"rdNote:{session.slug}",
            token=st.session_state[TOKEN_KEY],
            health=noteeditor.health_url(),
            locale="nl-BE" if lang == "nl" else "en-GB",
            labels=noteeditor.labels(lang),
            place={
                "nis_code": st.session_state.get("np_nis"),
                "facet": st.session_state.get("np_facet"),
            },
            answer=st.session_state.get(ANSWER_KEY),
            recheck=database_down,
        )
        noteeditor.editor(data, _on_save(session, lang))
