"""The one map section every map page calls: map + legend + search + exports of a ``MapLayer``.

``map_section(atlas, layer, sel, key=…, side=…, below=…, exports=…)`` draws the map widget
(``ui.mapwidget``) from the layer's payload, the legend beside it (``render.legend``; a 3 × 3
grid for a bivariate layer), the municipality search, what the page adds under the legend
(``side``) and under the map (``below``), and the layer's downloads (print map, slide, offline
HTML: built on click, sent only while their section is open).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

import streamlit as st

from ruraldash.core.i18n import t
from ruraldash.core.memo import Memo
from ruraldash.data.atlas import Atlas
from ruraldash.features import printview
from ruraldash.features.maps import MapLayer
from ruraldash.features.selection import Selection
from ruraldash.render import bivariatelegend, exports, legend, maplayer, maps
from ruraldash.ui import mapwidget
from ruraldash.ui.downloads import Item, download_row, print_items
from ruraldash.ui.sharelink import copy_button

MAP_HEIGHT = "540px"
PROJECTOR_HEIGHT = "max(320px, calc(100vh - 15rem))"  # root font 21-30 px (ui.base)
"""Presentation mode: the map fills the screen below the heading."""


def legend_html(layer: MapLayer, sel: Selection) -> str:
    """The legend of a layer as this selection shows it (projector size, high contrast)."""
    if layer.grid is not None and layer.grid.result is not None:
        grid = layer.grid
        return bivariatelegend.legend_html(
            grid.result, grid.x_label, grid.y_label, sel.lang, big=sel.presentation
        ) + legend.legend_html(_extra_rows(layer), sel.lang, big=sel.presentation)
    return legend.legend_html(layer, sel.lang, big=sel.presentation, contrast=sel.contrast)


def _extra_rows(layer: MapLayer) -> MapLayer:
    """A bivariate layer's "geen gegevens" / "buiten filter" rows under its 3 × 3 grid."""
    rows = tuple(e for e in layer.legend if e.role in ("missing", "outside"))
    return replace(layer, title="", unit="", legend=rows, selected_text="")


_PAYLOADS = Memo(64)
"""The widget payload per layer object (layers are memoised, ``features.maps``) and view options:
a rerun that does not change the map (a click, an expander, the search box) rebuilds nothing."""


def _payload(geo: maplayer.MapGeometry, layer: MapLayer, sel: Selection, zoom: bool) -> dict:
    data = maplayer.layer_payload(
        geo,
        layer,
        mapwidget.labels(sel.lang),
        contrast=sel.contrast,
        big=sel.presentation,
        zoom_to_selected=zoom,
    )
    return data | {"ver": maplayer.version(data), "tip": mapwidget.tips_digest(data)}


def show_map(
    atlas: Atlas,
    layer: MapLayer,
    sel: Selection,
    *,
    key: str = mapwidget.MAP_KEY,
    height: str | None = None,
    zoom: bool = False,
    on_click=None,
) -> None:
    """Only the map widget of a layer (the tour and pages with their own layout)."""
    geo = mapwidget.geometry(atlas, sel.border_set)
    data = _PAYLOADS.get(
        (id(layer), id(geo), sel.lang, sel.contrast, sel.presentation, zoom),
        (layer, geo),
        lambda: _payload(geo, layer, sel, zoom),
    )
    mapwidget.show_map(
        geo,
        data,
        key=key,
        height=height or (PROJECTOR_HEIGHT if sel.presentation else MAP_HEIGHT),
        label=t("map_aria_label", sel.lang, title=layer.title),
        on_click=on_click,
        lang=sel.lang,
    )


def map_section(
    atlas: Atlas,
    layer: MapLayer,
    sel: Selection,
    *,
    key: str = mapwidget.MAP_KEY,
    height: str | None = None,
    columns: Sequence[int] = (3, 1),
    zoom: bool = False,
    search: bool = True,
    side: Callable[[], None] | None = None,
    below: Callable[[], None] | None = None,
    exports_key: str | None = None,
    stem: Sequence[str] = (),
    extra: Sequence[Item] = (),
    note: str = "",
) -> None:
    """Map (left), legend + search + ``side`` (right), ``below`` under the map, and with
    ``exports_key`` an expander with the layer's print map, slide and offline HTML
    (file names from ``stem``; ``extra`` adds buttons to that row; ``note``, e.g. the typology
    note, goes under the offline page's filter note)."""
    left, right = st.columns(list(columns), gap="medium")
    with left:
        show_map(atlas, layer, sel, key=key, height=height, zoom=zoom)
        if below is not None:
            below()
    with right:
        st.markdown(legend_html(layer, sel), unsafe_allow_html=True)
        if search:
            mapwidget.search_box(atlas, sel)
        if side is not None:
            side()
    if exports_key:
        section = st.expander(t("map_exports_title", sel.lang), key=exports_key, on_change="rerun")
        if section.open:
            with section:
                stem = stem or ("kaart", layer.kind)
                layer_exports(atlas, layer, sel, stem, extra, exports_key, note)


def offline_item(
    atlas: Atlas, layer: MapLayer, sel: Selection, stem: Sequence[str], note: str = ""
) -> Item:
    """The offline HTML page of a layer (folium, Leaflet inlined; built on click)."""

    def page() -> bytes:
        shown = replace(layer, notes=(note, *layer.notes)) if note else layer
        return maps.layer_html(
            atlas.geojson(sel.border_set),
            shown,
            lang=sel.lang,
            tiles=bool(st.session_state.get("rd_tiles")),
            static_url=mapwidget.static_url(),
        ).encode("utf-8")

    name = exports.filename(
        *stem, sel.border_set, date.today().isoformat(), ext="html", lang=sel.lang
    )
    return (t("download_html", sel.lang), page, name, "text/html")


def layer_exports(
    atlas: Atlas,
    layer: MapLayer,
    sel: Selection,
    stem: Sequence[str],
    extra: Sequence[Item] = (),
    prefix: str = "rd_layer",
    note: str = "",
) -> None:
    """Print map (PNG, SVG, PDF), slide, offline HTML and the copy-link button of a layer."""
    shapes = printview.shapes(atlas, sel.border_set)
    prints = print_items(
        shapes,
        lambda: printview.layer_spec(atlas, layer, sel),
        lambda png: printview.layer_slide(atlas, layer, sel, png),
        [*stem, sel.border_set, date.today().isoformat()],
        sel.lang,
    )
    offline = offline_item(atlas, layer, sel, stem, note)
    download_row([*prints, offline, *extra], f"{prefix}_dl")
    copy_button(sel.lang, key=f"{prefix}_copy")
