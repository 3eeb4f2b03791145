"""The map's view model on the tiny world: filter, classes and colours, ranks, missing values, selection."""

from __future__ import annotations

import pandas as pd
import pytest

from ruraldash.domain import classify
from ruraldash.features import choropleth, maps
from ruraldash.features.maps.values import ranks as values_ranks
from ruraldash.features.selection import Selection
from tests.factories import tiny_atlas


@pytest.fixture
def atlas(tmp_path, mini_bundle, mini_catalogue):
    return tiny_atlas(tmp_path, mini_bundle, mini_catalogue)


def test_type_filter_keeps_exactly_the_municipalities_of_that_type(atlas):
    types = atlas.units("2019")["type"]
    keep = choropleth.in_filter(atlas, Selection(types=("platteland",)))
    assert set(keep[keep].index) == set(types[types == "platteland"].index)
    assert 0 < keep.sum() < len(keep)  # the tiny world has rural and other municipalities


def test_province_and_type_filters_combine(atlas):
    units = atlas.units("2019")
    province = units["province"].iloc[0]
    keep = choropleth.in_filter(atlas, Selection(provinces=(province,), types=("platteland",)))
    expected = units[(units["province"] == province) & (units["type"] == "platteland")].index
    assert set(keep[keep].index) == set(expected)


def test_outside_the_filter_is_grey_and_inside_gets_a_class_colour(atlas):
    view = maps.map_layer(
        "indicator", atlas, Selection(indicator="built_share", types=("platteland",), k=3)
    )
    frame = view.frame
    outside = frame[~frame["in_filter"]]
    inside = frame[frame["in_filter"] & frame["value"].notna()]
    assert len(outside) and (outside["colour"] == classify.FILTERED_COLOUR).all()
    assert set(inside["colour"]) <= set(view.colours)
    assert sum(view.counts) == len(inside)  # the legend counts what is coloured, nothing else


def test_higher_values_never_get_a_lower_class(atlas):
    frame = maps.map_layer("indicator", atlas, Selection(indicator="built_share", k=3)).frame
    shown = frame[frame["class"] >= 0].sort_values("value")
    assert shown["class"].is_monotonic_increasing


def test_a_missing_value_is_white_and_says_so(atlas):
    view = maps.map_layer("indicator", atlas, Selection(indicator="survey_shops"))
    missing = view.frame[view.frame["value"].isna()]
    assert len(missing), "the tiny world has a municipality without survey data"
    assert (missing["colour"] == classify.MISSING_COLOUR).all()
    assert (missing["tooltip_value"] == "geen gegevens").all()
    assert (missing["rank_text"] == "").all()


def test_rank_one_is_the_highest_value_and_ties_share_a_rank():
    values = pd.Series([5.0, 9.0, 5.0, None], index=list("abcd"))
    assert values_ranks(values).tolist()[:3] == [2.0, 1.0, 2.0]
    assert pd.isna(values_ranks(values)["d"])


def test_the_selected_municipality_is_named_with_its_value_in_the_legend(atlas):
    code = atlas.units("2019").index[0]
    view = maps.map_layer("indicator", atlas, Selection(indicator="built_share", selected=code))
    name = atlas.units("2019").at[code, "name"]
    assert view.selected_text.startswith(f"{name}: ")
    assert view.selected_class == int(view.frame.at[code, "class"])


def test_2025_borders_map_the_merged_municipalities(atlas):
    frame = maps.map_layer(
        "indicator", atlas, Selection(indicator="built_share", border_set="2025")
    ).frame
    assert len(frame) == len(atlas.units("2025")) < len(atlas.units("2019"))
