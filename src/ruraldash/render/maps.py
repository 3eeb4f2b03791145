"""Folium map builders: the municipality choropleth, its legend, the offline HTML page.

Leaflet is always served from the project (``static/vendor/leaflet``), never from a CDN: every
``default_js``/``default_css`` on the map and its children is replaced per instance. The app's
interactive maps use the map widget (``ui/mapwidget``, fed by ``render/maplayer``); folium stays
for the standalone offline HTML (and PNG) export. The shared GeoJSON is never mutated: layers get
new feature dicts with new, small property dicts that reference the same geometry objects.
All text from data or the catalogue is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from ruraldash.core.i18n import t
from ruraldash.core.provenance import STATUS_COLOURS
from ruraldash.render import legend, mapstyle
from ruraldash.render.legend import LEGEND_CSS
from ruraldash.render.mapmodel import MapLayer
from ruraldash.render.mapstyle import STYLE

FLANDERS_BOUNDS: list[list[float]] = [[50.68, 2.54], [51.51, 5.92]]
STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
LEAFLET_DIR = STATIC_DIR / "vendor" / "leaflet"
FRAME_COLUMNS = ("name", "colour", "tooltip_value", "rank_text", "in_filter")
_HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_LEAFLET_TAG = re.compile(
    r'<script src="[^"]*leaflet\.js"></script>|<link rel="stylesheet" href="[^"]*leaflet\.css"/>'
)


def build_choropleth(
    geojson: dict,
    frame: pd.DataFrame,
    *,
    selected: str | None = None,
    peers: Sequence[str] = (),
    tiles: bool = False,
    static_url: str = "/app/static",
    lang: str = "nl",
    height_hint: int | None = None,
    bounds: list[list[float]] | None = None,
) -> folium.Map:
    """The main choropleth: one coloured polygon per municipality, tooltip, selection outlines.

    Parameters
    ----------
    geojson : dict
        FeatureCollection (EPSG:4326) with ``properties.nis_code`` and ``properties.name``; not
        modified.
    frame : pd.DataFrame
        Indexed by nis_code with columns ``name``, ``colour`` (hex), ``tooltip_value`` (formatted
        text), ``rank_text`` and ``in_filter`` (bool). Municipalities missing from ``frame`` or
        with ``in_filter`` False are drawn in ``FILTERED_COLOUR`` with a lighter border.
    selected, peers : str, sequence of str
        nis_codes that get a thick dark outline (selected) or a dashed outline (peers).
    tiles : bool
        Add an OpenStreetMap background (needs internet); by default a plain white background.
    static_url : str
        URL prefix under which ``static/`` is served (Leaflet is loaded from there).
    lang : {"nl", "en"}
        Language of the tooltip labels.
    height_hint : int, optional
        Map height in pixels (default: 100 % of its container).
    bounds : [[south, west], [north, east]], optional
        The view to fit (default: Flanders).
    """
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"frame mist kolommen: {missing}")
    features, styles = _choropleth_features(geojson, frame, lang, opacity=0.75 if tiles else 1.0)
    m = _base_map(tiles, height_hint, bounds)
    _FlandersGeoJson(
        {"type": "FeatureCollection", "features": features},
        name="choropleth",
        style_function=lambda f: styles[f["id"]],
        highlight_function=lambda f: {"weight": 2.5, "color": STYLE.hover_edge},
        tooltip=_tooltip(features, lang),
    ).add_to(m)
    _add_outlines(m, geojson, selected, peers)
    _Hatch().add_to(m)
    return _serve_locally(m, static_url)


def _tooltip(features: list[dict], lang: str) -> folium.GeoJsonTooltip:
    """Name, value and (when any municipality has one) rank, with escaped labels."""
    fields = ["name", "value"] + (
        ["rank"] if any(f["properties"]["rank"] for f in features) else []
    )
    labels = {"name": "map_tooltip_name", "value": "map_tooltip_value", "rank": "map_tooltip_rank"}
    return folium.GeoJsonTooltip(
        fields=fields,
        aliases=[html.escape(t(labels[f], lang)) for f in fields],
        sticky=True,
        style="font-size: 14px;",
    )


def _add_outlines(m: folium.Map, geojson: dict, selected: str | None, peers: Sequence[str]) -> None:
    """A dashed outline around the peers, a thick dark one around the selected municipality."""
    outline = {"fill": False, "color": STYLE.selected_edge, "weight": STYLE.selected_weight,
               "opacity": 1}  # fmt: skip
    dashed = {
        "fill": False,
        "color": STYLE.peer_edge,
        "weight": 2,
        "dashArray": "6 4",
        "opacity": 1,
    }
    for ids, style in (([p for p in peers if p != selected], dashed), ([selected], outline)):
        layer = _outline_layer(geojson, [i for i in ids if i], style)
        if layer is not None:
            layer.add_to(m)


def standalone_html(
    m: folium.Map,
    title: str,
    source_line: str,
    legend_html: str = "",
    *,
    badge: str = "",
    badge_colour: str = "#4d4d4d",
    note: str = "",
) -> str:
    """A complete offline HTML document: Leaflet inlined, title (and status badge) on top, the
    filter note under it, legend beside the map, the (escaped) source line at the bottom. No
    external URL is loaded (except tiles, if on)."""
    page = _LEAFLET_TAG.sub("", m.get_root().render())
    legend_box = f'<aside class="rd-legend-box">{legend_html}</aside>' if legend_html else ""
    badge_html = (
        f' <span class="rd-badge" style="background:{badge_colour}">{html.escape(badge)}</span>'
        if badge and _HEX.match(badge_colour)
        else ""
    )
    note_html = f'<p class="rd-note">{html.escape(note)}</p>' if note else ""
    page = page.replace(
        "<body>",
        f'<body>\n<div class="rd-page"><h1 class="rd-title">{html.escape(title)}{badge_html}</h1>'
        f'{note_html}<div class="rd-main"><div class="rd-mapbox">',
        1,
    ).replace(
        "</body>",
        f'</div>{legend_box}</div><footer class="rd-source">{html.escape(source_line)}</footer></div>'
        "\n</body>",
        1,
    )
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8").replace("</style", "")
    head = (
        f'<meta charset="utf-8"/>\n<title>{html.escape(title)}</title>\n'
        f"<style>\n{css}\n</style>\n<script>\n{js}\n</script>\n<style>{_PAGE_CSS}</style>\n"
    )
    return page.replace("<head>", "<head>\n" + head, 1)


_PAGE_CSS = (
    ".rd-page{display:flex;flex-direction:column;height:100%;box-sizing:border-box;"
    "padding:12px 16px;background:#ffffff;color:#222222;"
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;}"
    ".rd-title{font-size:1.4rem;font-weight:600;margin:0 0 8px 0;}"
    ".rd-main{flex:1;display:flex;gap:16px;min-height:0;}"
    ".rd-mapbox{flex:1;position:relative;min-height:320px;}"
    ".rd-mapbox>.folium-map{position:absolute !important;top:0;left:0;"
    "width:100% !important;height:100% !important;}"
    ".rd-legend-box{flex:0 0 auto;max-width:35%;overflow:auto;}"
    ".rd-source{font-size:0.85rem;color:#555555;margin-top:8px;}"
    ".rd-note{margin:0 0 8px 0;color:#444444;}"
    ".rd-badge{display:inline-block;padding:0 .45em;border-radius:.3em;color:#fff;"
    "font-size:.6em;font-weight:600;margin-left:.4em;vertical-align:middle;}" + LEGEND_CSS
)


# --- internals -------------------------------------------------------------------------------


def _features(geojson: dict) -> list[dict]:
    return list(geojson.get("features") or [])


def _choropleth_features(
    geojson: dict, frame: pd.DataFrame, lang: str, opacity: float
) -> tuple[list[dict], dict[str, dict]]:
    """New features (shared geometry, small escaped properties) and a style per nis_code."""
    index = [str(i) for i in frame.index]
    col = {c: dict(zip(index, frame[c].tolist(), strict=True)) for c in FRAME_COLUMNS}
    outside, no_data = t("map_outside_filter", lang), t("map_missing", lang)
    features: list[dict] = []
    styles: dict[str, dict] = {}
    for feat in _features(geojson):
        nis = str(feat["properties"].get("nis_code", ""))
        known = nis in col["colour"]
        name = col["name"][nis] if known else feat["properties"].get("name", nis)
        value = col["tooltip_value"][nis] if known else None
        in_filter = known and not _is_na(col["in_filter"][nis]) and bool(col["in_filter"][nis])
        rank = (col["rank_text"][nis] if known else "") if in_filter else outside
        props = {
            "nis_code": html.escape(nis),
            "name": html.escape(_text(name, nis)),
            "value": html.escape(_text(value, no_data)),
            "rank": html.escape(_text(rank, "")),
        }
        features.append(_feature(nis, props, feat["geometry"]))
        styles[nis] = _style(col["colour"][nis] if known else None, in_filter, opacity)
    return features, styles


def _text(value: object, default: str) -> str:
    return default if _is_na(value) else str(value)


def _is_na(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _style(colour: object, in_filter: bool, opacity: float) -> dict:
    """The style table's look of one municipality (outside: grey + the hatch, via its class)."""
    if not in_filter:
        o = STYLE.outside
        return {"fillColor": o.fill, "color": o.edge, "weight": o.weight, "fillOpacity": opacity,
                "className": "rd-outside"}  # fmt: skip
    if not isinstance(colour, str) or not _HEX.match(colour) or colour == STYLE.missing.fill:
        m = STYLE.missing
        return {"fillColor": m.fill, "color": m.edge, "weight": m.weight, "dashArray": m.dash,
                "fillOpacity": opacity}  # fmt: skip
    k = STYLE.klass
    return {"fillColor": colour, "fillOpacity": opacity, "color": k.edge, "weight": k.weight}


def _feature(nis: str, properties: dict, geometry: dict) -> dict:
    """A new feature dict around the shared (not copied) geometry object."""
    return {"type": "Feature", "id": nis, "properties": properties, "geometry": geometry}


def _outline_layer(geojson: dict, ids: Sequence[str], style: dict) -> folium.GeoJson | None:
    wanted = set(ids)
    features = [
        _feature(str(f["properties"].get("nis_code")), {}, f["geometry"])
        for f in _features(geojson)
        if str(f["properties"].get("nis_code")) in wanted
    ]
    if not features:
        return None
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: style,
        interactive=False,
        control=False,
    )


class _FlandersGeoJson(folium.GeoJson):
    """A GeoJson layer that reports Flanders' bounds instead of walking ~11,000 coordinates.

    streamlit-folium asks the map for its bounds on every rerun; the municipalities always lie in
    Flanders, so the walk (≈15 ms) buys nothing.
    """

    def _get_self_bounds(self) -> list[list[float]]:
        return FLANDERS_BOUNDS


class _RefitOnResize(MacroElement):
    """Fit Flanders again when the map's box changes size (window resize, projector switch)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.on('resize', function() {"
        " {{ this._parent.get_name() }}.fitBounds({{ this.bounds }}); });"
        "{% endmacro %}"
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "RefitOnResize"
        self.bounds = [[float(a), float(b)] for a, b in bounds]


def _base_map(
    tiles: bool, height: int | None, bounds: list[list[float]] | None = None, **options: object
) -> folium.Map:
    bounds = bounds or FLANDERS_BOUNDS
    (south, west), (north, east) = bounds
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=8,
        tiles=None,
        height=height if height else "100%",
        zoom_snap=0.25,
        zoom_delta=0.5,
        **options,
    )
    if tiles:
        folium.TileLayer("OpenStreetMap", control=False).add_to(m)
    m.fit_bounds(bounds)
    _RefitOnResize(bounds).add_to(m)
    css = f"<style>#{m.get_name()}{{background:#ffffff;}}</style>"
    m.get_root().header.add_child(Element(css), name="ruraldash_map_background")
    return m


def _serve_locally(m: folium.Map, static_url: str) -> folium.Map:
    """Load only Leaflet, from ``static_url``; drop all CDN assets of the map and its children.

    Instance attributes, so the folium classes keep their defaults for other users.
    """
    base = static_url.rstrip("/")
    for element in _walk(m):
        if isinstance(element, JSCSSMixin):
            element.default_js = []
            element.default_css = []
    m.default_js = [("leaflet", f"{base}/vendor/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{base}/vendor/leaflet/leaflet.css")]
    return m


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _esc(text: object) -> str:
    """HTML-escape, and keep Streamlit's Markdown from reading ``$`` as LaTeX."""
    return html.escape(str(text)).replace("$", "&#36;")


# --- the offline page of a MapLayer ------------------------------------------------------------


class _Hatch(MacroElement):
    """The "buiten filter" hatch of the style table: an SVG pattern over the grey fill, applied to
    every path drawn with the ``rd-outside`` class (the same pattern as the map widget)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function(map){var svg=map.getPanes().overlayPane.querySelector('svg');if(!svg)return;"
        "var d=document.createElementNS(svg.namespaceURI,'defs');"
        "d.innerHTML={{ this.pattern|tojson }};svg.insertBefore(d,svg.firstChild);"
        "svg.querySelectorAll('path.rd-outside').forEach(function(p){"
        "p.setAttribute('fill','url(#rd-hatch)');});"
        "})({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "Hatch"
        self.pattern = mapstyle.hatch_pattern()


def _extent_bounds(geojson: dict, codes: Sequence[str]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the given municipalities (None = Flanders)."""
    wanted = set(codes)
    if not wanted:
        return None
    xs, ys = [], []
    for feat in _features(geojson):
        if str(feat["properties"].get("nis_code")) in wanted:
            for x, y in _coords(feat["geometry"]["coordinates"]):
                xs.append(x)
                ys.append(y)
    return [[min(ys), min(xs)], [max(ys), max(xs)]] if xs else None


def _coords(coords):
    if coords and isinstance(coords[0], int | float):
        yield coords[0], coords[1]
        return
    for part in coords:
        yield from _coords(part)


def layer_map(
    geojson: dict,
    layer: MapLayer,
    *,
    lang: str = "nl",
    tiles: bool = False,
    static_url: str = "/app/static",
) -> folium.Map:
    """The folium map of a layer: style-table colours, the hatch outside the filter, the
    selected outline, zoomed to the layer's extent (the filtered selection)."""
    return build_choropleth(
        geojson,
        layer.frame,
        selected=layer.selected,
        tiles=tiles,
        static_url=static_url,
        lang=lang,
        bounds=_extent_bounds(geojson, layer.extent),
    )


def layer_html(
    geojson: dict,
    layer: MapLayer,
    *,
    lang: str = "nl",
    tiles: bool = False,
    static_url: str = "/app/static",
) -> str:
    """The offline HTML page of a layer: title, status badge, filter note, the map zoomed to the
    selection, the legend (same template and colours as the screen) and the source line."""
    m = layer_map(geojson, layer, lang=lang, tiles=tiles, static_url=static_url)
    year = f" ({layer.year})" if layer.year and layer.kind in ("indicator", "upload") else ""
    source = f"{t('source_label', lang)}: {layer.source}" if layer.source else ""
    notes = " · ".join(n for n in (layer.filter_note, *layer.notes) if n)
    badge = layer.status_text if layer.status != "official" else ""
    return standalone_html(
        m,
        f"{layer.title}{year}",
        source,
        legend.legend_html(layer, lang),
        badge=badge,
        badge_colour=STATUS_COLOURS.get(layer.status, "#4d4d4d"),
        note=notes,
    )
