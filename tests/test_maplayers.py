"""The one map-layer front door: every kind of map gives the same model (classes, colours, legend
with counts, tooltips, flags, extent, status, source), and the generic "values" layer works for
the monitor's change map and the toets's amounts."""

from __future__ import annotations

import pandas as pd
import pytest

from ruraldash.features import maps
from ruraldash.features.selection import Selection
from ruraldash.render import legend
from ruraldash.render.mapmodel import FRAME_COLUMNS
from ruraldash.render.mapstyle import STYLE
from tests.factories import tiny_atlas


@pytest.fixture
def atlas(tmp_path, mini_bundle, mini_catalogue):
    return tiny_atlas(tmp_path, mini_bundle, mini_catalogue)


def _names(n: int = 8) -> pd.Series:
    return pd.Series([f"Gemeente {i}" for i in range(n)], index=[f"1100{i}" for i in range(n)])


def _check(layer: maps.MapLayer) -> None:
    """What every renderer relies on."""
    assert set(FRAME_COLUMNS) <= set(layer.frame.columns)
    assert sum(e.count for e in layer.legend) == len(layer.frame)  # every polygon in one row
    f = layer.frame
    assert (f.loc[~f["in_filter"], "colour"] == STYLE.outside.fill).all()
    assert (f.loc[f["missing"], "colour"] == STYLE.missing.fill).all()


def test_a_change_map_is_diverging_around_the_given_centre_and_says_what_is_missing():
    names = _names()
    change = pd.Series([-3.0, -1.0, 0.5, 1.5, 2.0, 4.0, 6.0, None], index=names.index)
    layer = maps.values_layer(
        change,
        names,
        title="Verandering 2019–2024",
        unit="%",
        source="Statbel, 2024",
        status="derived",
        palette="diverging",
        centre=1.0,
        decimals=1,
        k=4,
        missing_text=pd.Series({"11007": "niet in de bron"}),
    )
    _check(layer)
    bounds = layer.extra["classification"].bounds
    assert any(hi == pytest.approx(1.0) for _, hi in bounds)  # the centre is a class boundary
    assert [e.label for e in layer.legend][0].startswith("−")  # signed labels
    assert layer.frame.at["11007", "missing_text"] == "niet in de bron"
    assert layer.frame.at["11005", "tooltip_value"] == "+4,0\u00a0%"
    assert layer.legend[-1].role == "missing" and layer.legend[-1].count == 1
    assert layer.extent == ()  # nothing filtered: all of Flanders


@pytest.mark.parametrize("values", [[2.0] * 8, [0.0] * 8, [1.0, -1.0] * 4, [None] * 8])
def test_a_change_map_with_few_distinct_values_still_draws(values):
    """No change anywhere (or only two values) is a map with a legend, not a classification error."""
    names = _names()
    change = pd.Series(values, index=names.index, dtype=float)
    layer = maps.values_layer(
        change, names, title="Verandering", unit="%", source="Statbel", palette="diverging"
    )
    _check(layer)
    drawn = change.notna()
    assert (layer.frame.loc[drawn, "colour"] != STYLE.missing.fill).all()


def test_outside_the_filter_is_grey_unclassified_and_the_extent_is_the_selection():
    names = _names()
    inside = pd.Series([True] * 4 + [False] * 4, index=names.index)
    layer = maps.values_layer(
        pd.Series(range(8), index=names.index, dtype=float), names, title="Bedrag", in_filter=inside
    )
    _check(layer)
    assert set(layer.extent) == set(names.index[:4])
    assert layer.legend[-1].role == "outside" and layer.legend[-1].count == 4
    assert (layer.frame.loc[~inside, "class"] == -1).all()


def test_the_selected_municipality_marks_its_legend_row_and_has_a_text():
    names = _names()
    layer = maps.values_layer(
        pd.Series(range(8), index=names.index, dtype=float), names, title="x", selected="11007"
    )
    row = layer.legend[layer.selected_class]
    assert row.role == "class" and layer.frame.at["11007", "colour"] == row.colour
    assert layer.selected_text.startswith("Gemeente 7: ")


@pytest.mark.parametrize("indicator", ["built_share", "survey_shops", "service_class", "births"])
def test_the_indicator_layer_classes_inside_the_filter_and_zooms_to_it(atlas, indicator):
    sel = Selection(indicator=indicator, types=("platteland",), k=3, selected="11001")
    layer = maps.map_layer("indicator", atlas, sel)
    _check(layer)
    f = layer.frame
    inside = f[f["in_filter"] & ~f["missing"]]
    assert set(inside["colour"]) <= set(layer.colours)
    assert sum(layer.counts) == len(inside)
    assert layer.source and layer.meta and layer.filter_note
    assert layer.extent and set(layer.extent) == set(f.index[f["in_filter"]])


def test_every_kind_goes_through_the_one_front_door(atlas):
    sel = Selection(selected=None)
    names = atlas.units("2019")["name"]
    values = pd.Series(range(len(names)), index=names.index, dtype=float) * 1000
    excluded = pd.Series(False, index=names.index)
    excluded.iloc[0] = True
    orf = dict(values=values, excluded=excluded, decimals=0, unit="euro", title="Bedrag A",
               statuses=["indicatief"], source="Open Ruimtefonds")  # fmt: skip
    layers = [
        maps.map_layer("orf", atlas, sel, **orf),
        maps.map_layer("orf_diff", atlas, sel, **(orf | {"values": values - values.mean()})),
        maps.map_layer("index", atlas, sel, score=values / 1000, decimals=2),
        maps.map_layer("bivariate", atlas, sel, x="built_share", y="density"),
        maps.map_layer("values", atlas, sel, values=values, title="Per inwoner", unit="euro"),
    ]
    for layer in layers:
        _check(layer)
    assert layers[0].legend[0].role == "excluded" and layers[0].legend[0].count == 1
    assert layers[1].kind == "orf_diff" and layers[1].legend[1].label.startswith("−")
    assert layers[3].grid is not None and not layers[3].contrast
    with pytest.raises(ValueError, match="onbekende kaartsoort"):
        maps.map_layer("pie", atlas, sel)


def test_the_legend_is_escaped_and_counts_every_row():
    names = _names()
    layer = maps.values_layer(
        pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, None], index=names.index),
        names,
        title="<script>alert(1)</script> $5",
        k=3,
    )
    page = legend.legend_html(layer, "nl")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&#36;5" in page
    assert page.count("<tr") == len(layer.legend) == 4
    assert "1 gemeente" in page


def test_the_offline_page_has_the_filter_note_the_badge_the_hatch_and_zooms_in():
    from ruraldash.render import maps as folium_maps
    from tests.test_maps import _grid

    geo = _grid()
    codes = [f["properties"]["nis_code"] for f in geo["features"]]
    names = pd.Series([f"G{c}" for c in codes], index=codes)
    inside = pd.Series([i < 3 for i in range(9)], index=codes)  # the bottom row only
    values = pd.Series(range(9), index=codes, dtype=float)
    kw = dict(title="Bedrag", status="proxy", status_text="proxy", filter_note="Selectie: 3 van 9")
    layer = maps.values_layer(values, names, in_filter=inside, **kw)
    page = folium_maps.layer_html(geo, layer)
    assert "Selectie: 3 van 9" in page
    assert 'class="rd-badge"' in page
    assert 'id=\\"rd-hatch\\"' in page or 'id="rd-hatch"' in page
    assert '"className": "rd-outside"' in page
    # zoomed to the bottom row (latitudes 50.7 … 50.967), not to Flanders
    assert "[[50.7, 2.6], [50.96666" in page
    whole = folium_maps.layer_html(geo, maps.values_layer(values, names, **kw))
    assert "[[50.7, 2.6], [50.96666" not in whole
