"""The map widget's contract (Python payload <-> JavaScript, one JSON schema) and one style table
for the four renderers (widget, offline HTML, print map, slide picture)."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import jsonschema
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from ruraldash.features.maps import values_layer
from ruraldash.render import maplayer, maps, mapstyle, printmap
from ruraldash.render.printmap import LegendRow, PrintSpec
from ruraldash.ui import mapwidget
from tests.test_maps import _fill, _grid, _payloads, _styles

SCHEMA = json.loads(mapwidget.SCHEMA.read_text(encoding="utf-8"))
JS = mapwidget._ASSET.read_text(encoding="utf-8") + mapwidget._LOADER
LABELS = maplayer.Labels(value="Waarde", rank="Rang", outside="buiten filter")


@pytest.fixture
def layer():
    """Nine squares: the top row outside the filter, one municipality without a value."""
    geo = _grid()
    codes = [f["properties"]["nis_code"] for f in geo["features"]]
    names = pd.Series([f"G{c}" for c in codes], index=codes)
    values = pd.Series([1.0, 2, 3, None, 5, 6, 7, 8, 9], index=codes)
    inside = pd.Series([i < 6 for i in range(9)], index=codes)
    made = values_layer(values, names, title="Bedrag", unit="euro", in_filter=inside, k=3,
                        polarity="higher_better", selected="10001")  # fmt: skip
    return geo, made


def _widget_data(geo: dict, made) -> dict:
    g = maplayer.geometry(geo, "test", static_dir=_tmp_static())
    data = maplayer.layer_payload(g, made, LABELS, zoom_to_selected=True)
    urls = {"geo": "/g.json", "module": "/m.js", "leaflet": "/l.js", "css": "/l.css"}
    return mapwidget.widget_data(g, data, urls=urls, key="rd_map", height="540px", label="Kaart",
                                 tiles=False, err="De kaart kon niet geladen worden.")  # fmt: skip


def _tmp_static():
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp())


def _read_keys(pattern: str) -> set[str]:
    return set(re.findall(pattern, JS))


def test_the_payload_python_sends_is_valid_under_the_shared_schema(layer):
    data = _widget_data(*layer)
    jsonschema.validate(data, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):  # a key the widget does not know is refused
        jsonschema.validate({**data, "colour_by_name": {}}, SCHEMA)


def test_the_widget_reads_exactly_the_keys_of_the_schema():
    top = _read_keys(r"\b(?:d|data)\.([a-z]+)\b")
    assert top == set(SCHEMA["properties"]), "mapwidget.js and the schema disagree"
    nested = {
        "opt": _read_keys(r"\bd(?:ata)?\.opt\.([a-z]+)\b"),
        "lab": _read_keys(r"\blab\.([a-z]+)\b"),
        "rk": _read_keys(r"\bk\.([a-z]+)\b"),
        "fit": _read_keys(r"\bd\.fit\.([a-z]+)\b"),
    }
    for name, keys in nested.items():
        assert keys == set(SCHEMA["properties"][name]["properties"]), name


def test_the_widget_module_carries_the_style_table_and_reads_only_its_keys():
    code = mapwidget.module_code().decode()
    block = re.search(r"^const STYLE = (.*);$", code, re.M).group(1)
    assert json.loads(block) == mapstyle.STYLE.as_dict()
    read = _read_keys(r"\bSTYLE\.([a-z_]+)\b")
    assert read and read <= set(mapstyle.STYLE.as_dict())
    keys = json.loads(re.search(r"^const PAYLOAD_KEYS = (.*);$", code, re.M).group(1))
    assert keys == sorted(SCHEMA["properties"])


def _expected(made) -> dict[str, str]:
    """Fill per municipality by the style table: class colour, white missing, grey outside."""
    role = made.role_of()
    return {c: mapstyle.fill(role[c], made.frame.at[c, "colour"]) for c in made.frame.index}


def _print_colours(geo: dict, made, bare: bool) -> set[str]:
    shapes = gpd.GeoDataFrame.from_features(geo["features"], crs=4326)
    shapes = shapes.set_index(shapes["nis_code"].astype(str))[["geometry"]].to_crs(31370)
    f = made.frame
    spec = PrintSpec(
        title="t", subtitle="", legend_title="t", unit="", legend=(LegendRow("#ffffff", "x", 1),),
        fills=dict(zip(f.index, f["colour"], strict=True)),
        missing=frozenset(f.index[f["missing"]]), outside=frozenset(f.index[~f["in_filter"]]),
    )  # fmt: skip
    fig = printmap.figure(shapes, spec, bare=bare)
    ax = fig.axes[0]
    out = set()
    for coll in ax.collections:
        for rgba in coll.get_facecolor():
            if rgba[3] > 0:
                out.add(to_hex(rgba))
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert hatched and all(c.get_hatch() == mapstyle.STYLE.print_hatch for c in hatched)
    return out


def test_one_layer_has_the_same_colours_in_the_widget_the_offline_page_the_print_and_the_slide(
    layer,
):
    geo, made = layer
    expected = _expected(made)
    assert expected["10007"] == mapstyle.STYLE.outside.fill
    assert expected["10003"] == mapstyle.STYLE.missing.fill
    # widget: palette index per polygon, -1 / -2 drawn by the style table compiled into the module
    data = _widget_data(geo, made)
    roles = {-1: mapstyle.STYLE.missing.fill, -2: mapstyle.STYLE.outside.fill}
    widget = {
        c: (data["pal"][i] if i >= 0 else roles[i])
        for c, i in zip(sorted(expected), data["c"], strict=True)
    }
    assert widget == expected
    # offline HTML (folium): the fill of every feature, and the hatch class outside the filter
    page = maps.layer_map(geo, made).get_root().render()
    styles = _styles(page)[0]
    assert {c: _fill(styles, c) for c in expected} == expected
    outside = [styles.get(c, styles["*"]) for c in ("10006", "10007", "10008")]
    assert all(s.get("className") == "rd-outside" for s in outside)
    assert len(_payloads(page)[0]["features"]) == 9
    # print map and slide picture (matplotlib): the same set of fills, the outside hatched
    assert _print_colours(geo, made, bare=False) == set(expected.values())
    assert _print_colours(geo, made, bare=True) == set(expected.values())
