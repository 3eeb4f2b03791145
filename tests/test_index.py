"""Composite index: arithmetic by hand on a few municipalities, ranks, sensitivity, description."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ruraldash.domain.index import composite_index, rank_range, sensitivity
from ruraldash.features.indextext import method_table, method_text

UP_DOWN = {"income": 1, "unemployment": -1}


def _data() -> pd.DataFrame:
    """Income (higher is better) and unemployment (higher is worse) for four municipalities."""
    return pd.DataFrame(
        {"income": [10.0, 20.0, 30.0, 40.0], "unemployment": [4.0, 2.0, 2.0, 8.0]},
        index=["a", "b", "c", "d"],
    )


def test_minmax_weights_and_direction_by_hand():
    result = composite_index(_data(), {"income": 3, "unemployment": 1}, UP_DOWN)
    # income → 0, 1/3, 2/3, 1; unemployment (2..8, flipped) → 2/3, 1, 1, 0; weights 0.75/0.25
    expected = [0.25 * 2 / 3, 0.75 / 3 + 0.25, 0.75 * 2 / 3 + 0.25, 0.75]
    assert result.score.tolist() == pytest.approx([100 * e for e in expected])
    assert result.components["unemployment"].tolist() == pytest.approx([2 / 3, 1, 1, 0])
    assert result.weights == pytest.approx({"income": 0.75, "unemployment": 0.25})


def test_ties_share_the_lowest_rank():
    result = composite_index(_data(), {"income": 3, "unemployment": 1}, UP_DOWN)
    # c and d both score 75 → both rank 1, b is third, a last
    assert result.rank.tolist() == [4, 3, 1, 1]


def test_direction_minus_one_reverses_the_order():
    up = composite_index(_data(), {"income": 1}, {"income": 1})
    down = composite_index(_data(), {"income": 1}, {"income": -1})
    assert up.rank.tolist() == [4, 3, 2, 1]
    assert down.rank.tolist() == [1, 2, 3, 4]


def test_minmax_spans_zero_to_hundred():
    score = composite_index(_data(), {"income": 1}, {"income": 1}).score
    assert score.min() == 0 and score.max() == 100


def test_zscore_by_hand_and_mean_zero():
    result = composite_index(_data(), {"income": 1}, {"income": 1}, method="zscore")
    x = np.array([10.0, 20.0, 30.0, 40.0])
    by_hand = (x - 25.0) / math.sqrt(((x - 25.0) ** 2).mean())
    assert result.score.tolist() == pytest.approx(by_hand.tolist())
    both = composite_index(_data(), {"income": 2, "unemployment": 1}, UP_DOWN, method="zscore")
    assert both.score.mean() == pytest.approx(0.0, abs=1e-12)


def test_renormalise_versus_exclude_with_a_missing_value():
    data = _data()
    data.loc["b", "unemployment"] = np.nan
    weights = {"income": 3, "unemployment": 1}
    kept = composite_index(data, weights, UP_DOWN, missing="renormalise")
    dropped = composite_index(data, weights, UP_DOWN, missing="exclude")
    assert kept.coverage["b"] == pytest.approx(0.75)
    assert kept.score["b"] == pytest.approx(100 / 3)  # income component alone, weight rescaled
    assert math.isnan(dropped.score["b"])
    assert pd.isna(dropped.rank["b"])
    assert dropped.rank.drop("b").tolist() == [3, 1, 1]


def test_renormalise_needs_half_the_weight():
    data = _data()
    data.loc["a", "income"] = np.nan  # only 25 % of the weight left
    result = composite_index(data, {"income": 3, "unemployment": 1}, UP_DOWN)
    assert math.isnan(result.score["a"])
    assert result.coverage["a"] == pytest.approx(0.25)


def test_invalid_weights_raise_in_dutch():
    with pytest.raises(ValueError, match="Minstens één gewicht"):
        composite_index(_data(), {"income": 0, "unemployment": 0}, UP_DOWN)
    with pytest.raises(ValueError, match="Gewichten moeten 0 of groter"):
        composite_index(_data(), {"income": -1, "unemployment": 2}, UP_DOWN)
    with pytest.raises(ValueError, match="richting"):
        composite_index(_data(), {"income": 1}, {"income": 0})


def test_zero_variance_indicator_is_neutral():
    data = _data().assign(flat=5.0)
    weights = {"income": 3, "unemployment": 1, "flat": 1}
    minmax = composite_index(data, weights, {**UP_DOWN, "flat": -1})
    z = composite_index(data, weights, {**UP_DOWN, "flat": 1}, method="zscore")
    assert (minmax.components["flat"] == 0.5).all()
    assert (z.components["flat"] == 0).all()
    assert (
        minmax.rank.tolist() == composite_index(data, weights, UP_DOWN | {"flat": 1}).rank.tolist()
    )
    assert minmax.rank.tolist() == [4, 3, 1, 1]


# --- sensitivity ------------------------------------------------------------------------------


def _close_race() -> tuple[pd.DataFrame, dict[str, float], dict[str, int]]:
    """p leads on income, q on green space; at 80/20 q is just ahead, r trails far behind."""
    data = pd.DataFrame(
        {
            "income": [100.0, 77.0, 0.0],
            "green": [0.0, 100.0, 50.0],
            "noise": [3.0, 1.0, 2.0],
        },
        index=["p", "q", "r"],
    )
    return data, {"income": 4.0, "green": 1.0, "noise": 0.0}, {"income": 1, "green": 1, "noise": 1}


def test_sensitivity_moves_close_municipalities_only():
    data, weights, directions = _close_race()
    base = composite_index(data, weights, directions)
    assert base.rank.tolist() == [2, 1, 3]
    shifts = sensitivity(data, weights, directions)
    assert shifts.loc["p", "income"] == 1 and shifts.loc["q", "income"] == 1
    assert shifts.loc["r", "income"] == 0
    assert shifts["max_rank_shift"].tolist() == [1, 1, 0]


def test_zero_weight_indicator_produces_no_shift():
    data, weights, directions = _close_race()
    assert (sensitivity(data, weights, directions)["noise"] == 0).all()


def test_rank_range_spans_the_variations():
    data, weights, directions = _close_race()
    ranges = rank_range(data, weights, directions)
    assert ranges.loc["p"].tolist() == [2, 1, 2]
    assert ranges.loc["r"].tolist() == [3, 3, 3]


# --- description ------------------------------------------------------------------------------


def test_method_text_states_weights_directions_and_missing_rule():
    result = composite_index(_data(), {"income": 3, "unemployment": 1}, UP_DOWN)
    labels = {"income": "inkomen", "unemployment": "werkloosheid"}
    nl = method_text(result, "nl", labels)
    assert "inkomen 75\u00a0% (hoger is beter)" in nl
    assert "werkloosheid 25\u00a0% (hoger is slechter)" in nl
    assert "50 %" in nl and "0,5" in nl
    en = composite_index(_data(), {"income": 1}, {"income": 1}, method="zscore", missing="exclude")
    text = method_text(en, "en")
    assert "z-scores" in text and "income 100\u00a0% (higher is better)" in text
    assert "gets no score" in text


def test_method_table_lists_each_indicator_with_normalised_weight():
    result = composite_index(_data(), {"income": 3, "unemployment": 1}, UP_DOWN)
    table = method_table(result, {"income": "inkomen"}, lang="nl")
    assert table["Indicator"].tolist() == ["income", "unemployment"]
    assert table["Omschrijving"].tolist() == ["inkomen", "unemployment"]
    assert table["Gewicht"].sum() == pytest.approx(1.0)
    assert table["Richting"].tolist() == ["hoger is beter", "hoger is slechter"]
    assert list(method_table(result, lang="en").columns)[2] == "Weight"
