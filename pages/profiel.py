"""Gemeenteprofiel: one municipality against Flanders, its type, its province and its peers."""

from ruraldash.ui.navigation import ensure_router

ensure_router()  # first: a legacy-mode run goes to app.py before the heavy imports

from ruraldash import ui
from ruraldash.ui import sidebar
from ruraldash.ui.views import profilecharts, profileexports, profiletables, profileview

atlas = ui.atlas_or_stop()
sel = sidebar.language(ui.current(atlas))
sel = sidebar.border_set(atlas, sel)  # the selected municipality is carried across borders
ui.set_selection(sel)
sel = profileview.peer_controls(atlas, sel)  # method, k, context, own list (in the URL)
ui.page_setup(sel.presentation, sel.contrast)

view = profileview.render(atlas, sel)  # title, search, header, peers, locator map
if view is not None:
    profiletables.render(view.table, sel.lang)
    profilecharts.render(atlas, sel, view.members)
    profileexports.render(atlas, sel, view.table, view.group)
ui.sync_url(ui.current(atlas), "profiel")
