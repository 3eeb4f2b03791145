"""Rural proofing arithmetic: how an allocation (an amount per municipality) falls across types.

Pure functions on pandas Series indexed by ``nis_code`` (no I/O, no text): reach, amount per
inhabitant and per km² by type, share gaps in percentage points, the population-weighted Lorenz
curve and Gini coefficient, the concentration index of each type, a permutation test of the
rural/urban difference, the what-if transformations (scale one type, a per-inhabitant floor) and
the sum of a 2019–2024 allocation onto the 2025 municipalities.

Missing stays missing: a municipality whose amount (or population) is NaN is left out of every
figure (see :func:`covered`); it is never counted as 0.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

N_PERMUTATIONS = 4999
"""Permutations of the difference test (p-values in steps of 1/5000)."""
SEED = 24
"""Seed of the permutation test: the same data give the same p-value, on the page and the CLI."""
DECILE = 0.1
"""Share of municipalities named as the top and the bottom of the distribution."""


def _keyed(values: pd.Series) -> pd.Series:
    out = pd.to_numeric(values, errors="coerce").astype(float).copy()
    out.index = out.index.astype(str)
    return out.rename_axis("nis_code")


def _labels(groups: pd.Series) -> pd.Series:
    out = groups.astype(object).copy()
    out.index = out.index.astype(str)
    return out


def covered(amount: pd.Series, population: pd.Series) -> pd.Index:
    """The municipalities a screen can use: an amount ≥ 0 and a population > 0.

    Parameters
    ----------
    amount, population : pd.Series
        Indexed by nis_code; NaN means unknown.

    Returns
    -------
    pd.Index
        NIS codes with both values known (negative amounts and empty populations left out).
    """
    a = _keyed(amount)
    p = _keyed(population).reindex(a.index)
    return a.index[a.ge(0) & p.gt(0)]


def by_group(
    amount: pd.Series, population: pd.Series, area_km2: pd.Series, groups: pd.Series
) -> pd.DataFrame:
    """Per group (type) and over all covered municipalities: counts, totals, ratios and shares.

    Parameters
    ----------
    amount, population, area_km2 : pd.Series
        Per municipality (nis_code). Only :func:`covered` municipalities count.
    groups : pd.Series
        The group (type code) of every municipality.

    Returns
    -------
    pd.DataFrame
        One row per group in order of appearance in ``groups``' categories (sorted codes), columns
        ``municipalities``, ``reached`` (amount > 0), ``population``, ``population_reached``,
        ``area_km2``, ``area_reached``, ``amount``, ``amount_per_inhabitant``, ``amount_per_km2``,
        ``share_amount``, ``share_population``, ``share_area`` (fractions of the covered total),
        ``share_gap_pp`` (share of the amount minus share of the population, in percentage
        points) and ``share_gap_area_pp`` (the same against the area).
    """
    codes = covered(amount, population)
    frame = pd.DataFrame(
        {
            "group": _labels(groups).reindex(codes),
            "amount": _keyed(amount).reindex(codes),
            "population": _keyed(population).reindex(codes),
            "area_km2": _keyed(area_km2).reindex(codes),
        }
    )
    got = frame["amount"].gt(0)
    frame["municipalities"] = 1
    frame["reached"] = got.astype(int)
    frame["population_reached"] = frame["population"].where(got, 0.0)
    frame["area_reached"] = frame["area_km2"].where(got, 0.0)
    columns = ["municipalities", "reached", "population", "population_reached", "area_km2",
               "area_reached", "amount"]  # fmt: skip
    grouped = frame.groupby("group", sort=True)
    out = grouped[columns].sum()
    out.loc[grouped["area_km2"].apply(lambda s: s.isna().any()), "area_km2"] = np.nan
    return _ratios(out)


def _ratios(out: pd.DataFrame) -> pd.DataFrame:
    total = out[["amount", "population", "area_km2"]].sum(min_count=1)
    out["amount_per_inhabitant"] = out["amount"] / out["population"]
    out["amount_per_km2"] = out["amount"] / out["area_km2"].where(out["area_km2"] > 0)
    out["share_amount"] = out["amount"] / total["amount"] if total["amount"] > 0 else np.nan
    out["share_population"] = out["population"] / total["population"]
    out["share_area"] = out["area_km2"] / total["area_km2"]
    out["share_gap_pp"] = (out["share_amount"] - out["share_population"]) * 100.0
    out["share_gap_area_pp"] = (out["share_amount"] - out["share_area"]) * 100.0
    return out


def overall(table: pd.DataFrame) -> pd.Series:
    """The all-municipalities row of a :func:`by_group` table (shares 1, gaps 0)."""
    sums = table[["municipalities", "reached", "population", "population_reached"]].sum()
    sums = pd.concat([sums, table[["area_km2", "area_reached", "amount"]].sum(min_count=1)])
    return _ratios(sums.to_frame().T).iloc[0]


@dataclass(frozen=True)
class Reach:
    """Shares (0–1) of the covered municipalities, population and area that receive anything."""

    municipalities: float
    population: float
    area: float


def reach(row: pd.Series) -> Reach:
    """Reach of one :func:`by_group` row (or :func:`overall`)."""
    return Reach(
        municipalities=float(row["reached"] / row["municipalities"]) if row["municipalities"] else np.nan,
        population=float(row["population_reached"] / row["population"]) if row["population"] else np.nan,
        area=float(row["area_reached"] / row["area_km2"]) if row["area_km2"] > 0 else np.nan,
    )  # fmt: skip


def ratio(table: pd.DataFrame, rural: Collection[str], urban: Collection[str]) -> float:
    """Amount per inhabitant of the rural groups together over that of the urban groups together.

    NaN when either side has no inhabitants or the urban side receives nothing.
    """

    def per_inh(keys: Collection[str]) -> float:
        part = table.loc[table.index.isin(list(keys))]
        people = float(part["population"].sum())
        return float(part["amount"].sum()) / people if people > 0 else np.nan

    r, u = per_inh(rural), per_inh(urban)
    return r / u if u and np.isfinite(u) and u > 0 else np.nan


def lorenz(amount: pd.Series, population: pd.Series) -> pd.DataFrame:
    """The population-weighted Lorenz curve of the amount per inhabitant.

    Municipalities are sorted from the lowest to the highest amount per inhabitant.

    Returns
    -------
    pd.DataFrame
        Index nis_code (sorted), columns ``per_inhabitant``, ``cum_population`` and
        ``cum_amount`` (fractions 0–1 at the end of each municipality). The curve starts at (0, 0).
    """
    codes = covered(amount, population)
    a, p = _keyed(amount).reindex(codes), _keyed(population).reindex(codes)
    per = a / p
    order = per.sort_values(kind="mergesort").index
    total_a = float(a.sum())
    cum_amount = a[order].cumsum() / total_a if total_a > 0 else pd.Series(np.nan, index=order)
    return pd.DataFrame(
        {
            "per_inhabitant": per[order],
            "cum_population": p[order].cumsum() / float(p.sum()),
            "cum_amount": cum_amount,
        }
    )


def gini(curve: pd.DataFrame) -> float:
    """Gini coefficient from a :func:`lorenz` curve: 1 − 2 × area under the curve.

    0 when every inhabitant receives the same, towards 1 when one small place receives all.
    NaN for an empty curve or a total of 0.
    """
    if curve.empty or curve["cum_amount"].isna().any():
        return np.nan
    x = np.concatenate([[0.0], curve["cum_population"].to_numpy()])
    y = np.concatenate([[0.0], curve["cum_amount"].to_numpy()])
    area = float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0))
    return 1.0 - 2.0 * area


def fractional_rank(amount: pd.Series, population: pd.Series) -> pd.Series:
    """Each covered municipality's population-weighted fractional rank (0–1) by amount per inhabitant.

    The rank is the population share below the municipality plus half its own; tied amounts per
    inhabitant share the mean rank of their block (so an equal allocation ranks everyone at 0.5).
    """
    codes = covered(amount, population)
    a, p = _keyed(amount).reindex(codes), _keyed(population).reindex(codes)
    per = (a / p).round(12)
    total = float(p.sum())
    block = p.groupby(per).sum().sort_index()
    below = block.cumsum() - block
    mid = (below + block / 2.0) / total
    return per.map(mid).rename("rank")


def concentration(amount: pd.Series, population: pd.Series, groups: pd.Series) -> dict[str, float]:
    """The concentration index of each group in the ranking by amount per inhabitant.

    For group g, ``C_g = 2 × (population-weighted mean fractional rank of g's inhabitants) − 1``:
    the concentration index of "lives in a g municipality" ranked by amount per inhabitant. It runs
    from −1 (g's inhabitants are all at the low end) through 0 (spread like everyone else) to +1
    (all at the high end).

    Returns
    -------
    dict
        Group code -> index (NaN when the group has no covered inhabitants).
    """
    rank = fractional_rank(amount, population)
    p = _keyed(population).reindex(rank.index)
    g = _labels(groups).reindex(rank.index)
    out = {}
    for key in sorted(pd.unique(groups.dropna().astype(object))):
        mask = g.eq(key).to_numpy()
        weight = float(p[mask].sum())
        out[str(key)] = (
            2.0 * float((rank[mask] * p[mask]).sum()) / weight - 1.0 if weight else np.nan
        )
    return out


def deciles(
    amount: pd.Series, population: pd.Series, share: float = DECILE
) -> tuple[list[str], list[str]]:
    """(top, bottom): the municipalities in the highest and lowest tenth by amount per inhabitant.

    ``ceil(share × n)`` municipalities each, highest first and lowest first; ties broken by code.
    """
    codes = covered(amount, population)
    per = (_keyed(amount).reindex(codes) / _keyed(population).reindex(codes)).round(12)
    n = int(np.ceil(share * len(per))) if len(per) else 0
    frame = per.rename("v").reset_index().sort_values(["v", "nis_code"])
    low = frame["nis_code"].head(n).tolist()
    high = (
        frame.sort_values(["v", "nis_code"], ascending=[False, True])["nis_code"].head(n).tolist()
    )
    return high, low


@dataclass(frozen=True)
class TestResult:
    """A permutation test of the rural/urban difference in amount per inhabitant."""

    method: str
    statistic: float
    """Rural minus urban amount per inhabitant (each side: its total over its inhabitants)."""
    p_value: float
    permutations: int
    seed: int
    n_rural: int
    n_urban: int


def permutation_test(
    amount: pd.Series,
    population: pd.Series,
    groups: pd.Series,
    rural: Collection[str],
    urban: Collection[str],
    permutations: int = N_PERMUTATIONS,
    seed: int = SEED,
) -> TestResult:
    """Is the rural/urban difference in amount per inhabitant larger than chance?

    The labels rural/urban are shuffled over the same municipalities ``permutations`` times (a
    fixed ``seed``); the two-sided p-value is (1 + shuffles at least as far from 0 as the real
    difference) / (1 + permutations).

    Returns
    -------
    TestResult
        ``p_value`` NaN when either side has no covered municipality.
    """
    codes = covered(amount, population)
    g = _labels(groups).reindex(codes)
    side = g.isin(list(rural)).to_numpy(), g.isin(list(urban)).to_numpy()
    keep = side[0] | side[1]
    a = _keyed(amount).reindex(codes).to_numpy()[keep]
    p = _keyed(population).reindex(codes).to_numpy()[keep]
    is_rural = side[0][keep]
    n_r, n_u = int(is_rural.sum()), int((~is_rural).sum())
    if not n_r or not n_u:
        return TestResult("permutation", np.nan, np.nan, permutations, seed, n_r, n_u)
    observed = _difference(a, p, is_rural[None, :])[0]
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(is_rural, (permutations, 1)), axis=1)
    diffs = _difference(a, p, shuffled)
    extreme = int(np.sum(np.abs(diffs) >= abs(observed) - 1e-12 * max(1.0, abs(observed))))
    p_value = (1 + extreme) / (1 + permutations)
    return TestResult("permutation", float(observed), float(p_value), permutations, seed, n_r, n_u)


def _difference(a: np.ndarray, p: np.ndarray, rural: np.ndarray) -> np.ndarray:
    """Rural minus urban amount per inhabitant for each row of a boolean label matrix."""
    r = rural.astype(np.float64)  # float matrix products use BLAS (a bool one does not)
    ra, rp = r @ a, r @ p
    return ra / rp - (a.sum() - ra) / (p.sum() - rp)


def scale_group(amount: pd.Series, groups: pd.Series, group: str, factor: float) -> pd.Series:
    """What-if: the amounts of one group multiplied by ``factor`` (others unchanged, NaN stays)."""
    a = _keyed(amount)
    mask = _labels(groups).reindex(a.index).eq(group).fillna(False).to_numpy(dtype=bool)
    out = a.copy()
    out[mask] = a[mask] * float(factor)
    return out


def floor_per_inhabitant(amount: pd.Series, population: pd.Series, floor: float) -> pd.Series:
    """What-if: every covered municipality topped up to at least ``floor`` per inhabitant.

    Nothing is taken from anyone: the total grows by the top-ups. NaN stays NaN.
    """
    a = _keyed(amount)
    minimum = _keyed(population).reindex(a.index) * float(floor)
    return a.where(a.isna() | minimum.isna() | (a >= minimum), minimum)


def regroup(amount: pd.Series, mapping: pd.DataFrame) -> pd.Series:
    """A 2019–2024 allocation on the 2025 municipalities: each gets the sum of its parts.

    Parameters
    ----------
    amount : pd.Series
        By 2019–2024 nis_code.
    mapping : pd.DataFrame
        Columns ``nis_code_2019_2024`` and ``nis_code_2025`` (the reference crosswalk).

    Returns
    -------
    pd.Series
        By 2025 nis_code; NaN when any part is missing (never a partial sum).
    """
    a = _keyed(amount)
    key = mapping.astype({"nis_code_2019_2024": str, "nis_code_2025": str})
    parts = a.reindex(key["nis_code_2019_2024"]).to_numpy()
    frame = pd.DataFrame({"new": key["nis_code_2025"].to_numpy(), "value": parts})
    summed = frame.groupby("new")["value"].sum(min_count=1)
    incomplete = frame["value"].isna().groupby(frame["new"]).any()
    return summed.mask(incomplete).rename_axis("nis_code").rename("value")
