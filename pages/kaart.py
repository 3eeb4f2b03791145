"""Kaart: the choropleth of the municipalities (start page)."""

import streamlit as st

from ruraldash import ui
from ruraldash.i18n import t
from ruraldash.ui import mapview, sidebar

atlas = ui.atlas_or_stop()
sel = sidebar.full(atlas, ui.current(atlas))
ui.page_setup(sel.presentation, sel.contrast)

if sel.presentation:
    st.button(
        t("presentation_exit", sel.lang),
        on_click=lambda: st.session_state.update(w_presentation=False),
        key="rd_exit_presentation",
    )
st.sidebar.toggle(t("sb_tiles", sel.lang), key="rd_tiles")

mapview.render(atlas, sel)
ui.sync_url(sel)
