"""Openruimtefonds: who receives what from the dotatie open ruimte, and what a budget change does."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

from ruraldash import ui
from ruraldash.ui import sidebar
from ruraldash.ui.views import orfview

atlas = ui.atlas_or_stop()
sel = ui.current(atlas)
sel = sidebar.language(sel)
sel = sidebar.border_set(atlas, sel)
ui.set_selection(sel)
ui.page_setup(sel.presentation, sel.contrast)

sel = orfview.render(atlas, sel)
ui.set_selection(sel)
ui.sync_url(sel, "openruimtefonds")
