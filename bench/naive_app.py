"""The reference for browser_bench.py: a naive st_folium app mapping the same 300 municipalities.

One selectbox (the classification scheme), the same topology-simplified geometry as ruraldash
(``atlas.geojson``), Leaflet served locally (``bench/static`` links to ``static/``), no tiles.
Every change rebuilds the folium map and st_folium sends the whole map again.

    .venv/bin/streamlit run bench/naive_app.py
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from ruraldash.core.config import settings
from ruraldash.core.i18n import t
from ruraldash.domain import classify
from ruraldash.domain.typology import load_atlas

SCHEMES = ("quantiles", "equal_interval", "natural_breaks")
LEAFLET = "/app/static/vendor/leaflet/leaflet"


@st.cache_resource
def atlas():
    return load_atlas(settings())


st.set_page_config(page_title="naive map", layout="wide")
a = atlas()
geojson = a.geojson("2019")
values = a.values("built_share", "2019")["value"]
scheme = st.sidebar.selectbox(
    t("sb_scheme", "nl"), SCHEMES, format_func=lambda s: t(f"scheme_{s}", "nl")
)
cl = classify.classify(values, scheme, 5)
colours = classify.colours_for(cl, classify.palette(cl.k, "higher_worse")).to_dict()

m = folium.Map(location=[51.05, 4.3], zoom_start=8, tiles=None)
m.default_js = [("leaflet", f"{LEAFLET}.js")]
m.default_css = [("leaflet_css", f"{LEAFLET}.css")]
folium.GeoJson(
    geojson,
    style_function=lambda f: {
        "fillColor": colours.get(f["properties"]["nis_code"], "#ffffff"),
        "fillOpacity": 1,
        "color": "#ffffff",
        "weight": 0.7,
    },
    tooltip=folium.GeoJsonTooltip(fields=["name"]),
).add_to(m)
m.fit_bounds([[50.68, 2.54], [51.51, 5.92]])
st.title(t(f"scheme_{scheme}", "nl"))
st_folium(m, key="map", height=540, use_container_width=True, returned_objects=[])
