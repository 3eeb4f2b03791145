"""Composite index: weighted mean of normalised indicators, with ranks and a sensitivity check.

Normalisation is per indicator over all municipalities in ``data``: "minmax" maps the weakest to
0 and the strongest to 1 (score × 100, so 0–100), "zscore" uses the population standard deviation
(score 0 = average). Direction −1 flips an indicator so that a higher component is always better.
An indicator without spread gets a neutral component (0.5 for minmax, 0 for zscore). Infinite
values count as missing; missing values are never filled in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ruraldash.core.locale import LocalisedError

METHODS: tuple[str, ...] = ("minmax", "zscore")
MISSING_RULES: tuple[str, ...] = ("renormalise", "exclude")
MIN_COVERAGE = 0.5
"""Share of the total weight a municipality needs under "renormalise" to get a score."""
_EPS = 1e-9


class IndexInputError(LocalisedError, ValueError):
    """The index cannot be computed from these arguments; ``key`` and values say why."""


@dataclass(frozen=True)
class IndexResult:
    """Outcome of :func:`composite_index`.

    Attributes
    ----------
    score : pd.Series
        0–100 for "minmax", around 0 for "zscore" (mean 0 when no value is missing); NaN when
        the missing-value rule withholds a score.
    rank : pd.Series
        1 = best; equal scores share the lowest rank ("min"); missing scores stay unranked (NA).
    components : pd.DataFrame
        Normalised values per indicator with the direction applied (higher = better).
    coverage : pd.Series
        Share of the total weight with a value, per municipality (0–1).
    weights : dict of str to float
        Weights normalised to sum 1, in the order given.
    directions : dict of str to int
        +1 (higher is better) or −1 (higher is worse) per indicator.
    method, missing : str
        Normalisation and missing-value rule used.
    """

    score: pd.Series
    rank: pd.Series
    components: pd.DataFrame
    coverage: pd.Series
    weights: dict[str, float]
    directions: dict[str, int]
    method: str
    missing: str


def _validate(
    data: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, int],
    method: str,
    missing: str,
) -> dict[str, float]:
    """Check the arguments; return the weights normalised to sum 1."""
    if method not in METHODS:
        raise IndexInputError("peers_index_err_method", method=method)
    if missing not in MISSING_RULES:
        raise IndexInputError("peers_index_err_missing", missing=missing)
    for col in weights:
        if col not in data.columns:
            raise IndexInputError("peers_index_err_column", name=col)
        if not pd.api.types.is_numeric_dtype(data[col]):
            raise IndexInputError("peers_index_err_numeric", name=col)
        if directions.get(col) not in (1, -1):
            raise IndexInputError("peers_index_err_direction", name=col)
    bad = [str(col) for col, w in weights.items() if not (math.isfinite(w) and w >= 0)]
    if bad:
        raise IndexInputError("peers_index_err_weight_negative", names=", ".join(bad))
    total = sum(weights.values())
    if total <= 0:
        raise IndexInputError("peers_index_err_weight_zero")
    return {col: w / total for col, w in weights.items()}


def _normalise(values: pd.Series, method: str, direction: int) -> pd.Series:
    """One indicator to a component where higher is better; neutral when there is no spread."""
    x = values.astype(float).where(lambda v: v.abs() != math.inf)
    if method == "minmax":
        low, high = x.min(), x.max()
        scaled = (x - low) / (high - low) if high > low else x.where(x.isna(), 0.5)
        return scaled if direction > 0 else 1 - scaled
    sd = x.std(ddof=0)
    z = (x - x.mean()) / sd if sd > 0 else x.where(x.isna(), 0.0)
    return z * direction


def _rank(score: pd.Series) -> pd.Series:
    """1 = highest score; ties (to 9 decimals) share the lowest rank; NaN stays unranked."""
    return score.round(9).rank(ascending=False, method="min").astype("Int64")


def composite_index(
    data: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, int],
    method: str = "minmax",
    missing: str = "renormalise",
) -> IndexResult:
    """Weighted composite index over the indicators named in ``weights``.

    Parameters
    ----------
    data : pd.DataFrame
        Index nis, one numeric column per indicator (other columns are ignored).
    weights : mapping of str to float
        Indicator -> weight ≥ 0, not all 0; normalised to sum 1.
    directions : mapping of str to int
        Indicator -> +1 (higher is better) or −1 (higher is worse).
    method : {"minmax", "zscore"}
        Normalisation per indicator.
    missing : {"renormalise", "exclude"}
        "renormalise": the weighted mean of the available components (weights rescaled), NaN
        when less than 50 % of the total weight is available; "exclude": NaN as soon as an
        indicator with a positive weight is missing.

    Raises
    ------
    ValueError
        Unknown method/rule/indicator, non-numeric column, bad direction, negative or all-zero
        weights (Dutch message).
    """
    w = _validate(data, weights, directions, method, missing)
    components = pd.DataFrame(
        {col: _normalise(data[col], method, directions[col]) for col in w}, index=data.index
    )
    weight_row = pd.Series(w)
    coverage = components.notna().mul(weight_row, axis=1).sum(axis=1)
    score = components.mul(weight_row, axis=1).sum(axis=1) / coverage.where(coverage > 0)
    needed = MIN_COVERAGE if missing == "renormalise" else 1.0
    score = score.where(coverage >= needed - _EPS)
    if method == "minmax":
        score = score * 100
    dirs = {col: int(directions[col]) for col in w}
    return IndexResult(score, _rank(score), components, coverage, w, dirs, method, missing)


def _variant_ranks(
    data: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, int],
    method: str,
    missing: str,
    step: float,
) -> tuple[pd.Series, dict[str, list[pd.Series]]]:
    """Base ranks, and per indicator the ranks with its weight × (1 − step) and × (1 + step)."""
    if not 0 < step < 1:
        raise IndexInputError("peers_index_err_step", step=step)
    base = composite_index(data, weights, directions, method, missing).rank
    variants: dict[str, list[pd.Series]] = {}
    for col in weights:
        variants[col] = [
            composite_index(
                data, {**weights, col: weights[col] * f}, directions, method, missing
            ).rank
            for f in (1 - step, 1 + step)
        ]
    return base, variants


def sensitivity(
    data: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, int],
    method: str = "minmax",
    missing: str = "renormalise",
    step: float = 0.2,
) -> pd.DataFrame:
    """Largest absolute rank change per municipality when one weight moves by ± ``step``.

    Each indicator's weight is multiplied by (1 − step) and (1 + step) in turn, the others kept,
    and all weights renormalised. A variation in which a municipality gains or loses its score
    (coverage crossing 50 %) is not counted for it.

    Returns
    -------
    pd.DataFrame
        Index as ``data``; one column per indicator (its largest shift) and ``max_rank_shift``
        (the largest over all indicators). Nullable integers; NA when never ranked.
    """
    base, variants = _variant_ranks(data, weights, directions, method, missing, step)
    out = pd.DataFrame(index=data.index)
    for col, ranks in variants.items():
        shifts = pd.concat([(r - base).abs() for r in ranks], axis=1)
        out[col] = shifts.max(axis=1).astype("Int64")
    out["max_rank_shift"] = out.max(axis=1).astype("Int64")
    return out


def rank_range(
    data: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, int],
    method: str = "minmax",
    missing: str = "renormalise",
    step: float = 0.2,
) -> pd.DataFrame:
    """Rank, and lowest/highest rank over all weight variations of :func:`sensitivity`.

    Returns
    -------
    pd.DataFrame
        Columns ``rank``, ``min_rank`` (best), ``max_rank`` (worst); nullable integers.
    """
    base, variants = _variant_ranks(data, weights, directions, method, missing, step)
    every = pd.concat([base, *(r for ranks in variants.values() for r in ranks)], axis=1)
    return pd.DataFrame(
        {
            "rank": base,
            "min_rank": every.min(axis=1).astype("Int64"),
            "max_rank": every.max(axis=1).astype("Int64"),
        }
    )
