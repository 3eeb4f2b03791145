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

from ruraldash.core.i18n import t

METHODS: tuple[str, ...] = ("type", "province", "neighbours", "similar", "own")
LAMBERT72 = 31370
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
    explanation : str
        One sentence on how the group was formed, in the requested language.
    distances : dict of str to float
        Only for "similar": scaled Euclidean distance on z-scores per member.
    differences : dict of str to tuple of str
        Only for "similar": per member the (at most three) feature columns on which it differs
        most from ``nis`` (largest absolute z-score difference first).
    """

    nis: str
    method: str
    members: list[str]
    explanation: str
    distances: dict[str, float] = field(default_factory=dict)
    differences: dict[str, tuple[str, ...]] = field(default_factory=dict)


def peers(nis: str, method: str, *, k: int = 10, lang: str = "nl", **opts: Any) -> PeerGroup:
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
    lang : {"nl", "en"}
        Language of the explanation and of error messages.
    **opts
        The input the method needs (see above), plus optional ``names`` (nis -> name, used in
        the explanation) and ``labels`` (feature column -> label, for "similar").

    Raises
    ------
    ValueError
        Unknown method or nis, a missing option, or no usable features (Dutch by default).
    """
    if method not in _BUILDERS:
        choices = ", ".join(METHODS)
        raise ValueError(t("peers_err_method", lang, method=method, choices=choices))
    return _BUILDERS[method](str(nis), k, lang, opts)


def _require(opts: Mapping[str, Any], option: str, method: str, lang: str) -> Any:
    if opts.get(option) is None:
        raise ValueError(t("peers_err_option", lang, method=method, option=option))
    return opts[option]


def _name(nis: str, opts: Mapping[str, Any]) -> str:
    names = opts.get("names")
    if isinstance(names, pd.Series):
        names = _str_index(names)
    name = names.get(nis) if names is not None else None
    return nis if name is None or pd.isna(name) else str(name)


def _count(n: int, lang: str) -> str:
    return t("peers_count_one" if n == 1 else "peers_count_other", lang, n=n)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('peers_and', lang)} {items[-1]}"


def _str_index(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    return values.set_axis(values.index.map(str), axis=0)


def _unknown(nis: str, lang: str) -> ValueError:
    return ValueError(t("peers_err_nis", lang, nis=nis))


def _same_label(nis: str, lang: str, opts: Mapping[str, Any], method: str) -> PeerGroup:
    option = "types" if method == "type" else "provinces"
    labels = _str_index(pd.Series(_require(opts, option, method, lang)))
    if nis not in labels.index:
        raise _unknown(nis, lang)
    group, name = labels[nis], _name(nis, opts)
    if pd.isna(group):
        what = t(f"peers_what_{method}", lang)
        raise ValueError(t("peers_err_no_group", lang, name=name, what=what))
    members = sorted(code for code in labels.index[labels == group] if code != nis)
    text = t(f"peers_expl_{method}", lang, count=_count(len(members), lang), name=name, group=group)
    return PeerGroup(nis, method, members, text)


def _by_type(nis: str, k: int, lang: str, opts: Mapping[str, Any]) -> PeerGroup:
    return _same_label(nis, lang, opts, "type")


def _by_province(nis: str, k: int, lang: str, opts: Mapping[str, Any]) -> PeerGroup:
    return _same_label(nis, lang, opts, "province")


def _by_neighbours(nis: str, k: int, lang: str, opts: Mapping[str, Any]) -> PeerGroup:
    table = {str(code): v for code, v in _require(opts, "neighbours", "neighbours", lang).items()}
    if nis not in table:
        raise _unknown(nis, lang)
    members = sorted({str(code) for code in table[nis]} - {nis})
    count = _count(len(members), lang)
    text = t("peers_expl_neighbours", lang, count=count, name=_name(nis, opts))
    if not members:  # Voeren: no border with any other Flemish municipality
        text += " " + t("peers_expl_exclave", lang, name=_name(nis, opts))
    return PeerGroup(nis, "neighbours", members, text)


def _by_own(nis: str, k: int, lang: str, opts: Mapping[str, Any]) -> PeerGroup:
    chosen = _require(opts, "members", "own", lang)
    known = opts.get("known")
    if known is None:
        known = _require(opts, "names", "own", lang).keys()
    known = {str(code) for code in known}
    if nis not in known:
        raise _unknown(nis, lang)
    members: list[str] = []
    dropped: list[str] = []
    for code in dict.fromkeys(str(c).strip() for c in chosen):
        if code != nis:
            (members if code in known else dropped).append(code)
    text = t("peers_expl_own", lang, count=_count(len(members), lang))
    if dropped:
        text += " " + t("peers_expl_own_dropped", lang, codes=", ".join(dropped))
    return PeerGroup(nis, "own", members, text)


def _zscores(
    features: pd.DataFrame, lang: str, log: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, list[str]]:
    """Z-score the numeric columns over all rows (``log`` columns as log(1 + x) first, negative
    values missing); return them and the constant columns left out."""
    numeric = features.select_dtypes("number").astype(float).replace([np.inf, -np.inf], np.nan)
    for col in log:
        if col in numeric:
            numeric[col] = np.log1p(numeric[col].where(numeric[col] >= 0))
    if numeric.shape[1] == 0:
        raise ValueError(t("peers_err_no_features", lang))
    sd = numeric.std(ddof=0)
    constant = [str(col) for col in numeric.columns if not sd[col] > 0]
    used = numeric.loc[:, sd > 0]
    if used.shape[1] == 0:
        raise ValueError(t("peers_err_constant", lang))
    return _str_index((used - used.mean()) / sd[used.columns]), constant


def _distances(z: pd.DataFrame, nis: str, lang: str, name: str) -> tuple[pd.Series, int]:
    """Scaled Euclidean distance from ``nis`` to every comparable row, and the count left out."""
    total = z.shape[1]
    have = z.notna().sum(axis=1)
    if have[nis] == 0:
        raise ValueError(t("peers_err_no_values", lang, name=name))
    if have[nis] * 2 < total:
        raise ValueError(t("peers_err_few_values", lang, name=name, have=have[nis], total=total))
    squared = (z - z.loc[nis]) ** 2
    shared = squared.notna().sum(axis=1)
    dist = np.sqrt(squared.sum(axis=1) * total / shared.where(shared > 0))
    comparable = (have * 2 >= total) & dist.notna()
    comparable[nis] = False
    return dist[comparable], int((~comparable).sum()) - 1


def _by_similarity(nis: str, k: int, lang: str, opts: Mapping[str, Any]) -> PeerGroup:
    if k < 1:
        raise ValueError(t("peers_err_k", lang, k=k))
    log = tuple(opts.get("log") or ())
    z, constant = _zscores(pd.DataFrame(_require(opts, "features", "similar", lang)), lang, log)
    if nis not in z.index:
        raise _unknown(nis, lang)
    name = _name(nis, opts)
    dist, excluded = _distances(z, nis, lang, name)
    ranked = sorted(dist.items(), key=lambda item: (round(item[1], 9), item[0]))[:k]
    labels = opts.get("labels") or {}
    features = _join([str(labels.get(col, col)) for col in z.columns], lang)
    key = "peers_expl_similar_one" if len(ranked) == 1 else "peers_expl_similar_other"
    logged = _join([str(labels.get(col, col)) for col in z.columns if col in log], lang)
    parts = [t(key, lang, count=_count(len(ranked), lang), name=name, features=features)]
    if logged:
        parts[0] = parts[0][:-1] + t("peers_expl_similar_log", lang, features=logged)
    if excluded:
        parts.append(t("peers_expl_similar_excluded", lang, count=_count(excluded, lang)))
    if constant:
        constant_labels = _join([str(labels.get(col, col)) for col in constant], lang)
        parts.append(t("peers_expl_similar_constant", lang, features=constant_labels))
    members = [code for code, _ in ranked]
    distances = {code: float(d) for code, d in ranked}
    differences = _differences(z, nis, members)
    return PeerGroup(nis, "similar", members, " ".join(parts), distances, differences)


def _differences(z: pd.DataFrame, nis: str, members: list[str]) -> dict[str, tuple[str, ...]]:
    """Per member the (at most three) columns with the largest absolute z-score difference."""
    gaps = (z.loc[members] - z.loc[nis]).abs()
    out = {}
    for code in members:
        row = gaps.loc[code].dropna()
        row = row[row > 0].sort_values(ascending=False, kind="stable")
        out[code] = tuple(str(c) for c in row.index[:3])
    return out


_BUILDERS: dict[str, Callable[[str, int, str, Mapping[str, Any]], PeerGroup]] = {
    "type": _by_type,
    "province": _by_province,
    "neighbours": _by_neighbours,
    "similar": _by_similarity,
    "own": _by_own,
}


def _metric_frame(gdf: gpd.GeoDataFrame, code_col: str) -> gpd.GeoDataFrame:
    """One row per code, in metres (Belgian Lambert 72 when the source CRS is geographic)."""
    if code_col not in gdf.columns:
        raise ValueError(t("peers_err_code_col", column=code_col))
    if gdf.crs is None:
        raise ValueError(t("peers_err_crs"))
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
