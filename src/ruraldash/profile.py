"""A municipality's profile: every indicator with rank, percentile and the medians of its reference groups.

Pure pandas: the profile page and the briefing PDF both read :func:`profile_table`.
"""

from __future__ import annotations

import pandas as pd

from .atlas import Atlas
from .catalog import FACETS, Indicator
from .fmt import number
from .i18n import t

CONTEXT = (
    "density_2020",
    "population_2020",
    "landtake_proxy",
    "households_growth_2040",
    "distance_service_centre",
    "open_space_share",
)
"""Default context indicators for the "similar municipalities" peer group (2019–2024 borders)."""
CONTEXT_2025 = ("density_2025", "population_2025", "landtake_proxy", "apartment_share",
                "distance_service_centre", "open_space_share")  # fmt: skip


def rank_and_percentile(values: pd.Series, nis: str) -> tuple[int | None, int, float | None]:
    """Rank (1 = highest value, ties share the best rank), number ranked, percentile of ``nis``.

    The percentile is the share (%) of municipalities with a value at or below ``nis``'s value.
    A missing value has no rank and no percentile.
    """
    finite = values.dropna()
    if nis not in finite.index:
        return None, len(finite), None
    own = finite[nis]
    rank = int((finite > own).sum()) + 1
    return rank, len(finite), float((finite <= own).mean() * 100)


def group_medians(values: pd.Series, groups: dict[str, pd.Index | list[str]]) -> dict[str, float]:
    """Median per named group of municipalities, ignoring missing values (NaN for an empty group)."""
    out = {}
    for name, members in groups.items():
        part = values.reindex(pd.Index(members)).dropna()
        out[name] = float(part.median()) if len(part) else float("nan")
    return out


def value_text(ind: Indicator, value: object, lang: str = "nl") -> str:
    """A value as shown: Belgian number with unit, the class label for ordinal indicators."""
    if value is None or pd.isna(value):
        return t("no_data", lang)
    if ind.kind == "ordinal":
        return (ind.category_labels or ind.categories)[int(value)]
    text = number(value, ind.decimals, lang, ind.unit_label(lang) or None)
    return "+" + text if ind.kind == "signed" and float(value) > 0 else text


def reference_groups(
    atlas: Atlas, nis: str, border_set: str, peers: list[str]
) -> dict[str, list[str]]:
    """Flanders, the own Plattelandsrapport type, the province and the peer group (member codes)."""
    units = atlas.units(border_set)
    own = units.loc[nis]
    return {
        "flanders": list(units.index),
        "type": list(units.index[units["type"] == own["type"]]),
        "province": list(units.index[units["province"] == own["province"]]),
        "peers": list(peers),
    }


def profile_table(
    atlas: Atlas, nis: str, border_set: str, peers: list[str], lang: str = "nl"
) -> pd.DataFrame:
    """One row per indicator (ordered by facet): value, year, status, rank, percentile, medians.

    Numeric columns (value, rank, percentile, median_*) keep the numbers for export; ``*_text``
    columns hold what the page shows. Missing values keep their reason.
    """
    groups = reference_groups(atlas, nis, border_set, peers)
    rows = []
    for ind in sorted(atlas.catalogue.values(), key=lambda i: (min(i.facets), i.layer)):
        data = atlas.values(ind.id, border_set)
        values, row = data["value"], data.loc[nis] if nis in data.index else None
        rank, n, pct = rank_and_percentile(values, nis)
        ordinal = ind.kind == "ordinal"
        medians = {} if ordinal else group_medians(values, groups)
        value = None if row is None else row["value"]
        reason = (
            "" if row is None or pd.notna(value) else t(f"reason_{row['missing_reason']}", lang)
        )
        rows.append(
            {
                "indicator": ind.id,
                "facet": min(ind.facets),
                "facet_name": FACETS[min(ind.facets)][0 if lang == "nl" else 1],
                "label": ind.label(lang),
                "value": value,
                "value_text": value_text(ind, value, lang) + (f" ({reason})" if reason else ""),
                "approx": bool(row is not None and row["approx"]),
                "unit": ind.unit_label(lang),
                "year": str(row["year"]) if row is not None and pd.notna(row["year"]) else ind.year,
                "status": ind.status,
                "rank": None if ordinal else rank,
                "rank_text": "" if ordinal or rank is None else f"{rank} / {n}",
                "percentile": None if ordinal else pct,
                **{f"median_{g}": medians.get(g) for g in groups},
                **{
                    f"median_{g}_text": "" if ordinal else value_text(ind, medians.get(g), lang)
                    for g in groups
                },  # fmt: skip
                "source": ind.source,
            }
        )
    return pd.DataFrame(rows)


def context_features(atlas: Atlas, border_set: str, ids: list[str]) -> pd.DataFrame:
    """The chosen context indicators as a municipality × indicator table (for "similar" peers)."""
    wide = atlas.wide(border_set)
    return wide[[i for i in ids if i in wide.columns]].astype(float)
