"""Fisher-Jenks natural breaks: the optimal split of sorted values into k classes, in numpy.

mapclassify's ``FisherJenks`` runs its dynamic programme as a triple Python loop unless numba is
installed (about 0.1 s for 300 values, on every new indicator, filter or k a user picks). This is
the same programme (Fisher 1958: minimise the sum of squared deviations from the class means) with
the inner loops as array operations: one n × n table of segment costs, then k − 1 vectorised
minimisations. Ties go to the split mapclassify picks (the earliest start of the last class), so
the breaks are mapclassify's (tests/test_jenks.py compares both).
"""

from __future__ import annotations

import numpy as np


def _segment_costs(x: np.ndarray) -> np.ndarray:
    """``cost[a, b]``: sum of squared deviations of ``x[a..b]`` (inclusive), inf where a > b."""
    n = x.size
    centred = x - x.mean()  # smaller sums, fewer cancellation errors
    s1 = np.concatenate(([0.0], np.cumsum(centred)))
    s2 = np.concatenate(([0.0], np.cumsum(centred * centred)))
    a = np.arange(n)[:, None]
    b = np.arange(n)[None, :]
    count = (b - a + 1).astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = (s2[b + 1] - s2[a]) - (s1[b + 1] - s1[a]) ** 2 / count
    cost = np.maximum(cost, 0.0)
    cost[a > b] = np.inf
    return cost


def fisher_jenks_bins(sorted_values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of the k natural-breaks classes of ``sorted_values``.

    Parameters
    ----------
    sorted_values : np.ndarray
        Finite values, sorted ascending (duplicates allowed).
    k : int
        Number of classes, 1 ≤ k ≤ number of values.

    Returns
    -------
    np.ndarray
        k upper bounds, ascending; the last is the largest value.
    """
    x = np.asarray(sorted_values, dtype="float64")
    n = x.size
    if not 1 <= k <= n:
        raise ValueError(f"k={k} classes for {n} values")
    cost = _segment_costs(x)
    best = cost[0].copy()  # best[i]: optimal cost of x[0..i] in j classes (j = 1 here)
    starts = np.zeros((k + 1, n), dtype="int64")  # start of the last class of that optimum
    for j in range(2, k + 1):
        # last class x[a..i] after j - 1 classes over x[0..a-1]: a from 1 (a = 0 leaves none)
        total = best[:-1, None] + cost[1:, :]  # row r: a = r + 1
        arg = np.argmin(total, axis=0)  # first minimum: the earliest start, as mapclassify
        best = total[arg, np.arange(n)]
        starts[j] = arg + 1
    ends, i = [n - 1], n - 1
    for j in range(k, 1, -1):
        i = int(starts[j, i]) - 1
        ends.append(i)
    return x[np.array(ends[::-1])]
