"""Samengestelde index: a weighted model over chosen indicators, with its method and sensitivity."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

from ruraldash import ui
from ruraldash.ui import sidebar
from ruraldash.ui.views import indexview

atlas = ui.atlas_or_stop()
sel = sidebar.language(ui.current(atlas))
sel = sidebar.border_set(atlas, sel)
sel = sidebar.view_options(sel)
ui.set_selection(sel)
ui.page_setup(sel.presentation, sel.contrast)

indexview.header(sel.lang)
choice, method, missing, sel = indexview.controls(atlas, sel)
ui.set_selection(sel)
indexview.render(atlas, sel, choice, method, missing)
ui.sync_url(sel, "index")
