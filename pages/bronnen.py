"""Bronnen: every dataset and indicator with licence, coverage and method; download everything."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

from ruraldash import ui
from ruraldash.ui import sidebar
from ruraldash.ui.views import sourcesview

atlas = ui.atlas_or_stop()
sel = ui.current(atlas)
sel = sidebar.language(sel)
ui.set_selection(sel)
ui.page_setup(sel.presentation, sel.contrast)

sourcesview.render(atlas, sel)
ui.sync_url(sel, "bronnen")
