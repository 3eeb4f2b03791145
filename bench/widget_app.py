"""A floor for browser_bench.py: ruraldash's own map widget on a page with nothing else.

The same layer, payload, preload and component as the map page (``pages/kaart.py``), but no
sidebar, start panel, legend, search or footer: the difference between this page and the map page
is what the page around the map costs the first paint. With ``?leeg=1`` it draws only a title
(Streamlit's own first paint on this machine).

    .venv/bin/streamlit run bench/widget_app.py
"""

from __future__ import annotations

import streamlit as st

from ruraldash.core.config import settings
from ruraldash.domain.typology import load_atlas
from ruraldash.features import maps
from ruraldash.features.selection import Selection
from ruraldash.ui import mapsection, mapwidget


@st.cache_resource
def atlas():
    return load_atlas(settings())


st.set_page_config(page_title="widget floor", layout="wide")
if st.query_params.get("leeg"):
    st.title("Leeg")
    st.stop()
a, sel = atlas(), Selection()
mapwidget.preload(mapwidget.geometry(a, sel.border_set))
st.title("Kaart")
mapsection.show_map(a, maps.map_layer("indicator", a, sel), sel)
