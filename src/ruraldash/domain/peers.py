"""Peer groups: the municipalities a local government compares itself with.

One front door, :func:`peers`, for five methods ("type", "province", "neighbours", "similar",
"own"), and :func:`neighbour_table`, which derives shared borders from the geometry once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ruraldash.core.locale import LocalisedError, Term

METHODS: tuple[str, ...] = ("type", "province", "neighbours", "similar", "own")
LAMBERT72 = 31370


class PeerError(LocalisedError, ValueError):
    """A peer group cannot be formed (unknown method or code, missing option, no usable features);
    ``key`` and values say why, :meth:`message` in either language."""


TOLERANCE_M = 10.0
"""Gap/overlap (metres) still treated as a shared border: the source is quantised to ~25 m."""


@dataclass(frozen=True)
class PeerGroup:
    """A peer group for one municipality.

    Attributes
    ----------
    nis : str
        The municipality the group was formed for (not among ``members``).
    method : str
        One of :data:`METHODS`.
    members : list of str
        NIS codes of the peers, in a deterministic order (by code; by distance for "similar";
        as given for "own").
    basis : dict
        How the group was formed, as codes and numbers for the sentence that
        :func:`ruraldash.features.peertext.explain` writes: ``name`` (of ``nis``), ``group``
        (type/province label), ``dropped`` (unknown codes of an own list), ``excluded`` (rows
        not compared), ``features`` / ``logged`` / ``constant`` (feature columns).
    distances : dict of str to float
        Only for "similar": scaled Euclidean distance on z-scores per member.
    differences : dict of str to tuple of str
        Only for "similar": per member the (at most three) feature columns on which it differs
        most from ``nis`` (largest absolute z-score difference first).
    """

    nis: str
    method: str
    members: list[str]
    basis: dict[str, Any] = field(default_factory=dict)
    distances: dict[str, float] = field(default_factory=dict)
    differences: dict[str, tuple[str, ...]] = field(default_factory=dict)


def peers(nis: str, method: str, *, k: int = 10, **opts: Any) -> PeerGroup:
    """Form the peer group of municipality ``nis`` with one of five methods.

    Parameters
    ----------
    nis : str
        NIS code of the municipality.
    method : {"type", "province", "neighbours", "similar", "own"}
        "type": same label in ``types`` (pd.Series nis -> label); "province": same label in
        ``provinces``; "neighbours": shared border per ``neighbours`` (from
        :func:`neighbour_table`); "similar": the ``k`` nearest on ``features`` (DataFrame, index
        nis, numeric columns); "own": the user's ``members`` checked against ``known`` codes
        (defaults to the keys of ``names``). For "similar", ``log`` names the feature columns
        (counts, densities) taken as log(1 + x) before standardising, so that size does not
        dominate: a 79-inhabitant municipality is far from one of 17,000.
    k : int
        Group size for "similar" (fewer when there are fewer candidates); ignored otherwise.
    **opts
        The input the method needs (see above), plus optional ``names`` (nis -> name, kept in
        :attr:`PeerGroup.basis` for the explanation).

    Raises
    ------
    PeerError
        Unknown method or nis, a missing option, or no usable features (a ValueError).
    """
    if method not in _BUILDERS:
        raise PeerError("peers_err_method", method=method, choices=", ".join(METHODS))
    return _BUILDERS[method](str(nis), k, opts)


def _require(opts: Mapping[str, Any], option: str, method: str) -> Any:
    if opts.get(option) is None:
        raise PeerError("peers_err_option", method=method, option=option)
    return opts[option]


def _name(nis: str, opts: Mapping[str, Any]) -> str:
    names = opts.get("names")
    if isinstance(names, pd.Series):
        names = _str_index(names)
    name = names.get(nis) if names is not None else None
    return nis if name is None or pd.isna(name) else str(name)


def _str_index(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    return values.set_axis(values.index.map(str), axis=0)


def _unknown(nis: str) -> PeerError:
    return PeerError("peers_err_nis", nis=nis)


def _same_label(nis: str, opts: Mapping[str, Any], method: str) -> PeerGroup:
    option = "types" if method == "type" else "provinces"
    labels = _str_index(pd.Series(_require(opts, option, method)))
    if nis not in labels.index:
        raise _unknown(nis)
    group, name = labels[nis], _name(nis, opts)
    if pd.isna(group):
        raise PeerError("peers_err_no_group", name=name, what=Term(f"peers_what_{method}"))
    members = sorted(code for code in labels.index[labels == group] if code != nis)
    return PeerGroup(nis, method, members, {"name": name, "group": str(group)})


def _by_type(nis: str, k: int, opts: Mapping[str, Any]) -> PeerGroup:
    return _same_label(nis, opts, "type")


def _by_province(nis: str, k: int, opts: Mapping[str, Any]) -> PeerGroup:
    return _same_label(nis, opts, "province")


def _by_neighbours(nis: str, k: int, opts: Mapping[str, Any]) -> PeerGroup:
    table = {str(code): v for code, v in _require(opts, "neighbours", "neighbours").items()}
    if nis not in table:
        raise _unknown(nis)
    members = sorted({str(code) for code in table[nis]} - {nis})
    return PeerGroup(nis, "neighbours", members, {"name": _name(nis, opts)})


def _by_own(nis: str, k: int, opts: Mapping[str, Any]) -> PeerGroup:
    chosen = _require(opts, "members", "own")
    known = opts.get("known")
    if known is None:
        known = _require(opts, "names", "own").keys()
    known = {str(code) for code in known}
    if nis not in known:
        raise _unknown(nis)
    members: list[str] = []
    dropped: list[str] = []
    for code in dict.fromkeys(str(c).strip() for c in chosen):
        if code != nis:
            (members if code in known else dropped).append(code)
    return PeerGroup(nis, "own", members, {"dropped": tuple(dropped)})


def _zscores(features: pd.DataFrame, log: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Z-score the numeric columns over all rows (``log`` columns as log(1 + x) first, negative
    values missing); return them and the constant columns left out."""
    numeric = features.select_dtypes("number").astype(float).replace([np.inf, -np.inf], np.nan)
    for col in log:
        if col in numeric:
            numeric[col] = np.log1p(numeric[col].where(numeric[col] >= 0))
    if numeric.shape[1] == 0:
        raise PeerError("peers_err_no_features")
    sd = numeric.std(ddof=0)
    constant = [str(col) for col in numeric.columns if not sd[col] > 0]
    used = numeric.loc[:, sd > 0]
    if used.shape[1] == 0:
        raise PeerError("peers_err_constant")
    return _str_index((used - used.mean()) / sd[used.columns]), constant


def _distances(z: pd.DataFrame, nis: str, name: str) -> tuple[pd.Series, int]:
    """Scaled Euclidean distance from ``nis`` to every comparable row, and the count left out."""
    total = z.shape[1]
    have = z.notna().sum(axis=1)
    if have[nis] == 0:
        raise PeerError("peers_err_no_values", name=name)
    if have[nis] * 2 < total:
        raise PeerError("peers_err_few_values", name=name, have=int(have[nis]), total=total)
    squared = (z - z.loc[nis]) ** 2
    shared = squared.notna().sum(axis=1)
    dist = np.sqrt(squared.sum(axis=1) * total / shared.where(shared > 0))
    comparable = (have * 2 >= total) & dist.notna()
    comparable[nis] = False
    return dist[comparable], int((~comparable).sum()) - 1


def _by_similarity(nis: str, k: int, opts: Mapping[str, Any]) -> PeerGroup:
    if k < 1:
        raise PeerError("peers_err_k", k=k)
    log = tuple(opts.get("log") or ())
    z, constant = _zscores(pd.DataFrame(_require(opts, "features", "similar")), log)
    if nis not in z.index:
        raise _unknown(nis)
    name = _name(nis, opts)
    dist, excluded = _distances(z, nis, name)
    ranked = sorted(dist.items(), key=lambda item: (round(item[1], 9), item[0]))[:k]
    basis = {
        "name": name,
        "features": tuple(str(c) for c in z.columns),
        "logged": tuple(str(c) for c in z.columns if c in log),
        "excluded": excluded,
        "constant": tuple(constant),
    }
    members = [code for code, _ in ranked]
    distances = {code: float(d) for code, d in ranked}
    return PeerGroup(nis, "similar", members, basis, distances, _differences(z, nis, members))


def _differences(z: pd.DataFrame, nis: str, members: list[str]) -> dict[str, tuple[str, ...]]:
    """Per member the (at most three) columns with the largest absolute z-score difference."""
    gaps = (z.loc[members] - z.loc[nis]).abs()
    out = {}
    for code in members:
        row = gaps.loc[code].dropna()
        row = row[row > 0].sort_values(ascending=False, kind="stable")
        out[code] = tuple(str(c) for c in row.index[:3])
    return out


_BUILDERS: dict[str, Callable[[str, int, Mapping[str, Any]], PeerGroup]] = {
    "type": _by_type,
    "province": _by_province,
    "neighbours": _by_neighbours,
    "similar": _by_similarity,
    "own": _by_own,
}


def _metric_frame(gdf: gpd.GeoDataFrame, code_col: str) -> gpd.GeoDataFrame:
    """One row per code, in metres (Belgian Lambert 72 when the source CRS is geographic)."""
    if code_col not in gdf.columns:
        raise PeerError("peers_err_code_col", column=code_col)
    if gdf.crs is None:
        raise PeerError("peers_err_crs")
    frame = gdf[[code_col, gdf.geometry.name]].copy()
    frame[code_col] = frame[code_col].map(str)
    if frame.crs.is_geographic:
        frame = frame.to_crs(LAMBERT72)
    if frame[code_col].duplicated().any():
        frame = frame.dissolve(by=code_col, as_index=False)
    return frame.reset_index(drop=True)


def neighbour_table(
    gdf: gpd.GeoDataFrame,
    code_col: str = "nis_code",
    min_shared_m: float = 50.0,
    tolerance_m: float = TOLERANCE_M,
) -> dict[str, list[str]]:
    """Municipalities sharing a border (not just a corner point), derived from the geometry.

    Candidate pairs come from the spatial index (polygons buffered by ``tolerance_m`` that
    intersect); a pair is kept when the length of one boundary lying within ``tolerance_m`` of
    the other is at least ``min_shared_m``. The tolerance absorbs gaps and overlaps from
    coordinate quantisation; a corner contact yields only about ``2 × tolerance_m`` of shared
    length and is therefore dropped.

    Parameters
    ----------
    gdf : GeoDataFrame
        Municipality polygons with a CRS; geographic CRSs are projected to EPSG:31370.
        Several rows with the same code are dissolved first.
    code_col : str
        Column with the NIS codes.
    min_shared_m : float
        Minimum shared boundary length in metres.
    tolerance_m : float
        Gap or overlap (metres) still treated as touching.

    Returns
    -------
    dict of str to list of str
        Every code (sorted) mapped to its sorted neighbours; symmetric.
    """
    frame = _metric_frame(gdf, code_col)
    geoms = np.asarray(frame.geometry.array, dtype=object)
    left, right = frame.sindex.query(shapely.buffer(geoms, tolerance_m), predicate="intersects")
    pairs = np.unique(np.column_stack([np.minimum(left, right), np.maximum(left, right)]), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    boundaries = shapely.boundary(geoms)
    near = shapely.buffer(boundaries[pairs[:, 1]], tolerance_m, quad_segs=2)
    shared = shapely.length(shapely.intersection(boundaries[pairs[:, 0]], near))
    codes = [str(code) for code in frame[code_col]]
    table: dict[str, set[str]] = {code: set() for code in codes}
    for i, j in pairs[np.nan_to_num(shared) >= min_shared_m]:
        table[codes[i]].add(codes[j])
        table[codes[j]].add(codes[i])
    return {code: sorted(table[code]) for code in sorted(table)}
