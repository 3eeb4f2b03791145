"""The choropleth, legend, locator and offline export as rendered HTML (what the browser gets)."""

from __future__ import annotations

import copy
import html
import json
import re

import folium
import pandas as pd
import pytest
from shapely.geometry import box, mapping

from ruraldash.domain.classify import FILTERED_COLOUR, MISSING_COLOUR
from ruraldash.features.maps import values_layer
from ruraldash.render import legend
from ruraldash.render.maps import build_choropleth, standalone_html

SCRIPT_NAME = "<script>alert(1)</script>"
IMG_NAME = "<img src=x onerror=alert(1)>"
AMP_NAME = "Sint-Jans & Molenbeek"
RED, GREEN, BLUE = "#e41a1c", "#4daf4a", "#377eb8"


def _grid(n: int = 3) -> dict:
    """An n×n grid of square 'municipalities' over Flanders, nis codes 10000, 10001, ..."""
    features = []
    for row in range(n):
        for col in range(n):
            code = str(10000 + row * n + col)
            shape = box(
                2.6 + col * 3.3 / n,
                50.7 + row * 0.8 / n,
                2.6 + (col + 1) * 3.3 / n,
                50.7 + (row + 1) * 0.8 / n,
            )
            props = {"nis_code": code, "name": f"Gemeente {code}"}
            features.append({"type": "Feature", "properties": props, "geometry": mapping(shape)})
    return {"type": "FeatureCollection", "features": features}


@pytest.fixture()
def geo() -> dict:
    g = _grid()
    for feature, name in zip(g["features"], (SCRIPT_NAME, IMG_NAME, AMP_NAME), strict=False):
        feature["properties"]["name"] = name
    return g


@pytest.fixture()
def frame(geo) -> pd.DataFrame:
    """Colours per feature: rows of red / green / blue; 10004 has no value, 10008 is filtered out,
    10007 is not in the frame at all."""
    codes = [f["properties"]["nis_code"] for f in geo["features"]]
    names = [f["properties"]["name"] for f in geo["features"]]
    df = pd.DataFrame(
        {
            "name": names,
            "colour": [RED] * 3 + [GREEN, MISSING_COLOUR, GREEN] + [BLUE] * 3,
            "tooltip_value": [f"{i},5 %" for i in range(9)],
            "rank_text": [f"{i + 1} / 9" for i in range(9)],
            "in_filter": [True] * 8 + [False],
        },
        index=codes,
    )
    df.loc["10004", "tooltip_value"] = "geen gegevens"
    return df.drop(index="10007")


def _render(m: folium.Map) -> str:
    return m.get_root().render()


def _payloads(page: str) -> list[dict]:
    """The GeoJSON objects handed to Leaflet, one per layer, in drawing order."""
    return [json.loads(raw) for raw in re.findall(r"_add\((\{.*\})\);$", page, re.M)]


def _styles(page: str) -> list[dict[str, dict]]:
    """Per layer: the style Leaflet applies to each feature id, read from the styler switch."""
    result = []
    for block in re.findall(r"_styler\(feature\) \{(.*?)\n\s*\}\n\s*\}", page, re.S):
        by_id: dict[str, dict] = {}
        for cases, style in re.findall(r"((?:case \"[^\"]+\": )+)\s*return (\{.*?\});", block):
            for fid in re.findall(r'case "([^"]+)"', cases):
                by_id[fid] = json.loads(style)
        by_id["*"] = json.loads(re.search(r"default:\s*return (\{.*?\});", block).group(1))
        result.append(by_id)
    return result


def _fill(styles: dict[str, dict], fid: str) -> str:
    return styles.get(fid, styles["*"])["fillColor"]


def test_every_feature_is_drawn_with_its_class_colour(geo, frame):
    page = _render(build_choropleth(geo, frame))
    data, styles = _payloads(page)[0], _styles(page)[0]
    assert len(data["features"]) == len(geo["features"])
    fills = {f["id"]: _fill(styles, f["id"]) for f in data["features"]}
    assert [fills[c] for c in ("10000", "10001", "10002")] == [RED] * 3
    assert fills["10003"] == fills["10005"] == GREEN and fills["10006"] == BLUE


def test_filtered_out_and_unknown_municipalities_are_grey_but_drawn(geo, frame):
    page = _render(build_choropleth(geo, frame))
    styles = _styles(page)[0]
    assert _fill(styles, "10008") == FILTERED_COLOUR  # in_filter False
    assert _fill(styles, "10007") == FILTERED_COLOUR  # not in frame
    assert _fill(styles, "10003") != FILTERED_COLOUR
    feature = next(f for f in _payloads(page)[0]["features"] if f["id"] == "10008")
    assert feature["properties"]["rank"] == "buiten filter"


def test_missing_value_gets_missing_colour_and_says_so(geo, frame):
    page = _render(build_choropleth(geo, frame))
    assert _fill(_styles(page)[0], "10004") == MISSING_COLOUR
    feature = next(f for f in _payloads(page)[0]["features"] if f["id"] == "10004")
    assert feature["properties"]["value"] == "geen gegevens"


def test_names_are_inert_in_the_page(geo, frame):
    page = _render(build_choropleth(geo, frame, selected="10000"))
    assert SCRIPT_NAME not in page and IMG_NAME not in page and "<img" not in page
    names = {f["id"]: f["properties"]["name"] for f in _payloads(page)[0]["features"]}
    # the tooltip puts these into innerHTML: escaped text shows the name, runs nothing
    assert names["10000"] == html.escape(SCRIPT_NAME)
    assert names["10001"] == html.escape(IMG_NAME)
    assert names["10002"] == "Sint-Jans &amp; Molenbeek"
    assert all("<" not in n and ">" not in n for n in names.values())


def test_tooltip_shows_name_value_and_rank_in_the_chosen_language(geo, frame):
    page_nl = _render(build_choropleth(geo, frame))
    assert 'let aliases = ["Gemeente", "Waarde", "Rang"];' in page_nl
    page_en = _render(build_choropleth(geo, frame, lang="en"))
    assert 'let aliases = ["Municipality", "Value", "Rank"];' in page_en
    props = _payloads(page_nl)[0]["features"][3]["properties"]
    assert props == {
        "nis_code": "10003",
        "name": "Gemeente 10003",
        "value": "3,5 %",
        "rank": "4 / 9",
    }


def test_selected_and_peers_get_outlines_on_top(geo, frame):
    page = _render(build_choropleth(geo, frame, selected="10004", peers=["10001", "10002"]))
    payloads, styles = _payloads(page), _styles(page)
    assert len(payloads) == 3
    peers, selected = payloads[1], payloads[2]
    assert sorted(f["id"] for f in peers["features"]) == ["10001", "10002"]
    assert [f["id"] for f in selected["features"]] == ["10004"]
    base_weight = styles[0]["10000" if "10000" in styles[0] else "*"]["weight"]
    assert styles[2]["*"]["fill"] is False and styles[2]["*"]["weight"] >= 3 * base_weight
    assert styles[1]["*"]["fill"] is False and "dashArray" in styles[1]["*"]


def test_no_cdn_only_local_leaflet(geo, frame):
    m = build_choropleth(geo, frame, static_url="/app/static/")
    page = _render(m)
    assert "http://" not in page and "https://" not in page
    assert '<script src="/app/static/vendor/leaflet/leaflet.js"></script>' in page
    assert '<link rel="stylesheet" href="/app/static/vendor/leaflet/leaflet.css"/>' in page
    assert page.count("<script src=") == 1 and page.count('<link rel="stylesheet"') == 1
    # what streamlit-folium collects for its iframe: default_js/css of the map and all children
    links, stack = [], [m]
    while stack:
        element = stack.pop()
        links += [url for _, url in getattr(element, "default_js", [])]
        links += [url for _, url in getattr(element, "default_css", [])]
        stack += list(getattr(element, "_children", {}).values())
    assert sorted(links) == [
        "/app/static/vendor/leaflet/leaflet.css",
        "/app/static/vendor/leaflet/leaflet.js",
    ]
    # the folium class itself still has its defaults (nothing changed globally)
    assert any("jsdelivr" in url for _, url in folium.Map.default_js)


def test_tiles_are_the_only_external_url(geo, frame):
    page = _render(build_choropleth(geo, frame, tiles=True))
    urls = re.findall(r"https?://[^\"'\s<>)]+", page)
    assert urls and all("openstreetmap" in u for u in urls)


def test_shared_geojson_is_not_modified_and_geometry_is_not_copied(geo, frame):
    before = copy.deepcopy(geo)
    m = build_choropleth(geo, frame, selected="10000", peers=["10001"])
    _render(m)
    assert geo == before
    layer = next(c for c in m._children.values() if isinstance(c, folium.GeoJson))
    assert layer.data["features"][0]["geometry"] is geo["features"][0]["geometry"]


def test_payload_stays_close_to_the_geojson_size_and_builds_fast():
    geo = _grid(18)  # 324 features
    codes = [f["properties"]["nis_code"] for f in geo["features"]]
    frame = pd.DataFrame(
        {
            "name": [f"Gemeente {c}" for c in codes],
            "colour": RED,
            "tooltip_value": "12,5 %",
            "rank_text": "1 / 324",
            "in_filter": True,
        },
        index=codes,
    )
    page = _render(
        build_choropleth(geo, frame, selected=codes[0])
    )  # build time: bench/map_bench.py
    overhead = len(page) - len(json.dumps(geo))
    assert overhead < 12_000 + 80 * len(codes)  # template + a few kB per 100 features


def _legend(*, selected=None, outside=0, unit="%", lang="nl", big=False) -> str:
    """The legend of a 3-class layer of 7 municipalities (one without a value) plus ``outside``
    municipalities outside the filter (render.legend from features.maps.values_layer)."""
    codes = [f"1000{i}" for i in range(7 + outside)]
    names = pd.Series([f"G{i}" for i in range(len(codes))], index=codes)
    values = pd.Series([1.0, 2, 3, 4, 5, 6, None] + [1.0] * outside, index=codes)
    inside = pd.Series([True] * 7 + [False] * outside, index=codes)
    layer = values_layer(values, names, title="Werkloosheid <script>", unit=unit, k=3,
                         in_filter=inside, selected=selected, lang=lang, decimals=0)  # fmt: skip
    return legend.legend_html(layer, lang, big=big)


def _rows(legend: str) -> list[str]:
    return legend.split("<tr")[1:]


def test_legend_marks_the_selected_municipality_in_its_class():
    page = _legend(selected="10003")  # value 4: the middle class
    marked = [r for r in _rows(page.split("</table>")[0]) if "▶" in r]
    assert len(marked) == 1
    assert "3 – 4" in marked[0]
    # the value itself stands under the classes, after the table (narrow columns stay readable)
    assert "▶ <b>G3: 4 %</b>" in page.split("</table>")[1]
    assert "G3: " not in _legend(selected=None)


def test_legend_counts_missing_and_filtered_municipalities():
    page = _legend(outside=4)
    rows = _rows(page)
    missing = next(r for r in rows if "geen gegevens" in r)
    assert "1 gemeente<" in missing and MISSING_COLOUR in missing
    outside = next(r for r in rows if "buiten filter" in r)
    assert "4 gemeenten" in outside and FILTERED_COLOUR in outside
    assert "buiten filter" not in _legend(outside=0)
    assert "2 gemeenten" in rows[0]


def test_legend_marker_on_missing_row_when_selected_has_no_value():
    rows = _rows(_legend(selected="10006"))
    assert "geen gegevens" in next(r for r in rows if "▶" in r)


def test_legend_is_escaped_class_styled_and_scales_for_projection():
    page = _legend(unit="<b>%</b> & co")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;%&lt;/b&gt; &amp; co" in page
    assert page.count("style=") == len(_rows(page))  # only the swatch colours are inline
    assert "\n" not in page  # Markdown cannot split it
    assert "rd-lg-big" not in page and "rd-lg-big" in _legend(big=True)
    assert "3 municipalities" not in page and "2 municipalities" in _legend(lang="en")


def test_standalone_html_works_offline(geo, frame):
    m = build_choropleth(geo, frame, selected="10000")
    page = standalone_html(m, "Kaart <1>", "Bron: Statbel & VDAB", legend_html=_legend())
    assert "<script src=" not in page
    assert not re.search(r"<link[^>]+href=", page)
    assert "Leaflet 1.9.4" in page and "L.map(" in page  # Leaflet itself is inlined
    assert "leaflet-container" in page  # and its CSS
    assert "<title>Kaart &lt;1&gt;</title>" in page
    assert "Bron: Statbel &amp; VDAB" in page
    assert "Werkloosheid &lt;script&gt;" in page
    assert len(_payloads(page)[0]["features"]) == len(geo["features"])
