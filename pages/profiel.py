"""Gemeenteprofiel: one municipality against Flanders, its type, its province and its peers."""

import streamlit as st

from ruraldash import ui
from ruraldash.i18n import t
from ruraldash.ui import profileview, sidebar

atlas = ui.atlas_or_stop()
sel = sidebar.language(ui.current(atlas))
sel = sidebar.border_set(atlas, sel)
ui.set_selection(sel)
sel = profileview.peer_controls(atlas, sel)
ui.page_setup(sel.presentation, sel.contrast)

st.title(t("pf_title", sel.lang))
profileview.render(atlas, sel)
ui.sync_url(ui.current(atlas))
