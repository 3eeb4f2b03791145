"""Plattelandstoets: screen an allocation or a measure for its effect on rural municipalities."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

from ruraldash import ui
from ruraldash.ui import sidebar
from ruraldash.ui.views import toetsview

atlas = ui.atlas_or_stop()
sel = ui.current(atlas)
sel = sidebar.language(sel)
sel = sidebar.border_set(atlas, sel)
ui.set_selection(sel)
ui.page_setup(sel.presentation, sel.contrast)

toetsview.render(atlas, sel)
ui.sync_url(sel, "plattelandstoets")
