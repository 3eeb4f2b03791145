"""Classification and colours as a map reader sees them: which municipality lands in which class."""

from __future__ import annotations

import colorsys

import numpy as np
import pandas as pd
import pytest

from ruraldash.domain.classify import (
    FILTERED_COLOUR,
    MISSING_COLOUR,
    SCHEMES,
    categorical_colours,
    class_of,
    classify,
    classify_diverging,
    colours_for,
    palette,
)


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _hue(hex_colour: str) -> float:
    r, g, b = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def _hue_distance(a: str, b: str) -> float:
    d = abs(_hue(a) - _hue(b)) % 360
    return min(d, 360 - d)


def _series(values, prefix="g") -> pd.Series:
    return pd.Series(values, index=[f"{prefix}{i}" for i in range(len(values))], dtype="float64")


def test_quantiles_on_one_to_nine_give_three_classes_of_three():
    c = classify(_series(range(1, 10)), "quantiles", 3)
    assert c.k == 3
    assert c.counts == [3, 3, 3]
    assert c.classes.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert c.bounds[0][0] == 1 and c.bounds[-1][1] == 9


def test_natural_breaks_separates_two_obvious_clusters():
    low, high = [1.0, 2.0, 3.0, 4.0, 5.0], [100.0, 101.0, 103.0, 104.0]
    values = _series(low + high)
    c = classify(values, "natural_breaks", 3)
    low_classes = set(c.classes.iloc[: len(low)])
    high_classes = set(c.classes.iloc[len(low) :])
    assert low_classes.isdisjoint(high_classes)
    assert max(low_classes) < min(high_classes)


def test_natural_breaks_finds_three_clusters_exactly():
    values = _series([1, 2, 3, 50, 51, 52, 900, 905, 910])
    c = classify(values, "natural_breaks", 3)
    assert c.classes.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_equal_interval_bounds_have_equal_width():
    c = classify(_series([0, 1, 2, 3, 7, 20]), "equal_interval", 4)
    widths = [hi - lo for lo, hi in c.bounds]
    assert c.k == 4
    assert widths == pytest.approx([5.0] * 4)
    assert c.bounds[0][0] == 0 and c.bounds[-1][1] == 20


def test_manual_breaks_are_used_as_given():
    values = _series([0, 10, 10.5, 20, 35, 99])
    c = classify(values, "manual", 5, breaks=[10, 20, 30])
    assert c.k == 4  # k follows the breaks, not the k argument
    assert [hi for _, hi in c.bounds[:-1]] == [10, 20, 30]
    # a value on a break belongs to the class below it; above the last break -> top class
    assert c.classes.tolist() == [0, 0, 1, 1, 3, 3]
    assert c.counts == [2, 2, 0, 2]


@pytest.mark.parametrize("breaks", [[3, 2, 5], [1, 1, 2], [1, float("nan"), 3], None, []])
def test_manual_breaks_must_be_increasing(breaks):
    with pytest.raises(ValueError, match="klassengrenzen"):
        classify(_series(range(10)), "manual", 3, breaks=breaks)


@pytest.mark.parametrize("k", [2, 8, 0, -1])
def test_k_out_of_range_raises_a_dutch_message(k):
    with pytest.raises(ValueError, match="aantal klassen moet tussen 3 en 7"):
        classify(_series(range(20)), "quantiles", k)


def test_unknown_scheme_raises():
    with pytest.raises(ValueError, match="Onbekende indeling"):
        classify(_series(range(20)), "jenks", 5)


def test_missing_values_stay_out_of_the_computation():
    values = pd.Series([1, 2, None, 3, np.inf, 4, 5, -np.inf, 6], index=list("abcdefghi"))
    original = values.copy()
    c = classify(values, "quantiles", 3)
    assert c.n_missing == 3
    assert c.classes[["c", "e", "h"]].tolist() == [-1, -1, -1]
    assert sum(c.counts) == 6
    assert c.counts == [2, 2, 2]  # quantiles of the six real values only
    assert c.classes.index.equals(values.index)
    pd.testing.assert_series_equal(values, original)


def test_text_and_nullable_input_is_read_as_numbers():
    text = pd.Series(["1", "2", "geen", None, "5", "6"], dtype="str")
    assert classify(text, "quantiles", 3).classes.tolist() == [0, 0, -1, -1, 1, 2]
    nullable = pd.Series([1, 2, None, 4, 5, 6], dtype="Float64")
    assert classify(nullable, "quantiles", 3).n_missing == 1


@pytest.mark.parametrize("scheme", [s for s in SCHEMES if s != "manual"])
def test_all_missing_and_single_value_do_not_crash(scheme):
    empty = classify(_series([np.nan, np.nan]), scheme, 5)
    assert (empty.k, empty.counts, empty.n_missing) == (0, [], 2)
    assert empty.classes.tolist() == [-1, -1]
    assert colours_for(empty, palette(empty.k, "neutral")).tolist() == [MISSING_COLOUR] * 2

    single = classify(_series([7, 7, 7, np.nan]), scheme, 5)
    assert single.k == 1 and single.counts == [3]
    assert single.bounds == [(7.0, 7.0)]
    assert colours_for(single, palette(single.k, "neutral")).iloc[3] == MISSING_COLOUR


def test_few_distinct_values_give_fewer_classes():
    c = classify(_series([1, 1, 2, 2, 2, 3]), "natural_breaks", 6)
    assert c.k == 3
    assert c.counts == [2, 3, 1]


@pytest.mark.parametrize("k", [3, 4, 5, 6, 7])
def test_diverging_classes_are_symmetric_around_zero(k):
    values = _series([-40, -12, -7, -3, -1, 0, 2, 5, 9, 15, 30, 60])
    c = classify_diverging(values, k)
    assert c.k == k
    for i in range(k):
        lo, hi = c.bounds[i]
        mirror_lo, mirror_hi = c.bounds[k - 1 - i]
        assert lo == pytest.approx(-mirror_hi) and hi == pytest.approx(-mirror_lo)
    edges = [lo for lo, _ in c.bounds[1:]]
    if k % 2 == 0:
        assert 0 in edges
    else:
        lo, hi = c.bounds[k // 2]
        assert lo == pytest.approx(-hi) and lo < 0 < hi
    # +x and -x land in mirrored classes, also exactly on a class edge
    for x in (1, 3, 7, 12, 40, *(hi for _, hi in c.bounds if hi > 0)):
        assert class_of(x, c) == k - 1 - class_of(-x, c)
        assert class_of(x, c) >= k // 2  # positive values on the positive side


def test_diverging_colours_differ_in_hue_at_both_ends():
    for polarity in ("neutral", "higher_better", "higher_worse"):
        colours = palette(5, polarity, kind="diverging")
        assert _hue_distance(colours[0], colours[-1]) > 90


def test_higher_worse_palette_gets_darker_towards_high_values():
    for k in range(3, 8):
        colours = palette(k, "higher_worse")
        assert len(colours) == k
        lum = [_luminance(c) for c in colours]
        assert lum[-1] < lum[0]
        assert lum == sorted(lum, reverse=True)


def test_better_and_worse_have_different_dark_hues():
    better, worse = palette(5, "higher_better"), palette(5, "higher_worse")
    assert _luminance(better[-1]) < _luminance(better[0])  # dark end = better = high values
    assert _hue_distance(better[-1], worse[-1]) > 90


def test_diverging_polarity_puts_worse_at_the_red_end():
    better = palette(5, "higher_better", kind="diverging")
    worse = palette(5, "higher_worse", kind="diverging")
    assert better == worse[::-1]


def test_filtered_and_missing_colours_stand_apart_from_every_palette():
    everything = {
        c
        for k in range(1, 8)
        for pol in ("higher_better", "higher_worse", "neutral")
        for kind in ("numeric", "diverging")
        for c in palette(k, pol, kind)
    }
    assert FILTERED_COLOUR not in everything and MISSING_COLOUR not in everything
    assert abs(_luminance(FILTERED_COLOUR) - _luminance(MISSING_COLOUR)) > 0.3


def test_colours_for_maps_classes_to_colours_and_missing_to_missing_colour():
    values = pd.Series([5.0, None, 1.0, 9.0], index=["x", "y", "z", "w"])
    c = classify(values, "quantiles", 3)
    colours = palette(c.k, "higher_worse")
    result = colours_for(c, colours)
    assert result["y"] == MISSING_COLOUR
    assert result["z"] == colours[0] and result["w"] == colours[-1]
    assert result.index.equals(values.index)


def test_class_of_agrees_with_the_classification():
    values = _series([3, 8, 1, 14, 22, 5, 9, 30, 2])
    for scheme in ("quantiles", "natural_breaks", "equal_interval"):
        c = classify(values, scheme, 4)
        assert [class_of(v, c) for v in values] == c.classes.tolist()
    assert class_of(None, c) == -1
    assert class_of(float("nan"), c) == -1
    assert class_of(1000, c) == c.k - 1 and class_of(-1000, c) == 0


def test_categorical_colours_keep_the_order_light_to_dark():
    cats = ["a0", "a1", "a2", "b1", "b2", "c1", "c2", "c3"]
    colours = categorical_colours(cats)
    assert list(colours) == cats
    lum = [_luminance(colours[c]) for c in cats]
    assert lum == sorted(lum, reverse=True)
    with pytest.raises(ValueError):
        categorical_colours([f"c{i}" for i in range(10)])
