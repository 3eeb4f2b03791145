"""Workshop notes page: capture per municipality/facet, list and filter, edit, delete, export, import."""

from __future__ import annotations

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS
from ruraldash.features import notes
from ruraldash.features.selection import Selection
from ruraldash.render import exports
from ruraldash.ui.state import set_selection

BRUSSELS = ZoneInfo("Europe/Brussels")
FORM_KEYS = ("np_body", "np_group", "np_nis", "np_facet")


@st.cache_resource(show_spinner=False)
def _store(url: str) -> notes.NoteStore:
    """One store (connection pool) per database URL, shared by all sessions."""
    return notes.NoteStore(url)


def open_store(lang: str) -> notes.NoteStore | None:
    """The configured store, or None after a clear Dutch message (the rest of the app keeps working)."""
    url = notes.default_notes_url()
    try:
        return _store(url)
    except notes.NoteStoreUnavailable as exc:
        st.error(f"**{t('np_unavailable', lang)}**: {exc.message(lang)}")
        st.caption(t("np_where", lang, where=url.split("@")[-1]))
        return None


def _time(stamp: str | None) -> str:
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")


def _facet_label(facet: int | None, lang: str) -> str:
    return (
        t("np_none", lang)
        if facet is None
        else f"{facet} {FACETS[facet][0 if lang == 'nl' else 1]}"
    )


def session_picker(store: notes.NoteStore, sel: Selection) -> str:
    """Choose an existing session or start a new one; the choice goes into the URL (``sessie``)."""
    lang, sb = sel.lang, st.sidebar
    existing = store.sessions()
    new = t("np_session_new", lang)
    wanted = sel.extra.get("sessie")
    options = [*existing, new]
    index = existing.index(wanted) if wanted in existing else (0 if existing else len(existing))
    choice = sb.selectbox(t("np_session", lang), options, index=index, key="np_session_choice")
    if choice == new:
        default = t("np_session_default", lang, date=date.today().strftime("%d/%m/%Y"))
        choice = sb.text_input(
            t("np_session_name", lang), value=default, key="np_session_name"
        ).strip()
    if choice and choice != wanted and len(choice) <= 120:
        set_selection(sel.with_(extra=sel.extra | {"sessie": choice}))
    return choice


def _save(store: notes.NoteStore, session: str, lang: str) -> None:
    """Form callback: save the note; on failure keep every typed field and remember the message."""
    s = st.session_state
    try:
        store.add(
            session,
            s.get("np_body", ""),
            nis_code=s.get("np_nis"),
            facet=s.get("np_facet"),
            group_name=s.get("np_group") or None,
        )
    except (notes.NoteError, notes.NoteStoreUnavailable) as exc:
        s["np_error"] = f"{notes.md_escape(exc.message(lang))} {t('np_kept', lang)}"
        return
    s["np_body"] = ""
    s["np_flash"] = t("np_saved", lang)


def note_form(store: notes.NoteStore, atlas: Atlas, sel: Selection, session: str) -> None:
    """The capture form (municipality, facet, group, text)."""
    lang = sel.lang
    units = atlas.units(sel.border_set)["name"].sort_values()
    st.subheader(t("np_new_note", lang))
    if "np_nis" not in st.session_state:
        st.session_state["np_nis"] = sel.selected if sel.selected in units.index else None
    with st.form("np_form", clear_on_submit=False, enter_to_submit=False):
        left, mid, right = st.columns(3)
        left.selectbox(
            t("np_municipality", lang),
            [None, *units.index],
            key="np_nis",
            format_func=lambda c: t("np_none", lang) if c is None else f"{units[c]} ({c})",
        )
        mid.selectbox(
            t("np_facet", lang),
            [None, *FACETS],
            key="np_facet",
            format_func=lambda f: _facet_label(f, lang),
        )
        right.text_input(t("np_group", lang), key="np_group", max_chars=120)
        st.text_area(t("np_body", lang), key="np_body", height=140, max_chars=10_000)
        st.form_submit_button(
            t("np_save", lang), type="primary", on_click=_save, args=(store, session, lang)
        )
    error, flash = st.session_state.pop("np_error", None), st.session_state.pop("np_flash", None)
    if error:
        st.error(error)
    if flash:
        st.success(flash)


def _edit(store: notes.NoteStore, note_id: int, lang: str) -> None:
    key = f"np_edit_{note_id}"
    try:
        store.update(note_id, body=st.session_state.get(key, ""))
    except (notes.NoteError, notes.NoteStoreUnavailable) as exc:
        st.session_state["np_error_list"] = notes.md_escape(exc.message(lang))


def _delete(store: notes.NoteStore, note_id: int, lang: str) -> None:
    try:
        store.delete(note_id)
        st.session_state["np_flash_list"] = t("np_deleted", lang)
    except notes.NoteStoreUnavailable as exc:
        st.session_state["np_error_list"] = notes.md_escape(exc.message(lang))


def note_list(store: notes.NoteStore, atlas: Atlas, sel: Selection, session: str) -> None:
    """Filterable list, newest first; text is shown escaped (never rendered as HTML or Markdown)."""
    lang, names = sel.lang, atlas.units(sel.border_set)["name"]
    st.subheader(t("np_list", lang))
    for key in ("np_error_list", "np_flash_list"):
        if key in st.session_state:
            (st.error if "error" in key else st.success)(st.session_state.pop(key))
    c1, c2, c3 = st.columns(3)
    nis = c1.selectbox(
        t("np_municipality", lang),
        [None, *names.sort_values().index],
        key="np_f_nis",
        format_func=lambda c: t("np_none", lang) if c is None else str(names[c]),
    )
    facet = c2.selectbox(
        t("np_facet", lang),
        [None, *FACETS],
        key="np_f_facet",
        format_func=lambda f: _facet_label(f, lang),
    )
    search = c3.text_input(t("np_filter_search", lang), key="np_f_search")
    try:
        found = store.list(session=session, nis_code=nis, facet=facet, search=search or None)
    except notes.NoteStoreUnavailable as exc:
        st.error(exc.message(lang))
        return
    if not found:
        st.caption(t("np_empty", lang))
    for note in found:
        place = names.get(note.nis_code, note.nis_code) if note.nis_code else t("np_none", lang)
        meta = t(
            "np_meta",
            lang,
            time=_time(note.created_at),
            place=place,
            facet=_facet_label(note.facet, lang),
            group=note.group_name or t("np_none", lang),
        )
        if note.updated_at:
            meta += " · " + t("np_edited", lang, time=_time(note.updated_at))
        with st.container(border=True):
            st.markdown(
                f"<div class='rd-note-meta'>{html.escape(meta)}</div>", unsafe_allow_html=True
            )
            body = html.escape(note.body).replace("\n", "<br>")  # one line: no Markdown inside
            st.markdown(f"<div class='rd-note-body'>{body}</div>", unsafe_allow_html=True)
            with st.expander(t("np_edit", lang)):
                st.text_area(t("np_body", lang), value=note.body, key=f"np_edit_{note.id}")
                a, b = st.columns(2)
                a.button(
                    t("np_update", lang),
                    key=f"np_upd_{note.id}",
                    on_click=_edit,
                    args=(store, note.id, lang),
                )
                b.button(
                    t("np_delete", lang),
                    key=f"np_del_{note.id}",
                    on_click=_delete,
                    args=(store, note.id, lang),
                )


def export_import(store: notes.NoteStore, atlas: Atlas, sel: Selection, session: str) -> None:
    """Download the session as CSV (Belgian Excel) and Markdown; import a CSV back."""
    lang = sel.lang
    with st.expander(t("np_export", lang)):
        a, b = st.columns(2)
        stem = exports.filename("notities", session, date.today().isoformat(), ext="csv")
        try:
            a.download_button(
                t("np_export_csv", lang), store.export_csv(session, lang=lang), stem, "text/csv"
            )
            names = dict(atlas.units(sel.border_set)["name"])
            names |= dict(atlas.units("2025" if sel.border_set == "2019" else "2019")["name"])
            b.download_button(
                t("np_export_md", lang),
                store.export_markdown(session, names, lang).encode("utf-8"),
                stem.replace(".csv", ".md"),
                "text/markdown",
            )
        except notes.NoteStoreUnavailable as exc:
            st.error(exc.message(lang))
        raw = st.file_uploader(t("np_import", lang), type=["csv"], key="np_import_file")
        if raw is not None and st.button(t("np_import_button", lang), key="np_import_go"):
            try:
                report = store.import_csv(raw.getvalue(), lang)
            except notes.NoteStoreUnavailable as exc:
                st.error(exc.message(lang))
                return
            show = st.error if report.error else st.info
            show("\n".join(f"- {notes.md_escape(m)}" for m in report.messages(lang)))
