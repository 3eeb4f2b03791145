"""Kaart: the choropleth of the municipalities (start page), and the walk along the five facets."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

import streamlit as st

from ruraldash import ui
from ruraldash.core.i18n import t
from ruraldash.ui import sidebar, startpanel
from ruraldash.ui.views import mapview, presentation

atlas = ui.atlas_or_stop()
sel = ui.current(atlas)
mapview.preload(atlas, sel)  # first run: the map's files load while the page is drawn
sel = sidebar.full(atlas, sel)
sel, step = presentation.current_step(sel)  # ?presentatie=1&stap=1..5
ui.page_setup(sel.presentation, sel.contrast, tour=True)
if sel.presentation:  # no sidebar widgets in presentation mode; the tiles choice is kept
    st.session_state["rd_tiles"] = st.session_state.get("rd_tiles", False)
else:
    st.sidebar.toggle(t("sb_tiles", sel.lang), key="rd_tiles")
startpanel.render(sel)  # what this is, three ways in (closed: start=0), copy link

if step is None or not presentation.render_step(atlas, sel, step):
    mapview.render(atlas, sel)
ui.sync_url(sel, "kaart")
