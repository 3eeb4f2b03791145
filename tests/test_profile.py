"""Profile arithmetic: ranks with ties and gaps, percentiles, group medians, value texts."""

from __future__ import annotations

import math

import pandas as pd

from ruraldash import profile
from ruraldash.catalog import Indicator

VALUES = pd.Series({"a": 10.0, "b": 30.0, "c": 30.0, "d": None, "e": 5.0}, dtype=float)


def _ind(**over) -> Indicator:
    base = dict(id="x", label_nl="X", label_en="X", definition_nl="", definition_en="", unit="%",
                decimals=1, facets=(1,), layer="sealed", polarity="neutral", kind="numeric",
                source="s", year="2020", status="official", rule="sum", expr="x")  # fmt: skip
    return Indicator(**(base | over))


def test_rank_one_is_highest_and_ties_share_the_best_rank():
    assert profile.rank_and_percentile(VALUES, "b")[:2] == (1, 4)
    assert profile.rank_and_percentile(VALUES, "c")[:2] == (1, 4)
    assert profile.rank_and_percentile(VALUES, "a")[0] == 3
    assert profile.rank_and_percentile(VALUES, "e")[0] == 4


def test_missing_value_has_no_rank_nor_percentile():
    rank, n, pct = profile.rank_and_percentile(VALUES, "d")
    assert rank is None and pct is None and n == 4


def test_percentile_is_share_at_or_below():
    assert profile.rank_and_percentile(VALUES, "e")[2] == 25.0
    assert profile.rank_and_percentile(VALUES, "b")[2] == 100.0


def test_group_medians_ignore_missing_values_and_empty_groups_are_nan():
    med = profile.group_medians(VALUES, {"all": list(VALUES.index), "pair": ["a", "d"], "none": []})
    assert med["all"] == 20.0  # median of 5, 10, 30, 30
    assert med["pair"] == 10.0
    assert math.isnan(med["none"])


def test_value_text_belgian_signed_and_ordinal():
    assert profile.value_text(_ind(), 1234.56) == "1.234,6\u00a0%"
    assert profile.value_text(_ind(kind="signed", unit=""), 3.0) == "+3,0"
    assert profile.value_text(_ind(), None) == "geen gegevens"
    ordinal = _ind(
        kind="ordinal", categories=("a0", "a1"), category_labels=("a0 stad", "a1 centrum")
    )
    assert profile.value_text(ordinal, 1.0) == "a1 centrum"
