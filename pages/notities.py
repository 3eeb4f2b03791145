"""Ateliernotities: workshop notes per municipality and facet, kept in a real database."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

import streamlit as st

from ruraldash import ui
from ruraldash.core.i18n import t
from ruraldash.ui import sidebar
from ruraldash.ui.views import notesform, notessession, notesview

atlas = ui.atlas_or_stop()
sel = sidebar.language(ui.current(atlas))
sel = sidebar.border_set(atlas, sel)
ui.set_selection(sel)
ui.page_setup(sel.presentation, sel.contrast)

st.title(t("np_title", sel.lang))
st.caption(t("np_intro", sel.lang))
store = notesview.open_store(sel.lang)
session, down = notessession.active_session(store, sel)
sel = ui.current(atlas)
if session is not None:
    notesform.note_form(atlas, sel, session, database_down=down)
if session is not None and not down:
    notesview.note_list(store, atlas, sel, session)
    notesview.export_import(store, atlas, sel, session)
ui.sync_url(sel, "notities")
