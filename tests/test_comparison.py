"""Type comparison: medians and counts per type ignore missing values and never invent them."""

from __future__ import annotations

import math

import pandas as pd

from ruraldash.comparison import type_summary

TYPES = pd.Series({"a": "platteland", "b": "platteland", "c": "platteland", "d": "centrumstad"})


def test_summary_counts_and_quartiles_per_type():
    values = pd.Series({"a": 1.0, "b": 3.0, "c": None, "d": 10.0})
    s = type_summary(values, TYPES)
    assert s.at["platteland", "n"] == 2 and s.at["platteland", "missing"] == 1
    assert s.at["platteland", "median"] == 2.0
    assert s.at["centrumstad", "median"] == 10.0


def test_a_type_without_municipalities_is_empty_not_zero():
    s = type_summary(pd.Series({"a": 1.0, "d": 2.0}), TYPES)
    assert s.at["verstedelijkt", "n"] == 0
    assert math.isnan(s.at["verstedelijkt", "median"])
