"""The notes page's session: opened by its link id (``?sessie=<slug>``), chosen from the list or started.

A link id that is not in the database is said so, in Dutch, with the list to choose from: another
session is never opened in its place. An old link that names the session by its title (spaces,
slashes) opens that session and the link is rewritten to the id.
"""

from __future__ import annotations

import html
from datetime import date
from urllib.parse import quote, urlsplit

import streamlit as st

from ruraldash.core.fmt import short_day
from ruraldash.core.i18n import t
from ruraldash.core.safetext import inert_html
from ruraldash.features import notes
from ruraldash.features.selection import Selection
from ruraldash.ui.state import KEY, set_selection

PARAM = "sessie"
_CSS = """<style>
.rd-session {font-size: 1.35rem; margin: .2rem 0 .3rem}
.rd-session-label {color: #444} .rd-session-title {font-weight: 700}
</style>"""


@st.cache_resource(show_spinner=False)
def shared_store(url: str) -> notes.NoteStore:
    """One store (connection pool) per database URL, shared by all sessions."""
    return notes.NoteStore(url)


def session_title(slug: str) -> str | None:
    """The title of the session with this link id, or None (unknown, or no database)."""
    try:
        found = shared_store(notes.default_notes_url()).session(slug)
    except notes.NoteStoreUnavailable:
        return None
    return found.title if found else None


def _open(slug: str | None) -> None:
    """Callback: make ``slug`` the active session (None: the one picked in the list)."""
    sel: Selection | None = st.session_state.get(KEY)
    slug = slug or st.session_state.get("np_session_pick")
    if sel is not None and slug:
        set_selection(sel.with_(extra=sel.extra | {PARAM: slug}))
    for key in ("np_editing", "np_conflicts", "np_undo"):
        st.session_state.pop(key, None)


def _create(store: notes.NoteStore, lang: str) -> None:
    """Form callback: start a session with the typed title and open it."""
    try:
        session = store.create_session(st.session_state.get("np_session_title", ""))
    except (notes.NoteError, notes.NoteStoreUnavailable) as exc:
        st.session_state["np_session_error"] = exc.message(lang)
        return
    _open(session.slug)


def _chooser(store: notes.NoteStore, lang: str, active: notes.Session | None) -> None:
    """The list of sessions and the form to start a new one."""
    try:
        sessions = store.sessions()
    except notes.NoteStoreUnavailable as exc:
        st.error(exc.message(lang))
        return
    titles = {s.slug: s.title for s in sessions}
    if sessions:
        slugs = list(titles)
        st.selectbox(
            t("np_s_choose", lang),
            slugs,
            index=slugs.index(active.slug) if active else None,
            placeholder=t("np_s_placeholder", lang),
            format_func=lambda slug: titles.get(slug, slug),
            key="np_session_pick",
            on_change=_open,
            args=(None,),
        )
    with st.expander(t("np_s_new", lang), expanded=not sessions):
        with st.form("np_new_session", border=False, enter_to_submit=False):
            default = t("np_session_default", lang, date=short_day(date.today(), lang))
            st.text_input(t("np_s_title", lang), value=default, key="np_session_title")
            st.form_submit_button(t("np_s_create", lang), on_click=_create, args=(store, lang))
    error = st.session_state.pop("np_session_error", None)
    if error:
        st.error(error)


def _share_link(slug: str) -> str:
    """The page's address with only ``?sessie=<slug>`` (for the co-facilitator's laptop)."""
    parts = urlsplit(st.context.url or "")
    base = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else "notities"
    return f"{base}?{PARAM}={quote(slug)}"


def title_line(session: notes.Session, lang: str) -> None:
    """The active session's title (the note form sits right below it)."""
    st.markdown(_CSS, unsafe_allow_html=True)
    st.markdown(
        f"<div class='rd-session'><span class='rd-session-label'>{html.escape(t('np_s_label', lang))}"
        f"</span> <span class='rd-session-title'>{inert_html(session.title)}</span></div>",
        unsafe_allow_html=True,
    )


def _share(session: notes.Session, lang: str) -> None:
    st.caption(t("np_s_link", lang))
    st.code(_share_link(session.slug), language=None)


def _unchecked(wanted: str) -> notes.Session | None:
    """The session of a link id while the database is down (checked when it is back)."""
    if not notes.is_slug(wanted):
        return None
    return notes.Session(id=0, slug=wanted, title=wanted, created_at="")


def active_session(
    store: notes.NoteStore | None, sel: Selection
) -> tuple[notes.Session | None, bool]:
    """The session named in the URL (shown with its title), or None after saying what to do;
    and whether the database is down (then the session is the link's, not yet checked).
    """
    lang = sel.lang
    wanted = (sel.extra.get(PARAM) or "").strip()
    if store is None:
        return _unchecked(wanted), True
    try:
        session = store.find_session(wanted) if wanted else None
    except notes.NoteStoreUnavailable as exc:
        st.error(exc.message(lang))
        return _unchecked(wanted), True
    if session is not None and session.slug != wanted:
        set_selection(sel.with_(extra=sel.extra | {PARAM: session.slug}))  # old title link
    if session is None:
        st.warning(
            t("np_s_unknown", lang, id=notes.md_escape(wanted[:80]))
            if wanted
            else t("np_s_pick_first", lang)
        )
        _chooser(store, lang, session)
        return None, False
    with st.expander(t("np_s_manage", lang)):
        _share(session, lang)
        _chooser(store, lang, session)
    return session, False
