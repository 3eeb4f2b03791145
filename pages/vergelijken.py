"""Vergelijken: the three municipality types side by side, two indicators against each other."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

import streamlit as st

from ruraldash import ui
from ruraldash.core.i18n import t
from ruraldash.ui import sidebar
from ruraldash.ui.views import compareview

atlas = ui.atlas_or_stop()
sel = sidebar.language(ui.current(atlas))
sel = sidebar.border_set(atlas, sel)
sel = compareview.facet_filter(sel)
sel = sidebar.filters(atlas, sel)
sel = sidebar.view_options(sel)
ui.set_selection(sel)
ui.page_setup(sel.presentation, sel.contrast)

st.title(t("cmp_title", sel.lang))
st.caption(t("cmp_intro", sel.lang))
sel = compareview.render(atlas, sel)
ui.set_selection(sel)
ui.sync_url(sel, "vergelijken")
