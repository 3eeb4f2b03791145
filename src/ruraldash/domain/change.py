"""Change over time: absolute, relative and annualised change, ratios from summed components, index.

Pure pandas. Conventions of the monitor:

* a ratio (a share, a density) for a group is recomputed from the group's summed numerator and
  denominator, never averaged over its members' ratios;
* a group's change compares like with like: only members with a value in both years count
  (``panel``), and the number of members used is returned;
* a missing value stays missing; nothing is interpolated; a zero baseline has no relative change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

CHANGE_COLUMNS = ["baseline", "end", "change", "change_pct", "annual_pct"]
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Measure:
    """How an indicator is made from components.

    Attributes
    ----------
    numerator : str
        Component summed for a group.
    denominator : str, optional
        Component the numerator is divided by (after summing); empty for a count.
    scale : float
        Multiplier of the ratio (100 for a percentage, 1000 for "per 1,000").
    """

    numerator: str
    denominator: str = ""
    scale: float = 1.0

    @property
    def is_ratio(self) -> bool:
        """True when the indicator is a ratio (recomputed from sums, not added up)."""
        return bool(self.denominator)

    @property
    def columns(self) -> list[str]:
        """The components this measure needs."""
        return [self.numerator, self.denominator] if self.denominator else [self.numerator]


def value(frame: pd.DataFrame, measure: Measure) -> pd.Series:
    """The indicator from components, row by row (missing when a component is missing or the
    denominator is 0).

    Parameters
    ----------
    frame : DataFrame
        Holding the measure's component columns.
    measure : Measure
    """
    num = pd.to_numeric(frame[measure.numerator], errors="coerce").astype(float)
    if not measure.is_ratio:
        return num
    den = pd.to_numeric(frame[measure.denominator], errors="coerce").astype(float)
    return (num / den.where(den != 0)) * measure.scale


def annual_pct(
    baseline: pd.Series | float, end: pd.Series | float, years: int
) -> pd.Series | float:
    """Compound annual growth rate in % (Eurostat's annualised growth): ``((end/baseline)^(1/years) - 1) * 100``.

    Parameters
    ----------
    baseline, end : Series or float
        Levels at the baseline and end year; a baseline <= 0 or an end < 0 gives NaN.
    years : int
        End year minus baseline year (> 0).

    Examples
    --------
    >>> round(annual_pct(100.0, 121.0, 2), 6)
    10.0
    """
    if years <= 0:
        raise ValueError("years must be positive")
    b = pd.Series(baseline, dtype=float) if not np.isscalar(baseline) else baseline
    e = pd.Series(end, dtype=float) if not np.isscalar(end) else end
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = (np.power(e / b, 1.0 / years) - 1.0) * 100.0
    valid = (np.asarray(b, dtype=float) > 0) & (np.asarray(e, dtype=float) >= 0)
    if np.isscalar(rate):
        return float(rate) if valid else float("nan")
    return rate.where(valid)


def change_frame(baseline: pd.Series, end: pd.Series, years: int) -> pd.DataFrame:
    """Absolute, relative (%) and annualised (%) change per row.

    Parameters
    ----------
    baseline, end : Series
        Same index; NaN stays NaN in every derived column.
    years : int
        End year minus baseline year.

    Returns
    -------
    DataFrame
        Columns :data:`CHANGE_COLUMNS`.
    """
    b = baseline.astype(float)
    e = end.reindex(b.index).astype(float)
    change = e - b
    pct = (change / b.where(b != 0)) * 100.0
    return pd.DataFrame(
        {
            "baseline": b,
            "end": e,
            "change": change,
            "change_pct": pct,
            "annual_pct": annual_pct(b, e, years),
        }
    )[CHANGE_COLUMNS]


def panel(values: pd.DataFrame, baseline_year: int, end_year: int) -> pd.Index:
    """Municipalities with a value in both years (the like-for-like set of a group's change).

    Parameters
    ----------
    values : DataFrame
        Municipalities × years (indicator values).
    """
    both = values[[baseline_year, end_year]].notna().all(axis=1)
    return values.index[both]


def group_value(
    comps: pd.DataFrame, measure: Measure, groups: pd.Series, members: pd.Index
) -> pd.Series:
    """A group's indicator for one year: numerator and denominator summed over ``members``, then divided.

    Parameters
    ----------
    comps : DataFrame
        Components of one year, indexed by nis_code.
    groups : Series
        nis_code -> group label (e.g. the type); the whole of Flanders is one label.
    members : Index
        The municipalities that count (others are left out of every group).
    """
    part = comps.reindex(members)[measure.columns].astype(float)
    key = groups.reindex(members)
    sums = part.groupby(key.values).sum(min_count=1)
    return value(sums, measure)


def group_change(
    comps: dict[int, pd.DataFrame],
    measure: Measure,
    groups: pd.Series,
    members: pd.Index,
    baseline_year: int,
    end_year: int,
) -> pd.DataFrame:
    """Change per group between two years, from summed components over the same members.

    Parameters
    ----------
    comps : dict
        Year -> components of that year (indexed by nis_code).
    members : Index
        The like-for-like set (see :func:`panel`).

    Returns
    -------
    DataFrame
        One row per group: :data:`CHANGE_COLUMNS` plus ``n`` (members counted).
    """
    base = group_value(comps[baseline_year], measure, groups, members)
    end = group_value(comps[end_year], measure, groups, members)
    out = change_frame(base, end, end_year - baseline_year)
    out["n"] = groups.reindex(members).value_counts().reindex(out.index).fillna(0).astype(int)
    return out


def index_series(
    comps: dict[int, pd.DataFrame],
    measure: Measure,
    groups: pd.Series,
    members: pd.Index,
    baseline_year: int,
    years: Sequence[int],
) -> pd.DataFrame:
    """Index (baseline = 100) per group and year, like for like.

    For each year the group's value is compared with its baseline over the members that have a
    value in both that year and the baseline; a year without data is absent (a gap on the chart).

    Returns
    -------
    DataFrame
        Years × groups.
    """
    rows = {}
    for year in years:
        if year not in comps:
            continue
        have = comps[year].reindex(members)[measure.columns].notna().all(axis=1)
        base_ok = comps[baseline_year].reindex(members)[measure.columns].notna().all(axis=1)
        both = members[(have & base_ok).to_numpy()]
        now = group_value(comps[year], measure, groups, both)
        then = group_value(comps[baseline_year], measure, groups, both)
        rows[year] = now / then.where(then != 0) * 100.0
    return pd.DataFrame(rows).T.sort_index()


def per_year(change: float | pd.Series, years: int) -> float | pd.Series:
    """Average yearly increase (e.g. hectares per year) over ``years``."""
    return change / years


def per_day(change: float | pd.Series, years: int) -> float | pd.Series:
    """Average daily increase (e.g. hectares per day, the bouwshift's unit) over ``years``."""
    return change / (years * DAYS_PER_YEAR)


def gaps(available: Sequence[int], start: int, end: int) -> list[int]:
    """Years between ``start`` and ``end`` (inclusive) that have no data: shown as gaps, never filled."""
    have = set(available)
    return [y for y in range(start, end + 1) if y not in have]


def indexed(frame: pd.DataFrame) -> pd.DataFrame:
    """Each column (a municipality) as an index on its first year (rows = years, first row = 100).

    A column without a value in the first year has no index (all NaN): the base is never guessed.

    Examples
    --------
    >>> indexed(pd.DataFrame({"a": [75.0, 90.0], "b": [5600.0, 5600.0]}, index=[2020, 2025]))["a"].tolist()
    [100.0, 120.0]
    """
    first = frame.iloc[0] if len(frame.index) else pd.Series(dtype=float)
    return frame.div(first.where(first != 0)) * 100.0
