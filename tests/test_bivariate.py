"""Tests for ruraldash.domain.bivariate (nine classes, their colours) and its legend
(ruraldash.render.bivariatelegend)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ruraldash.domain.bivariate import (
    BIVARIATE_PALETTE,
    MISSING_COLOUR,
    bivariate_classes,
    colours,
)
from ruraldash.render.bivariatelegend import legend_html


def test_terciles_of_one_to_nine_put_three_in_each_class():
    values = pd.Series(range(1, 10), dtype=float)
    result = bivariate_classes(values, values * 10)
    assert result.classes["x_class"].value_counts().to_dict() == {0: 3, 1: 3, 2: 3}
    assert list(result.classes["x_class"]) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert list(result.classes["code"]) == ["A1"] * 3 + ["B2"] * 3 + ["C3"] * 3
    assert result.x_bounds[0] == 1 and result.x_bounds[-1] == 9
    assert 3 < result.x_bounds[1] < 4 and 6 < result.x_bounds[2] < 7


def test_counts_form_a_three_by_three_grid_summing_to_non_missing():
    x = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, np.nan, 11], dtype=float)
    y = pd.Series([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, np.nan], dtype=float)
    result = bivariate_classes(x, y)
    assert result.counts.shape == (3, 3)
    assert int(result.counts.to_numpy().sum()) == 9
    assert int(result.counts.loc[2, 0]) == 3  # low x with high y: the top-left cell
    assert result.n_missing == 2


def test_missing_in_either_value_gets_minus_one_and_the_missing_colour():
    idx = ["11001", "11002", "11004", "11005"]
    x = pd.Series([1.0, 2.0, np.nan, 4.0], index=idx)
    y = pd.Series([1.0, None, 3.0, 4.0], index=idx, dtype="Float64")
    result = bivariate_classes(x, y)
    missing = result.classes.loc[["11002", "11004"]]
    assert (missing[["x_class", "y_class"]] == -1).all().all()
    assert missing["code"].isna().all()
    fills = colours(result)
    assert list(fills.index) == idx
    assert fills["11002"] == MISSING_COLOUR and fills["11004"] == MISSING_COLOUR
    assert colours(result, missing="#ffffff")["11004"] == "#ffffff"
    assert fills["11005"] == BIVARIATE_PALETTE["C3"]


def test_equal_values_always_share_a_class():
    x = pd.Series([5.0] * 6 + [1.0, 2.0, 9.0])
    result = bivariate_classes(x, pd.Series(range(9), dtype=float))
    assert result.classes["x_class"][:6].nunique() == 1


def test_palette_has_nine_distinct_colours():
    assert sorted(BIVARIATE_PALETTE) == [f"{a}{b}" for a in "ABC" for b in "123"]
    assert len(set(BIVARIATE_PALETTE.values())) == 9
    assert MISSING_COLOUR not in BIVARIATE_PALETTE.values()


def test_legend_shows_nine_swatches_counts_and_escaped_labels():
    values = pd.Series(range(1, 10), dtype=float)
    result = bivariate_classes(values, values)
    page = legend_html(result, "Inkomen <script>", "Groen & open", lang="nl")
    swatches = re.findall(r'class="rd-bv-swatch" data-code="(\w\d)"', page)
    assert sorted(swatches) == sorted(BIVARIATE_PALETTE)
    assert "<script>" not in page and "Inkomen &lt;script&gt;" in page
    assert "Groen &amp; open" in page
    assert page.count("hoger&nbsp;&rarr;") == 2
    diagonal = re.search(r'data-code="B2"[^>]*>(\d+)<', page)
    assert diagonal and diagonal.group(1) == "3"
    assert "higher&nbsp;&rarr;" in legend_html(result, "x", "y", lang="en")


def test_legend_mentions_missing_and_grows_for_projection():
    x = pd.Series([1.0, 2.0, 3.0, np.nan])
    result = bivariate_classes(x, x)
    page = legend_html(result, "x", "y")
    assert "1 zonder gegevens" in page
    assert "font-size:22px" in legend_html(result, "x", "y", big=True)
