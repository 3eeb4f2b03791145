"""Eigen gegevens: load your own indicator (CSV/XLSX or pasted), check it, use it on every page."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

from ruraldash import ui
from ruraldash.ui import sidebar
from ruraldash.ui.views import uploadview

atlas = ui.atlas_or_stop()
sel = ui.current(atlas)
sel = sidebar.language(sel)
ui.set_selection(sel)
ui.page_setup(sel.presentation, sel.contrast)

uploadview.render(atlas, sel)
ui.sync_url(sel, "eigen-gegevens")
