"""Samengestelde index: a weighted model over chosen indicators, with its method and sensitivity."""

import streamlit as st

from ruraldash import ui
from ruraldash.i18n import t
from ruraldash.ui import indexview, sidebar

atlas = ui.atlas_or_stop()
sel = sidebar.language(ui.current(atlas))
sel = sidebar.border_set(atlas, sel)
ui.set_selection(sel)
weights, directions, method, missing, sel = indexview.controls(atlas, sel)
ui.page_setup(sel.presentation, sel.contrast)

st.title(t("idx_title", sel.lang))
indexview.render(atlas, sel, weights, directions, method, missing)
ui.sync_url(sel)
