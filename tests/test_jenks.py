"""Natural breaks: the numpy programme draws the same map classes as mapclassify's FisherJenks."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pytest

from ruraldash.domain.jenks import fisher_jenks_bins


def _mapclassify_bins(x: np.ndarray, k: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "numba not installed"
        return np.asarray(mapclassify.FisherJenks(x, k=k).bins)


def _within_class_ssd(x: np.ndarray, bins: np.ndarray) -> float:
    classes = np.searchsorted(bins, x, side="left")
    return float(sum(((x[classes == c] - x[classes == c].mean()) ** 2).sum() for c in set(classes)))


@pytest.mark.parametrize("seed", range(12))
def test_breaks_equal_mapclassify_on_continuous_values(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 301))
    x = np.sort(rng.lognormal(size=n) * 10 if seed % 2 else rng.normal(50, 15, size=n))
    for k in (3, 5, 7):
        assert fisher_jenks_bins(x, k) == pytest.approx(_mapclassify_bins(x, k))


@pytest.mark.parametrize("seed", range(12))
def test_with_many_ties_the_split_is_as_good_as_mapclassifys(seed):
    # integer values 0..7: several splits can be equally good; ours is one of the optimal ones
    rng = np.random.default_rng(100 + seed)
    x = np.sort(rng.integers(0, 8, size=int(rng.integers(15, 80))).astype("float64"))
    k = 5
    ours, theirs = fisher_jenks_bins(x, k), _mapclassify_bins(x, k)
    assert _within_class_ssd(x, ours) == pytest.approx(_within_class_ssd(x, theirs), abs=1e-9)
    assert len(ours) == k and ours[-1] == x[-1]


def test_three_obvious_clusters_end_where_the_clusters_end():
    x = np.array([1.0, 2.0, 3.0, 50.0, 51.0, 52.0, 900.0, 905.0, 910.0])
    assert fisher_jenks_bins(x, 3).tolist() == [3.0, 52.0, 910.0]


def test_more_classes_than_values_is_refused():
    with pytest.raises(ValueError):
        fisher_jenks_bins(np.array([1.0, 2.0]), 3)
