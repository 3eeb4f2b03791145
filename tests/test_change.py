"""Change arithmetic of the pact monitor (domain.change) on numbers small enough to check by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ruraldash.domain import change
from ruraldash.domain.change import Measure

SHARE = Measure("built", "area", 100.0)


def test_annualised_growth_is_compound_not_the_average_step():
    # 100 -> 121 in two years is 10 % a year (the simple average would say 10.5 %)
    assert change.annual_pct(100.0, 121.0, 2) == pytest.approx(10.0)
    assert change.annual_pct(100.0, 50.0, 1) == pytest.approx(-50.0)


def test_no_relative_change_from_a_zero_baseline_and_missing_stays_missing():
    out = change.change_frame(
        pd.Series([0.0, 10.0, math.nan]), pd.Series([5.0, 15.0, 3.0]), years=5
    )
    assert out["change"].tolist()[:2] == [5.0, 5.0]
    assert math.isnan(out.loc[0, "change_pct"]) and math.isnan(out.loc[0, "annual_pct"])
    assert out.loc[1, "change_pct"] == pytest.approx(50.0)
    assert out.loc[2].drop("end").isna().all()  # no baseline: nothing derived, nothing filled


def test_group_ratio_is_recomputed_from_sums_not_averaged():
    comps = pd.DataFrame({"built": [90.0, 30.0], "area": [100.0, 300.0]}, index=["a", "b"])
    groups = pd.Series("g", index=comps.index)
    got = change.group_value(comps, SHARE, groups, comps.index)["g"]
    assert got == pytest.approx(30.0)  # 120 / 400, not (90 % + 10 %) / 2 = 50 %


def test_group_change_counts_only_members_with_both_years():
    comps = {
        2000: pd.DataFrame({"built": [10.0, 20.0], "area": [100.0, 100.0]}, index=["a", "b"]),
        2010: pd.DataFrame({"built": [20.0, math.nan], "area": [100.0, 100.0]}, index=["a", "b"]),
    }
    values = pd.DataFrame({y: change.value(c, SHARE) for y, c in comps.items()})
    members = change.panel(values, 2000, 2010)
    out = change.group_change(comps, SHARE, pd.Series("g", index=["a", "b"]), members, 2000, 2010)
    assert list(members) == ["a"]
    assert out.loc["g", "baseline"] == pytest.approx(10.0)  # b is left out of the baseline too
    assert out.loc["g", "n"] == 1


def test_index_skips_years_without_data_and_per_day():
    comps = {
        y: pd.DataFrame({"built": [v], "area": [100.0]}, index=["a"])
        for y, v in ((2000, 10.0), (2001, 11.0), (2003, 12.0))
    }
    idx = change.index_series(comps, SHARE, pd.Series("g", index=["a"]), pd.Index(["a"]), 2000,
                              [2000, 2001, 2002, 2003])  # fmt: skip
    assert list(idx.index) == [2000, 2001, 2003]  # 2002 is a gap, not an interpolated point
    assert idx.loc[2003, "g"] == pytest.approx(120.0)
    assert change.gaps([2000, 2001, 2003], 2000, 2003) == [2002]
    assert change.per_day(10_025.0, 5) == pytest.approx(5.49, abs=0.01)
