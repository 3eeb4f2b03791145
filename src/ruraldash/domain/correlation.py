"""Rank correlation between two indicators over the municipalities that have both."""

from __future__ import annotations

import math

import pandas as pd


def spearman(x: pd.Series, y: pd.Series) -> tuple[float, int]:
    """Spearman's rank correlation on pairwise-complete rows, ties given their average rank.

    Parameters
    ----------
    x, y : Series
        Indexed alike (nis_code); missing values on either side drop the row.

    Returns
    -------
    (rho, n) : tuple of float and int
        ``rho`` is NaN when fewer than three rows remain or one side is constant; ``n`` is the
        number of rows used. Computed by pandas (``Series.corr(method="spearman")``).
    """
    both = pd.concat({"x": x, "y": y}, axis=1).apply(pd.to_numeric, errors="coerce").dropna()
    n = len(both)
    if n < 3 or both["x"].nunique() < 2 or both["y"].nunique() < 2:
        return math.nan, n
    return float(both["x"].corr(both["y"], method="spearman")), n
