"""A municipality's profile: every indicator with rank, percentile and the medians of its reference groups.

Pure pandas (no streamlit): the profile page, its CSV/XLSX export and the briefing PDF all read
:func:`profile_table`; :func:`trend` gives the year series (the PDF's input: :mod:`.briefing`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.vocab import facet_label
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import FACETS, Indicator

CONTEXT: dict[str, tuple[str, ...]] = {
    "2019": (
        "density_2020",
        "population_2020",
        "landtake_proxy",
        "households_growth_2040",
        "distance_service_centre",
        "open_space_share",
    ),
    "2025": (
        "density_2025",
        "population_2025",
        "landtake_proxy",
        "households_growth_2040",
        "apartment_share",
        "distance_service_centre",
    ),
}
"""Default context indicators for the "similar municipalities" peer group, per border set."""
ALL_FACETS = 0
"""Facet group of the context indicators that serve all five facets (shown first)."""
GROUPS = ("flanders", "type", "province", "peers")
"""Reference groups whose median each profile row carries (``median_<group>``)."""


def rank_and_percentile(values: pd.Series, nis: str) -> tuple[int | None, int, float | None]:
    """Rank (1 = highest value, ties share the best rank), number ranked, percentile of ``nis``.

    Parameters
    ----------
    values : Series
        One value per municipality (index NIS code); missing values are not ranked.
    nis : str
        The municipality.

    Returns
    -------
    (rank, n, percentile)
        ``percentile`` is the share (%, one decimal) of ranked municipalities with a value at or
        below the value of ``nis``. A missing value has no rank and no percentile (None).
    """
    finite = pd.to_numeric(values, errors="coerce").dropna()
    if nis not in finite.index:
        return None, len(finite), None
    own = finite[nis]
    rank = int((finite > own).sum()) + 1
    return rank, len(finite), round(float((finite <= own).mean() * 100), 1)


def group_medians(values: pd.Series, groups: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """Median per named group of municipalities, ignoring missing values (NaN for an empty group)."""
    out = {}
    for name, members in groups.items():
        part = pd.to_numeric(values.reindex(pd.Index(list(members))), errors="coerce").dropna()
        out[name] = float(part.median()) if len(part) else float("nan")
    return out


def value_text(
    ind: Indicator, value: object, lang: str = "nl", approx: bool = False, unit: bool = True
) -> str:
    """A value as shown: Belgian number with unit (unless ``unit=False``), ``+`` for signed ones,
    the class label for ordinal indicators, ``≈`` before an approximation, "geen gegevens" when
    missing."""
    if value is None or pd.isna(value):
        return t("no_data", lang)
    if ind.kind == "ordinal":
        return ind.category_text(int(value), lang)
    text = number(value, ind.decimals, lang, (ind.unit_label(lang) if unit else "") or None)
    text = "+" + text if ind.kind == "signed" and float(value) > 0 else text
    return "≈\u00a0" + text if approx else text


def facet_group(ind: Indicator) -> int:
    """The facet an indicator is listed under: its first, or :data:`ALL_FACETS` when it serves all."""
    return ALL_FACETS if set(ind.facets) >= set(FACETS) else min(ind.facets)


def facet_title(group: int, lang: str = "nl") -> str:
    """Heading of a facet group: ``"2. Woonomgeving"``, or the context group's title."""
    if group == ALL_FACETS:
        return t("pf_facet_all", lang)
    return f"{group}. {facet_label(group, lang)}"


def reference_groups(
    units: pd.DataFrame, nis: str, peer_members: Sequence[str]
) -> dict[str, list[str]]:
    """Flanders, the own Plattelandsrapport type, the province and the peer group (member codes).

    ``units`` is :meth:`Atlas.units` (index NIS code; columns ``type`` and ``province``).
    """
    own = units.loc[nis]
    return {
        "flanders": list(units.index),
        "type": list(units.index[units["type"] == own["type"]]) if pd.notna(own["type"]) else [],
        "province": list(units.index[units["province"] == own["province"]]),
        "peers": list(peer_members),
    }


def indicator_row(
    ind: Indicator,
    data: pd.DataFrame,
    nis: str,
    groups: Mapping[str, Sequence[str]],
    lang: str = "nl",
) -> dict[str, Any]:
    """One profile row: value, its status, rank and percentile, and the medians of ``groups``.

    Parameters
    ----------
    ind : Indicator
    data : DataFrame
        :meth:`Atlas.values` of the indicator (index NIS code; value, approx, missing_reason, year).
    nis : str
    groups : mapping of group name to member codes (see :func:`reference_groups`)

    Notes
    -----
    Ordinal indicators (the service class) show the class label and get no rank, percentile
    or medians: an order of classes has no meaningful median here.
    """
    row = data.loc[nis] if nis in data.index else None
    value = None if row is None or pd.isna(row["value"]) else float(row["value"])
    approx = value is not None and bool(pd.notna(row["approx"]) and row["approx"])
    reason = ""
    if value is None:
        code = row["missing_reason"] if row is not None else "not_in_source"
        reason = t(f"reason_{code or 'not_in_source'}", lang)
    ordinal = ind.kind == "ordinal"
    rank, n, pct = (None, 0, None) if ordinal else rank_and_percentile(data["value"], nis)
    medians = {g: float("nan") for g in groups} if ordinal else group_medians(data["value"], groups)
    year = row["year"] if row is not None and pd.notna(row["year"]) else ind.year
    out: dict[str, Any] = {
        "indicator": ind.id,
        "group": facet_group(ind),
        "label": ind.label(lang),
        "value": float("nan") if ordinal or value is None else value,
        "value_text": value_text(ind, value, lang, approx) + (f" ({reason})" if reason else ""),
        "approx": approx,
        "missing_reason": reason,
        "unit": ind.unit_label(lang),
        "year": _year_text(year, lang),
        "status": ind.status,
        "decimals": ind.decimals,
        "kind": ind.kind,
        "polarity": ind.polarity,
        "class_code": ind.categories[int(value)] if ordinal and value is not None else "",
        "rank": rank,
        "n": n if rank is not None else None,
        "rank_text": "" if rank is None else f"{rank} / {n}",
        "percentile": pct,
        "percentile_text": "" if pct is None else number(pct, 0, lang),
        "source": ind.source,
    }
    for g in groups:
        out[f"median_{g}"] = medians[g]
        out[f"median_{g}_text"] = "" if ordinal else value_text(ind, medians[g], lang)
    out["median_flanders_note"] = ""
    if ind.status == "user" and not ordinal:  # an own layer covers only the uploaded municipalities
        n_up = int(data["value"].notna().sum())
        out["median_flanders_text"] += OWN_MARK
        out["median_flanders_note"] = t("pf_median_uploaded", lang, n=n_up, label=ind.label(lang))
    return out


def _year_text(year: object, lang: str) -> str:
    """``2024``, or "jaar niet vermeld door de bron" when the source states no year."""
    if isinstance(year, int | float) and not pd.isna(year):
        return str(int(year))
    text = str(year or "")
    return text if text[:4].isdigit() else t("source_year_unknown", lang)


def profile_table(
    atlas: Atlas, nis: str, border_set: str, peer_members: Sequence[str], lang: str = "nl"
) -> pd.DataFrame:
    """Every indicator of the catalogue for one municipality, one row each, ordered by facet group
    (context indicators first, then facets 1–5; catalogue order within a group).

    Numeric columns (value, rank, n, percentile, median_*) keep the numbers for export; the
    ``*_text`` columns hold what the page shows (Belgian format in Dutch). Missing values stay
    missing and carry their reason; approximations are marked ``≈`` and ``approx``.
    """
    groups = reference_groups(atlas.units(border_set), nis, peer_members)
    rows = [
        indicator_row(ind, atlas.values(ind.id, border_set), nis, groups, lang)
        for ind in atlas.catalogue.values()
    ]
    table = pd.DataFrame(rows)
    table["facet_title"] = [facet_title(g, lang) for g in table["group"]]
    return table.sort_values("group", kind="stable").reset_index(drop=True)


def export_table(table: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The profile table for CSV/XLSX: numbers stay numbers, rounded as on screen (each row at its
    indicator's decimals), headers in the UI language."""
    cols = {
        "facet_title": "pf_col_facet",
        "label": "pf_col_indicator",
        "indicator": "pf_col_id",
        "value": "pf_col_value",
        "value_text": "pf_col_value_text",
        "unit": "pf_col_unit",
        "year": "pf_col_year",
        "status": "pf_col_status",
        "rank": "pf_col_rank",
        "n": "pf_col_n",
        "percentile": "pf_col_pct",
        "median_flanders": "pf_col_flanders",
        "median_type": "pf_col_type",
        "median_province": "pf_col_province",
        "median_peers": "pf_col_peers",
    }
    out = table[list(cols)].copy()
    out["status"] = [
        t(f"status_{s}", lang) + (f" · {t('status_approx', lang)}" if a else "")
        for s, a in zip(table["status"], table["approx"], strict=True)
    ]
    for col in ("rank", "n"):
        out[col] = pd.array(table[col], dtype="Int64")
    # rounded as on screen: each row at its indicator's decimals, the percentile whole
    decimals = table["decimals"] if "decimals" in table else pd.Series(2, index=table.index)
    for col in ("value", "median_flanders", "median_type", "median_province", "median_peers"):
        out[col] = [
            round(float(v), int(d)) if pd.notna(v) else float("nan")
            for v, d in zip(table[col], decimals, strict=True)
        ]
    if "median_flanders_note" in table and table["median_flanders_note"].astype(bool).any():
        out["median_flanders_note"] = table["median_flanders_note"]
        cols["median_flanders_note"] = "pf_col_note"
    out["percentile"] = pd.array(
        pd.to_numeric(table["percentile"], errors="coerce").round(0), dtype="Int64"
    )
    return out.rename(columns={k: t(v, lang) for k, v in cols.items()})


def trend(atlas: Atlas, ids: Sequence[str], border_set: str, codes: Sequence[str]) -> pd.DataFrame:
    """Year × municipality values of the indicators ``ids`` (one series, e.g. population 2020 and
    2025, or the years of one multi-year indicator). Missing years stay missing."""
    tidy = atlas.tidy
    part = tidy[
        tidy["indicator"].isin(list(ids))
        & (tidy["border_set"] == border_set)
        & tidy["nis_code"].isin(list(codes))
    ].dropna(subset=["year"])
    frame = part.pivot_table(index="year", columns="nis_code", values="value", aggfunc="last")
    frame.index = frame.index.astype(int)
    return frame.reindex(columns=list(codes)).sort_index().astype(float)


def households_trend(atlas: Atlas, border_set: str, codes: Sequence[str]) -> pd.DataFrame:
    """Households 2023 and the 2040 projection (Statistiek Vlaanderen) per municipality."""
    table = atlas.bundle.tables["households_300" if border_set == "2019" else "households_285"]
    part = table.reindex(list(codes))[["households_2023", "households_2040_projected"]]
    return part.set_axis([2023, 2040], axis=1).T.astype(float)


def own_and_median(
    frame: pd.DataFrame, nis: str, peer_members: Sequence[str]
) -> tuple[pd.Series, pd.Series, int]:
    """The municipality's series and the peer-group median per year.

    The median is taken over the peers with a value in every year of ``frame`` only, so a year
    never differs from the next because some peers drop out (e.g. merged municipalities that have
    no 2025 figure on 2019–2024 borders). Returns the two series and the number of peers used.
    """
    own = frame[nis] if nis in frame.columns else pd.Series(float("nan"), index=frame.index)
    peers = frame.reindex(columns=[p for p in dict.fromkeys(peer_members) if p != nis])
    complete = peers.loc[:, peers.notna().all(axis=0)] if len(frame.index) else peers
    return own, complete.median(axis=1), complete.shape[1]


def context_features(atlas: Atlas, border_set: str, ids: Sequence[str]) -> pd.DataFrame:
    """The chosen context indicators as a municipality × indicator table (for "similar" peers)."""
    wide = atlas.wide(border_set)
    return wide[[i for i in ids if i in wide.columns]].astype(float)


def log_features(atlas: Atlas, ids: Sequence[str]) -> list[str]:
    """The context indicators compared on a log scale for "similar" peers: counts (they add up
    over a merger) and densities, whose spread follows a municipality's size."""
    cat = atlas.catalogue
    return [
        i
        for i in ids
        if i in cat and (cat[i].rule == "sum" or (cat[i].unit or "").endswith("/km²"))
    ]


def source_lines(atlas: Atlas, dataset_ids: Sequence[str], lang: str = "nl") -> list[str]:
    """One line per distinct dataset (publisher, title, year, licence), sorted."""
    return sorted({atlas.datasets[d].source_line(lang) for d in dataset_ids if d in atlas.datasets})


MARKS = "¹²³⁴⁵⁶⁷⁸⁹"
OWN_MARK = "‡"
"""Marks the "Vlaanderen" median of an own layer: it is the median of the uploaded municipalities."""
"""Footnote marks of :func:`short_values`."""


def no_unit(text: str, unit: str) -> str:
    """``"23,9\u00a0%"`` → ``"23,9"`` (for a table with its own unit column)."""
    if text.endswith(OWN_MARK):
        return no_unit(text[: -len(OWN_MARK)], unit) + OWN_MARK
    suffix = f"\u00a0{unit}"
    return text[: -len(suffix)] if unit and text.endswith(suffix) else text


def short_values(
    table: pd.DataFrame, lang: str = "nl", unit: bool = True
) -> tuple[list[str], list[str]]:
    """Values short enough for a table cell, and the footnotes they refer to.

    A missing value reads "geen gegevens¹" with its reason in footnote ¹ (one per distinct
    reason), an ordinal indicator shows its class code, the unit is left out with
    ``unit=False`` (when it has its own column); ``≈`` stays.
    """
    reasons = list(dict.fromkeys(r for r in table["missing_reason"] if r))
    notes = [f"{MARKS[i % len(MARKS)]} {t('no_data', lang)}: {r}" for i, r in enumerate(reasons)]
    if "median_flanders_note" in table:
        notes += [f"{OWN_MARK} {n}" for n in dict.fromkeys(table["median_flanders_note"]) if n]
    values = []
    for r in table.itertuples():
        if r.missing_reason:
            values.append(t("no_data", lang) + MARKS[reasons.index(r.missing_reason) % len(MARKS)])
        elif r.kind == "ordinal" and r.class_code:
            values.append(r.class_code)
        else:
            values.append(r.value_text if unit else no_unit(r.value_text, r.unit))
    return values, notes
