"""Pactmonitor: how each municipality and each type changed since a baseline year."""

from ruraldash import ui
from ruraldash.ui import sidebar
from ruraldash.ui.views import monitor, monitorparts, profileview

atlas = ui.atlas_or_stop()
sel = sidebar.language(ui.current(atlas))
sel = sidebar.border_set(atlas, sel)  # the selected municipality is carried across borders
sel = monitorparts.typology_picker(atlas, sel)
ui.set_selection(sel)
sel = profileview.peer_controls(atlas, sel)  # the profile's peer methods (in the URL)
ui.page_setup(sel.presentation, sel.contrast)

sel = monitor.render(atlas, sel)
ui.set_selection(sel)
ui.sync_url(sel, "monitor")
