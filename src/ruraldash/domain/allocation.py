"""Open Ruimtefonds (dotatie open ruimte): key, amounts, ceilings and scenario comparison.

The official rule: the 13 centrumsteden are excluded; the fund is divided pro rata the cadastral
open-space area; a municipality's grant is capped at 13 % (regional cities and coastal municipalities:
6 %) of its Gemeentefonds share of the previous year, increased by 3.5 %; what the ceilings hold back
is NOT redistributed. No per-municipality amounts are published in our sources, so everything computed
here is indicative, and "before ceilings" unless a Gemeentefonds table was uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ruraldash.data.gemeentefonds import (  # noqa: F401  (re-exported: the parser used to live here)
    GemeentefondsUpload,
    parse_gemeentefonds_table,
)

BUDGET_DEFAULT_EUR = 123_400_000.0
"""Current fund (RINGtv, October 2024: "123,4 miljoen euro")."""
BUDGET_PLUS65_EUR = BUDGET_DEFAULT_EUR + 65_000_000.0
"""Scenario: the fund plus the 65 million euro announced by the Flemish Government (RINGtv, 2024)."""

COASTAL_DEFAULT: tuple[str, ...] = (
    "31004",
    "31043",
    "35002",
    "35011",
    "35013",
    "35029",
    "38008",
    "38014",
    "38016",
)
"""Coastal municipalities (kustgemeenten) of the Gemeentefonds, same codes on both border sets:
Blankenberge, Knokke-Heist, Bredene, Middelkerke, Oostende (a centrumstad, excluded anyway), De Haan,
De Panne, Koksijde, Nieuwpoort. Brugge (Zeebrugge) is a centrumstad; Zuienkerke has no coastline."""

REGIONAL_CITIES_DEFAULT: tuple[str, ...] = ()
"""Regional cities (regionale steden) with the reduced 6 % ceiling: deliberately EMPTY.

No authoritative list of the Gemeentefonds's regional cities is available offline, and guessing would
silently lower ceilings. The user ticks them in the UI's editable list; until then every non-coastal
municipality gets the normal 13 % ceiling.
"""

UNCHANGED_TOLERANCE_EUR = 0.5
"""Differences smaller than this (they show as 0 euro) count as unchanged in :func:`compare`."""


@dataclass
class CeilingResult:
    """Amounts after the ceilings (no redistribution of what the ceilings hold back)."""

    amounts: pd.Series
    capped: pd.Series
    undistributed_eur: float
    n_without_cap_data: int


def _keyed(values: pd.Series, dtype: str | None = None) -> pd.Series:
    """Copy with a string ``nis_code`` index (so int and str codes never silently misalign)."""
    out = values.copy()
    out.index = out.index.astype(str)
    out.index.name = "nis_code"
    return pd.to_numeric(out, errors="coerce").astype(float) if dtype == "float" else out


def _flags(values: pd.Series, index: pd.Index) -> pd.Series:
    """Nullable booleans aligned on ``index``; accepts bools, 0/1 and true/false/ja/nee text."""
    words = {
        "true": True,
        "1": True,
        "1.0": True,
        "ja": True,
        "yes": True,
        "false": False,
        "0": False,
        "0.0": False,
        "nee": False,
        "no": False,
    }
    keyed = _keyed(values).reindex(index).astype(object)
    mapped = [words.get(str(v).strip().lower()) if pd.notna(v) else None for v in keyed]
    return pd.Series(mapped, index=index, dtype="boolean")


def key_shares(open_space_ha: pd.Series, centrumstad: pd.Series) -> pd.Series:
    """Each eligible municipality's share of the summed open space of all eligible municipalities.

    Parameters
    ----------
    open_space_ha : pd.Series
        Cadastral open-space area (ha) by nis_code; the index defines the municipalities.
    centrumstad : pd.Series
        True for the 13 centrumsteden (they get share 0.0).

    Returns
    -------
    pd.Series
        Fractions summing to 1 over the eligible municipalities with data. NaN where the area (or
        the centrumstad flag) is missing or negative: excluded from the denominator, see
        :func:`missing_key`. Never filled in.
    """
    area = _keyed(open_space_ha, "float")
    area = area.where(area >= 0)
    flag = _flags(centrumstad, area.index)
    is_centrum = flag.eq(True).fillna(False).astype(bool)
    eligible = flag.eq(False).fillna(False).astype(bool) & area.notna()
    shares = pd.Series(np.nan, index=area.index, dtype=float)
    shares[is_centrum] = 0.0
    total = float(area[eligible].sum())
    if total > 0:
        shares[eligible] = area[eligible] / total
    return shares


def missing_key(shares: pd.Series) -> list[str]:
    """NIS codes left out of the distribution because their key data are missing."""
    return [str(code) for code in shares.index[shares.isna()]]


def allocate(shares: pd.Series, budget_eur: float) -> pd.Series:
    """Amounts in EUR before ceilings (sum == budget when the shares sum to 1); NaN stays NaN."""
    return _keyed(shares, "float") * float(budget_eur)


def ceilings(
    gemeentefonds_prev_eur: pd.Series,
    reduced_cap: pd.Series,
    rate_normal: float = 0.13,
    rate_reduced: float = 0.06,
    growth: float = 0.035,
) -> pd.Series:
    """Ceiling in EUR: rate × previous-year Gemeentefonds share × (1 + growth).

    Parameters
    ----------
    gemeentefonds_prev_eur : pd.Series
        Gemeentefonds share of the previous year by nis_code (NaN/negative = unknown -> no cap).
    reduced_cap : pd.Series
        True for regional cities and coastal municipalities (6 %); missing counts as not reduced.
    """
    fonds = _keyed(gemeentefonds_prev_eur, "float")
    fonds = fonds.where(fonds >= 0)
    reduced = _flags(reduced_cap, fonds.index).fillna(False)
    rate = np.where(reduced.to_numpy(dtype=bool), rate_reduced, rate_normal)
    return fonds * rate * (1.0 + growth)


def apply_ceilings(amounts: pd.Series, caps: pd.Series) -> CeilingResult:
    """Cut every amount to its ceiling; NaN ceilings leave the amount uncapped (and are counted)."""
    before = _keyed(amounts, "float")
    cap = _keyed(caps, "float").reindex(before.index)
    has_cap = cap.notna()
    capped = (has_cap & before.gt(cap)).astype(bool)
    after = before.where(~capped, cap)
    return CeilingResult(
        amounts=after,
        capped=capped,
        undistributed_eur=float(before.sum() - after.sum()),
        n_without_cap_data=int((before.gt(0) & ~has_cap).sum()),
    )


def _ratio(amounts: pd.Series, denominator: pd.Series) -> pd.Series:
    num = _keyed(amounts, "float")
    den = _keyed(denominator, "float").reindex(num.index)
    return num / den.where(den > 0)


def per_inhabitant(amounts: pd.Series, population: pd.Series) -> pd.Series:
    """EUR per inhabitant (NaN where the population is missing or 0)."""
    return _ratio(amounts, population)


def per_hectare(amounts: pd.Series, open_space_ha: pd.Series) -> pd.Series:
    """EUR per hectare of open space (NaN where the area is missing or 0)."""
    return _ratio(amounts, open_space_ha)


def reduced_cap_flags(
    index: pd.Index,
    regional: tuple[str, ...] | list[str] = REGIONAL_CITIES_DEFAULT,
    coastal: tuple[str, ...] | list[str] = COASTAL_DEFAULT,
) -> pd.Series:
    """True for the municipalities in ``index`` on the (user-edited) regional or coastal list."""
    codes = pd.Index(index).astype(str)
    listed = {str(c) for c in (*regional, *coastal)}
    return pd.Series(codes.isin(listed), index=codes.rename("nis_code"), dtype=bool)


def compare(
    a: pd.Series, b: pd.Series, groups: pd.Series, tolerance_eur: float = UNCHANGED_TOLERANCE_EUR
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare two allocations (B − A) per municipality and per group.

    Returns
    -------
    (per_municipality, per_group)
        ``per_municipality``: columns a, b, diff_eur, diff_pct (NaN where A is 0 or missing),
        change ("gain"/"loss"/"same"/NaN when A or B is missing), group.
        ``per_group``: sum_a, sum_b, diff_eur, n_gain, n_loss, n_same, n_missing.
    """
    left, right = _keyed(a, "float"), _keyed(b, "float")
    index = left.index.union(right.index)
    frame = pd.DataFrame({"a": left.reindex(index), "b": right.reindex(index)})
    frame["diff_eur"] = frame["b"] - frame["a"]
    frame["diff_pct"] = frame["diff_eur"] / frame["a"].where(frame["a"] != 0) * 100.0
    diff = frame["diff_eur"]
    change = np.select(
        [diff > tolerance_eur, diff < -tolerance_eur, diff.abs() <= tolerance_eur],
        ["gain", "loss", "same"],
        default=None,
    )
    frame["change"] = pd.Series(change, index=index, dtype=object)
    frame["group"] = _keyed(groups).reindex(index)
    flags = frame.assign(
        n_gain=frame["change"].eq("gain"),
        n_loss=frame["change"].eq("loss"),
        n_same=frame["change"].eq("same"),
        n_missing=frame["change"].isna(),
    )
    summary = flags.groupby("group", dropna=False, sort=True).agg(
        sum_a=("a", "sum"),
        sum_b=("b", "sum"),
        diff_eur=("diff_eur", "sum"),
        n_gain=("n_gain", "sum"),
        n_loss=("n_loss", "sum"),
        n_same=("n_same", "sum"),
        n_missing=("n_missing", "sum"),
    )
    return frame, summary


def scenario(
    open_space_ha: pd.Series,
    centrumstad: pd.Series,
    budget_eur: float = BUDGET_DEFAULT_EUR,
    gemeentefonds_prev_eur: pd.Series | None = None,
    reduced_cap: pd.Series | None = None,
    population: pd.Series | None = None,
    rates: tuple[float, float, float] = (0.13, 0.06, 0.035),
) -> pd.DataFrame:
    """Chain key -> amounts -> ceilings -> ratios for one budget.

    Parameters
    ----------
    rates : (normal, reduced, growth)
        Ceiling rates; only used when ``gemeentefonds_prev_eur`` is given.

    Returns
    -------
    pd.DataFrame
        Index nis_code; columns share, amount_before_caps, cap, amount, capped, per_inhabitant,
        per_ha. Without a Gemeentefonds table, cap is NaN and amount == amount_before_caps.
    """
    shares = key_shares(open_space_ha, centrumstad)
    before = allocate(shares, budget_eur)
    if gemeentefonds_prev_eur is None:
        caps = pd.Series(np.nan, index=before.index, dtype=float)
    else:
        flags = reduced_cap if reduced_cap is not None else reduced_cap_flags(before.index)
        caps = ceilings(gemeentefonds_prev_eur, flags, *rates).reindex(before.index)
    result = apply_ceilings(before, caps)
    people = population if population is not None else pd.Series(np.nan, index=before.index)
    return pd.DataFrame(
        {
            "share": shares,
            "amount_before_caps": before,
            "cap": caps,
            "amount": result.amounts,
            "capped": result.capped,
            "per_inhabitant": per_inhabitant(result.amounts, people),
            "per_ha": per_hectare(result.amounts, open_space_ha),
        }
    )
