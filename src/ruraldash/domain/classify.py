"""Classification of indicator values into map classes, and the colours for those classes.

One front door for the choropleth: :func:`classify` (quantiles, natural breaks, equal interval,
manual breaks; natural breaks in :mod:`ruraldash.domain.jenks`, the others through mapclassify),
:func:`classify_diverging` (signed values, symmetric around 0),
:func:`palette` / :func:`categorical_colours` (colour-blind-safe ColorBrewer colours) and
:func:`colours_for` (one hex colour per municipality). Class 0 always holds the lowest values.
Missing values (None, NaN, ±inf) never enter a computation; they get class -1 and
:data:`MISSING_COLOUR`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import mapclassify
import numpy as np
import pandas as pd

from ruraldash.core.locale import LocalisedError
from ruraldash.core.vocab import POLARITIES
from ruraldash.domain.jenks import fisher_jenks_bins

SCHEMES: tuple[str, ...] = ("quantiles", "natural_breaks", "equal_interval", "manual")
K_MIN, K_MAX = 3, 7
MAX_CATEGORIES = 9

#: Municipality without a value: white fill, drawn with MISSING_BORDER (grey) on the map.
MISSING_COLOUR = "#ffffff"
MISSING_BORDER = "#737373"
#: Municipality outside the active filter: a neutral mid grey (ColorBrewer Greys); CIE76 ΔE > 20
#: from every palette colour below and clearly darker than MISSING_COLOUR.
FILTERED_COLOUR = "#969696"

# Colour tables from ColorBrewer 2.0 (Cynthia A. Brewer, Penn State, colorbrewer2.org,
# Apache-2.0-style licence), light to dark (sequential) or low to high (diverging). All of
# YlGnBu, OrRd, Purples, RdBu and PuOr are marked "colour-blind safe" on colorbrewer2.org.
_SEQUENTIAL: dict[str, dict[int, tuple[str, ...]]] = {
    "YlGnBu": {
        3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
        4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
        5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
        6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
        7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
        8: ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
        9: (
            "#ffffd9",
            "#edf8b1",
            "#c7e9b4",
            "#7fcdbb",
            "#41b6c4",
            "#1d91c0",
            "#225ea8",
            "#253494",
            "#081d58",
        ),
    },
    "OrRd": {
        3: ("#fee8c8", "#fdbb84", "#e34a33"),
        4: ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"),
        5: ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"),
        6: ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"),
        7: ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"),
        8: ("#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"),
        9: (
            "#fff7ec",
            "#fee8c8",
            "#fdd49e",
            "#fdbb84",
            "#fc8d59",
            "#ef6548",
            "#d7301f",
            "#b30000",
            "#7f0000",
        ),
    },
    "Purples": {
        3: ("#efedf5", "#bcbddc", "#756bb1"),
        4: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"),
        5: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"),
        6: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
        7: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"),
        8: ("#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"),
        9: (
            "#fcfbfd",
            "#efedf5",
            "#dadaeb",
            "#bcbddc",
            "#9e9ac8",
            "#807dba",
            "#6a51a3",
            "#54278f",
            "#3f007d",
        ),
    },
}
_DIVERGING: dict[str, dict[int, tuple[str, ...]]] = {
    "RdBu": {
        3: ("#ef8a62", "#f7f7f7", "#67a9cf"),
        4: ("#ca0020", "#f4a582", "#92c5de", "#0571b0"),
        5: ("#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"),
        6: ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"),
        7: ("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"),
    },
    "PuOr": {
        3: ("#f1a340", "#f7f7f7", "#998ec3"),
        4: ("#e66101", "#fdb863", "#b2abd2", "#5e3c99"),
        5: ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"),
        6: ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"),
        7: ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"),
    },
}
# Better = blue, worse = red/orange: a hue pair that stays apart for the common colour-vision
# deficiencies; neutral = purple (no good/bad connotation).
_SEQUENTIAL_FOR = {"higher_better": "YlGnBu", "higher_worse": "OrRd", "neutral": "Purples"}


class ClassifyError(LocalisedError, ValueError):
    """Values cannot be classified with these arguments (scheme, k, breaks, polarity)."""


@dataclass(frozen=True, eq=False)
class Classification:
    """The result of a classification.

    ``scheme`` is one of :data:`SCHEMES` or ``"diverging"``; ``k`` the actual number of classes
    (fewer than asked when there are few distinct values, 0 when all are missing); ``bounds`` the
    (lower, upper) of each class, class 0 lowest; ``classes`` the class per row (same index as the
    input, -1 for missing); ``counts`` the number of municipalities per class.
    """

    scheme: str
    k: int
    bounds: list[tuple[float, float]]
    classes: pd.Series
    counts: list[int]
    n_missing: int


def classify(
    values: pd.Series, scheme: str, k: int, breaks: Sequence[float] | None = None
) -> Classification:
    """Put values into ``k`` classes.

    Parameters
    ----------
    values : pd.Series
        One value per municipality; NaN/None/±inf are missing (class -1).
    scheme : {"quantiles", "natural_breaks", "equal_interval", "manual"}
        Natural breaks is Fisher-Jenks (deterministic, not sampled).
    k : int
        Number of classes, 3..7. Ignored for ``"manual"`` (there ``len(breaks) + 1`` classes).
    breaks : sequence of float, optional
        Manual only: the inner class boundaries, strictly increasing. A value equal to a break
        belongs to the class below it; the last class holds everything above the last break.

    Raises
    ------
    ValueError
        Unknown scheme, k outside 3..7, missing or non-increasing manual breaks (Dutch message).
    """
    if scheme not in SCHEMES:
        raise ClassifyError("map_err_scheme", scheme=scheme, choices=", ".join(SCHEMES))
    arr = _as_float(values)
    finite = arr[~np.isnan(arr)]
    if scheme == "manual":
        uppers, lowest = _manual_uppers(finite, breaks)
    else:
        _check_k(k)
        uppers = _auto_uppers(finite, scheme, k)
        lowest = float(finite.min()) if finite.size else float("nan")
    lowers = [lowest, *uppers[:-1]] if uppers else []
    return _finish(values.index, arr, scheme, list(zip(lowers, uppers, strict=True)))


def classify_diverging(values: pd.Series, k: int) -> Classification:
    """Classes symmetric around 0 for signed values (e.g. the commuting balance).

    Class edges are quantiles of ``|value|`` mirrored around 0 (equal widths when ties make
    quantiles coincide). For even ``k``, 0 is a class boundary (an exact 0 goes to the first
    positive class); for odd ``k`` the middle class is centred on 0. ``+x`` and ``-x`` always land
    in mirrored classes.
    """
    _check_k(k)
    arr = _as_float(values)
    size = np.abs(arr[~np.isnan(arr)])
    if size.size == 0:
        return _finish(values.index, arr, "diverging", [])
    top = float(size.max())
    if top == 0:
        return _finish(values.index, arr, "diverging", [(0.0, 0.0)])
    n_edges = k // 2 + k % 2
    steps = np.arange(1, n_edges + 1) / n_edges
    pos = np.quantile(size, steps)
    if pos[0] <= 0 or len(np.unique(pos)) < n_edges:
        pos = top * steps
    pos = [float(p) for p in pos]
    edges = [-p for p in reversed(pos)] + ([] if k % 2 else [0.0]) + pos
    return _finish(values.index, arr, "diverging", list(zip(edges[:-1], edges[1:], strict=True)))


def class_of(value: object, classification: Classification) -> int:
    """The class index a single value falls in (-1 if missing), by the classification's rule."""
    arr = _as_float(pd.Series([value], dtype="object"))
    return int(_assign(arr, classification.bounds, classification.scheme)[0])


def palette(k: int, polarity: str, kind: str = "numeric") -> list[str]:
    """Hex colours for ``k`` classes, class 0 (lowest values) first.

    Rule: for ``kind="numeric"`` (sequential) high values are always dark. The hue tells the
    direction: ``higher_worse`` runs light yellow-orange to dark red (dark = worse),
    ``higher_better`` light yellow to dark blue (dark = better), ``neutral`` light to dark purple.
    For ``kind="diverging"`` the low end and the high end have contrasting hues around a light
    centre: ``higher_better`` red (low, worse) to blue (high, better), ``higher_worse`` blue to red,
    ``neutral`` orange to purple. ``k`` may be 0..9 (0..7 diverging); fewer than 3 classes (few
    distinct values) take colours from the 3- or 4-class table.
    """
    if polarity not in POLARITIES:
        raise ClassifyError("map_err_polarity", polarity=polarity, choices=", ".join(POLARITIES))
    if kind == "diverging":
        table = _DIVERGING["PuOr" if polarity == "neutral" else "RdBu"]
        colours = _pick(table, k, mid=True)
        return colours[::-1] if polarity == "higher_worse" else colours
    if kind != "numeric":
        raise ValueError(f"kind moet 'numeric' of 'diverging' zijn, niet {kind!r}")
    return _pick(_SEQUENTIAL[_SEQUENTIAL_FOR[polarity]], k, mid=False)


def categorical_colours(categories: list[str], polarity: str = "neutral") -> dict[str, str]:
    """Colours for ordered categories (e.g. service-provision classes a0..c3), first = lightest.

    At most 9 categories; duplicates keep their first position.
    """
    ordered = list(dict.fromkeys(categories))
    if len(ordered) > MAX_CATEGORIES:
        raise ClassifyError("map_err_categories", high=MAX_CATEGORIES, n=len(ordered))
    return dict(zip(ordered, palette(len(ordered), polarity), strict=True))


def colours_for(classification: Classification, palette: Sequence[str]) -> pd.Series:
    """One hex colour per row of the classified values; missing rows get :data:`MISSING_COLOUR`."""
    if len(palette) < classification.k:
        raise ValueError(f"palet heeft {len(palette)} kleuren, nodig: {classification.k}")
    lookup = np.array([*palette[: classification.k], MISSING_COLOUR], dtype=object)
    codes = classification.classes.to_numpy()  # -1 picks the last entry: MISSING_COLOUR
    return pd.Series(lookup[codes].tolist(), index=classification.classes.index, dtype="str")


# --- internals -------------------------------------------------------------------------------


def _as_float(values: pd.Series) -> np.ndarray:
    """Float array with NaN for anything missing, non-numeric or infinite (never modifies input)."""
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(arr), arr, np.nan)


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not K_MIN <= k <= K_MAX:
        raise ClassifyError("map_err_k", low=K_MIN, high=K_MAX, k=k)


def _manual_uppers(finite: np.ndarray, breaks: Sequence[float] | None) -> tuple[list[float], float]:
    if breaks is None or len(breaks) == 0:
        raise ClassifyError("map_err_breaks_missing")
    try:
        inner = [float(b) for b in breaks]
    except (TypeError, ValueError):
        raise ClassifyError("map_err_breaks_order", breaks=list(breaks)) from None
    if not np.all(np.isfinite(inner)) or np.any(np.diff(inner) <= 0):
        raise ClassifyError("map_err_breaks_order", breaks=inner)
    if not K_MIN <= len(inner) + 1 <= K_MAX:
        raise ClassifyError("map_err_breaks_count", low=K_MIN - 1, high=K_MAX - 1, n=len(inner))
    low = min(float(finite.min()), inner[0]) if finite.size else inner[0]
    high = max(float(finite.max()), inner[-1]) if finite.size else inner[-1]
    # Same rule as mapclassify.UserDefined (y <= bin), but the top class always exists, so a
    # fixed manual legend keeps its k classes whatever the data.
    return [*inner, high], low


def _auto_uppers(finite: np.ndarray, scheme: str, k: int) -> list[float]:
    distinct = np.unique(finite)
    if distinct.size <= 1:
        return [float(v) for v in distinct]
    k = min(k, int(distinct.size))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "not enough unique values", "numba not installed"
        if scheme == "quantiles":
            bins = mapclassify.Quantiles(finite, k=k).bins
        elif scheme == "equal_interval":
            bins = mapclassify.EqualInterval(finite, k=k).bins
        else:
            bins = _fisher_jenks(tuple(np.sort(finite).tolist()), k)
    return [float(b) for b in np.unique(np.asarray(bins, dtype="float64"))]


@lru_cache(maxsize=128)
def _fisher_jenks(sorted_values: tuple[float, ...], k: int) -> tuple[float, ...]:
    """Fisher-Jenks bins (numpy, ~3 ms for 300 values; mapclassify's loop took ~0.1 s), cached."""
    return tuple(fisher_jenks_bins(np.asarray(sorted_values), k))


def _assign(arr: np.ndarray, bounds: list[tuple[float, float]], scheme: str) -> np.ndarray:
    """Class per value: ``lower < v <= upper`` (outliers clamp to the end classes); -1 if NaN."""
    k = len(bounds)
    out = np.full(arr.shape, -1, dtype="int64")
    ok = ~np.isnan(arr)
    if k == 0:
        return out
    uppers = np.array([u for _, u in bounds])
    if scheme != "diverging":
        out[ok] = np.minimum(np.searchsorted(uppers, arr[ok], side="left"), k - 1)
        return out
    half = k // 2
    idx = np.minimum(np.searchsorted(uppers[half:], np.abs(arr[ok]), side="left"), k - half - 1)
    sign = np.where(arr[ok] >= 0, 1, -1)
    out[ok] = half + sign * idx if k % 2 else np.where(sign > 0, half + idx, half - 1 - idx)
    return out


def _finish(
    index: pd.Index, arr: np.ndarray, scheme: str, bounds: list[tuple[float, float]]
) -> Classification:
    codes = _assign(arr, bounds, scheme)
    counts = np.bincount(codes[codes >= 0], minlength=len(bounds))[: len(bounds)]
    return Classification(
        scheme=scheme,
        k=len(bounds),
        bounds=[(float(lo), float(hi)) for lo, hi in bounds],
        classes=pd.Series(codes, index=index, dtype="int64"),
        counts=[int(c) for c in counts],
        n_missing=int((codes < 0).sum()),
    )


def _pick(table: dict[int, tuple[str, ...]], k: int, *, mid: bool) -> list[str]:
    if k <= 0:
        return []
    if k in table:
        return list(table[k])
    if k == 1:
        return [table[3][1]]
    if k == 2:
        return [table[4][1], table[4][2]] if mid else [table[3][0], table[3][2]]
    raise ClassifyError("map_err_k", low=0, high=max(table), k=k)
