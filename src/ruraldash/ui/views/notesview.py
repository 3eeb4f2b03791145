"""Workshop notes page: the live list (edit with conflict check, delete with undo), exports, import."""

from __future__ import annotations

import html
import time
from datetime import date, datetime

import streamlit as st

from ruraldash.core.fmt import stamp as stamp_text
from ruraldash.core.i18n import t
from ruraldash.core.safetext import inert_markdown
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS
from ruraldash.features import notes
from ruraldash.features.selection import Selection
from ruraldash.features.upload.names import normalise_name
from ruraldash.render import exports, notes_report
from ruraldash.render.chromium import html_to_pdf
from ruraldash.ui.views.notesform import _facet_label
from ruraldash.ui.views.notessession import shared_store

LIVE_SECONDS = 3
"""The list refreshes itself this often (a fragment rerun, not the whole page)."""
UNDO_SECONDS = 120
"""How long a deleted note offers "Ongedaan maken" on the page (the store keeps it longer)."""
EDITING, CONFLICTS, UNDO = "np_editing", "np_conflicts", "np_undo"
BODY, MINE, THEIRS = "rd-note-body", "rd-note-body rd-mine", "rd-note-body rd-theirs"


def open_store(lang: str) -> notes.NoteStore | None:
    """The configured store, or None after a clear Dutch message (the rest of the app keeps working)."""
    url = notes.default_notes_url()
    try:
        return shared_store(url)
    except notes.NoteStoreUnavailable as exc:
        st.error(f"**{t('np_unavailable', lang)}**: {exc.message(lang)}")
        st.caption(t("np_where", lang, where=url.split("@")[-1]))
        return None


def _time(stamp: str | None) -> str:
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return stamp_text(moment)


def _names(atlas: Atlas, sel: Selection) -> dict[str, str]:
    """NIS code -> name for both border sets (a note may predate a merger)."""
    other = "2025" if sel.border_set == "2019" else "2019"
    return dict(atlas.units(other)["name"]) | dict(atlas.units(sel.border_set)["name"])


# --- callbacks (they run before the fragment redraws) ---


def _fail(exc: notes.NoteError | notes.NoteStoreUnavailable, lang: str) -> None:
    st.session_state["np_error_list"] = notes.md_escape(exc.message(lang))


def _start_edit(note: notes.Note) -> None:
    st.session_state.setdefault(EDITING, {})[note.id] = note.version
    st.session_state[f"np_edit_{note.id}"] = note.body


def _stop_edit(note_id: int) -> None:
    st.session_state.get(EDITING, {}).pop(note_id, None)
    st.session_state.get(CONFLICTS, {}).pop(note_id, None)


def _save_edit(store: notes.NoteStore, note_id: int, text: str | None, lang: str) -> None:
    """Save an edit made on ``version``; a note changed meanwhile becomes a conflict to resolve."""
    s = st.session_state
    version = s.get(EDITING, {}).get(note_id)
    mine = text if text is not None else s.get(f"np_edit_{note_id}", "")
    try:
        store.update(note_id, expected_version=version, body=mine)
    except notes.NoteConflict as exc:
        s.setdefault(CONFLICTS, {})[note_id] = {"mine": mine, "theirs": exc.current}
        if exc.current is not None:
            s[EDITING][note_id] = exc.current.version  # "keep mine" now overwrites that one
        return
    except (notes.NoteError, notes.NoteStoreUnavailable) as exc:
        _fail(exc, lang)
        return
    _stop_edit(note_id)


def _keep_both(store: notes.NoteStore, note_id: int, lang: str) -> None:
    """Conflict: the other laptop's version stays, and mine is added as a new note beside it."""
    found = st.session_state.get(CONFLICTS, {}).get(note_id)
    theirs: notes.Note | None = found["theirs"] if found else None
    if theirs is None:
        return
    try:
        store.add(
            theirs.session,
            found["mine"],
            nis_code=theirs.nis_code,
            facet=theirs.facet,
            group_name=theirs.group_name,
        )
    except (notes.NoteError, notes.NoteStoreUnavailable) as exc:
        _fail(exc, lang)
        return
    _stop_edit(note_id)
    st.session_state["np_flash_list"] = t("np_kept_both", lang)


def _delete(store: notes.NoteStore, note: notes.Note, lang: str) -> None:
    """One click: soft delete, with "Ongedaan maken" on the page for a while."""
    try:
        store.delete(note.id)
    except notes.NoteStoreUnavailable as exc:
        _fail(exc, lang)
        return
    _stop_edit(note.id)
    excerpt = note.body if len(note.body) <= 60 else note.body[:57] + "…"
    st.session_state.setdefault(UNDO, []).append((note.id, excerpt, time.time()))


def _undo(store: notes.NoteStore, note_id: int, lang: str) -> None:
    try:
        store.restore(note_id)
    except notes.NoteStoreUnavailable as exc:
        _fail(exc, lang)
        return
    st.session_state[UNDO] = [u for u in st.session_state.get(UNDO, []) if u[0] != note_id]
    st.session_state["np_flash_list"] = t("np_restored", lang)


# --- drawing ---


def _text_html(text: str, css: str) -> str:
    body = html.escape(text).replace("\n", "<br>")  # escaped: never HTML or Markdown
    return f"<div class='{css}'>{body}</div>"


def _undo_bar(store: notes.NoteStore, lang: str) -> None:
    recent = [u for u in st.session_state.get(UNDO, []) if time.time() - u[2] < UNDO_SECONDS]
    st.session_state[UNDO] = recent
    for note_id, excerpt, _ in recent:
        row = st.container(horizontal=True, vertical_alignment="center", key=f"np_undo_{note_id}")
        row.markdown(html.escape(t("np_deleted_undo", lang, excerpt=excerpt)))
        row.button(
            t("np_undo", lang),
            key=f"np_undo_btn_{note_id}",
            on_click=_undo,
            args=(store, note_id, lang),
        )


def _conflict(store: notes.NoteStore, note_id: int, lang: str) -> None:
    """Both texts side by side; the user keeps one of them."""
    found = st.session_state[CONFLICTS][note_id]
    theirs: notes.Note | None = found["theirs"]
    if theirs is None:
        st.warning(t("np_conflict_gone", lang))
        st.code(found["mine"], language=None)
        st.button(
            t("np_cancel", lang), key=f"np_cf_x_{note_id}", on_click=_stop_edit, args=(note_id,)
        )
        return
    st.warning(t("np_conflict", lang))
    a, b = st.columns(2)
    a.markdown(f"**{t('np_conflict_mine', lang)}**")
    a.markdown(_text_html(found["mine"], MINE), unsafe_allow_html=True)
    a.button(
        t("np_keep_mine", lang),
        key=f"np_keep_mine_{note_id}",
        type="primary",
        on_click=_save_edit,
        args=(store, note_id, found["mine"], lang),
    )
    a.button(
        t("np_keep_both", lang),
        key=f"np_keep_both_{note_id}",
        help=t("np_keep_both_help", lang),
        on_click=_keep_both,
        args=(store, note_id, lang),
    )
    stamp = _time(theirs.updated_at or theirs.created_at)
    b.markdown(f"**{t('np_conflict_theirs', lang, time=stamp)}**")
    b.markdown(_text_html(theirs.body, THEIRS), unsafe_allow_html=True)
    b.button(
        t("np_keep_theirs", lang),
        key=f"np_keep_theirs_{note_id}",
        on_click=_stop_edit,
        args=(note_id,),
    )


def _editor(store: notes.NoteStore, note: notes.Note, lang: str) -> None:
    with st.form(f"np_edit_form_{note.id}", border=False, enter_to_submit=False):
        st.text_area(t("np_body", lang), key=f"np_edit_{note.id}")
        a, b = st.columns(2)
        a.form_submit_button(
            t("np_update", lang),
            type="primary",
            on_click=_save_edit,
            args=(store, note.id, None, lang),
        )
        b.form_submit_button(t("np_cancel", lang), on_click=_stop_edit, args=(note.id,))


def _note(store: notes.NoteStore, note: notes.Note, names, lang: str) -> None:
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
    with st.container(border=True, key=f"np_note_{note.id}"):
        st.markdown(f"<div class='rd-note-meta'>{html.escape(meta)}</div>", unsafe_allow_html=True)
        st.markdown(_text_html(note.body, BODY), unsafe_allow_html=True)
        if note.id in st.session_state.get(CONFLICTS, {}):
            _conflict(store, note.id, lang)
        elif note.id in st.session_state.get(EDITING, {}):
            _editor(store, note, lang)
        else:
            row = st.container(horizontal=True, gap="small")
            row.button(
                t("np_edit", lang), key=f"np_ed_{note.id}", on_click=_start_edit, args=(note,)
            )
            row.button(
                t("np_delete", lang),
                key=f"np_del_{note.id}",
                on_click=_delete,
                args=(store, note, lang),
            )


@st.fragment(run_every=LIVE_SECONDS)
def _live_list(store: notes.NoteStore, names: dict[str, str], lang: str, slug: str) -> None:
    """The notes of the session, newest first; reruns by itself to show other laptops' notes."""
    for key in ("np_error_list", "np_flash_list"):
        if key in st.session_state:
            (st.error if "error" in key else st.success)(st.session_state.pop(key))
    _undo_bar(store, lang)
    c1, c2, c3 = st.columns(3)
    nis = c1.selectbox(
        t("np_municipality", lang),
        [None, *sorted(names, key=lambda c: names[c])],
        key="np_f_nis",
        format_func=lambda c: t("np_none", lang) if c is None else str(names[c]),
        placeholder=t("sb_choose", lang),
    )
    facet = c2.selectbox(
        t("np_facet", lang),
        [None, *FACETS],
        key="np_f_facet",
        format_func=lambda f: _facet_label(f, lang),
        placeholder=t("sb_choose", lang),
    )
    search = c3.text_input(t("np_filter_search", lang), key="np_f_search")
    try:
        found = store.list(session=slug, nis_code=nis, facet=facet, search=search or None)
    except notes.NoteStoreUnavailable as exc:
        st.error(exc.message(lang))
        return
    if not found:
        st.caption(t("np_empty", lang))
    for note in found:
        _note(store, note, names, lang)


def note_list(store: notes.NoteStore, atlas: Atlas, sel: Selection, session: notes.Session) -> None:
    """Filterable live list; text is shown escaped (never rendered as HTML or Markdown)."""
    st.header(t("np_list", sel.lang))
    st.caption(t("np_live", sel.lang, s=LIVE_SECONDS))
    _live_list(store, _names(atlas, sel), sel.lang, session.slug)


def _pdf(store: notes.NoteStore, session: notes.Session, names: dict[str, str], lang: str):
    """A callable for the download button: the printable report, made only when clicked."""

    def make() -> bytes:
        chronological = list(reversed(store.list(session=session.slug)))
        doc = notes_report.report_html(session.title, chronological, names, lang, date.today())
        return html_to_pdf(doc)

    return make


def export_import(
    store: notes.NoteStore, atlas: Atlas, sel: Selection, session: notes.Session
) -> None:
    """Download the session as CSV (Belgian Excel), Markdown and PDF; import a CSV into it."""
    lang, names = sel.lang, _names(atlas, sel)
    with st.expander(t("np_export", lang)):
        a, b, c = st.columns(3)
        stem = exports.filename(
            "notities", session.slug, date.today().isoformat(), ext="csv", lang=lang
        )
        try:
            a.download_button(
                t("np_export_csv", lang),
                store.export_csv(session.slug, lang=lang, names=names),
                stem,
                "text/csv",
            )
            b.download_button(
                t("np_export_md", lang),
                store.export_markdown(session.slug, names, lang).encode("utf-8"),
                stem.replace(".csv", ".md"),
                "text/markdown",
            )
        except notes.NoteStoreUnavailable as exc:
            st.error(exc.message(lang))
        c.download_button(
            t("np_export_pdf", lang),
            _pdf(store, session, names, lang),
            stem.replace(".csv", ".pdf"),
            "application/pdf",
            on_click="ignore",
        )
        _import(store, session, lang, names)


def _resolver(names: dict[str, str]):
    """Municipality name as written (case, accents, 'St.' tolerated) -> NIS code, or None."""
    index = {normalise_name(name): code for code, name in names.items()}
    return lambda text: index.get(normalise_name(text))


def _import(
    store: notes.NoteStore, session: notes.Session, lang: str, names: dict[str, str]
) -> None:
    raw = st.file_uploader(t("np_import", lang), type=["csv"], key="np_import_file")
    st.caption(t("uploader_hint", lang))  # the box's own words are Streamlit's, in English
    st.caption(t("np_import_target", lang, title=inert_markdown(session.title)))
    if raw is None or not st.button(t("np_import_button", lang), key="np_import_go"):
        return
    try:
        report = store.import_csv(
            raw.getvalue(), lang, session=session.slug, resolve=_resolver(names)
        )
    except notes.NoteStoreUnavailable as exc:
        st.error(exc.message(lang))
        return
    show = st.error if report.error else st.info
    lines = [t("np_import_target", lang, title=session.title), *report.messages(lang)]
    show("\n".join(f"- {inert_markdown(m)}" for m in lines))
