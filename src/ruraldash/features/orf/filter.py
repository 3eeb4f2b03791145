"""The Open Ruimtefonds page's type and province filter, and its province × type table.

The filter is the map page's (``type``/``prov``/``typologie`` in the URL, the same
:class:`~ruraldash.features.selection.Selection` fields), so arriving from a filtered map keeps it.
Totals are summed from the unrounded amounts and rounded once: a sum of the rounded amounts of the
municipality table (as in a spreadsheet) can differ by a few euro.
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.fmt import number, signed
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.features.choropleth import group_values
from ruraldash.features.orf.view import Inputs, type_label
from ruraldash.features.selection import Selection


def groups(atlas: Atlas, sel: Selection, inputs: Inputs) -> pd.Series:
    """The group of every municipality in the selection's typology (index nis_code)."""
    return group_values(atlas, sel.border_set, sel.typology).reindex(inputs.names.index)


def inside(sel: Selection, inputs: Inputs, group: pd.Series) -> pd.Series:
    """True for the municipalities inside the type and province filter (all when none is set)."""
    keep = pd.Series(True, index=inputs.names.index)
    if sel.types:
        keep &= group.isin(sel.types).fillna(False).astype(bool)
    if sel.provinces:
        keep &= inputs.provinces.isin(sel.provinces)
    return keep.astype(bool)


def is_filtered(sel: Selection) -> bool:
    """True when a type or province filter is set."""
    return bool(sel.types or sel.provinces)


def _row(label_prov: str, label_type: str, a: pd.Series, b: pd.Series) -> dict:
    sum_a, sum_b = float(a.sum()), float(b.sum())
    return {
        "province": label_prov,
        "type": label_type,
        "n": int(len(a)),
        "a": sum_a,
        "b": sum_b,
        "diff": sum_b - sum_a,
        "diff_pct": (sum_b - sum_a) / sum_a * 100.0 if sum_a else float("nan"),
    }


def province_type_table(
    inputs: Inputs,
    frames: dict[str, pd.DataFrame],
    group: pd.Series,
    keep: pd.Series,
    lang: str = "nl",
) -> pd.DataFrame:
    """Totals of scenario A and B and their difference per province × type, inside the filter.

    Parameters
    ----------
    inputs : Inputs
        Names and provinces per nis_code.
    frames : dict
        ``{"A": frame, "B": frame}`` from :func:`ruraldash.domain.allocation.scenario`.
    group : pd.Series
        The type of every municipality (:func:`groups`).
    keep : pd.Series
        The filter (:func:`inside`).

    Returns
    -------
    pd.DataFrame
        One row per province × type with municipalities inside the filter, a total per province
        (when it has more than one type), and a last row with the total of the selection;
        headers translated, numbers numeric (unrounded).
    """
    a, b = frames["A"]["amount"].reindex(keep.index), frames["B"]["amount"].reindex(keep.index)
    prov, grp = inputs.provinces.reindex(keep.index), group.reindex(keep.index)
    rows = []
    total = t("orfp_pt_total", lang)
    for p in sorted(prov[keep].dropna().unique()):
        in_p = keep & prov.eq(p)
        types = sorted(grp[in_p].dropna().unique())
        for g in types:
            m = in_p & grp.eq(g)
            rows.append(_row(p, type_label(g, lang), a[m], b[m]))
        if len(types) > 1:
            rows.append(_row(p, total, a[in_p], b[in_p]))
    name = t("orfp_pt_selection", lang) if keep.sum() < len(keep) else t("orfp_pt_flanders", lang)
    rows.append(_row(name, total, a[keep], b[keep]))
    frame = pd.DataFrame(rows)
    heads = {
        "province": t("col_province", lang),
        "type": t("col_type", lang),
        "n": t("orfp_pt_n", lang),
        "a": t("orf_col_a", lang),
        "b": t("orf_col_b", lang),
        "diff": t("orf_col_diff_eur", lang),
        "diff_pct": t("orfp_col_diff_pct", lang),
    }
    return frame.rename(columns=heads)


PT_DECIMALS = {"n": 0, "a": 0, "b": 0, "diff": 0, "diff_pct": 1}


def pt_decimals(lang: str = "nl") -> dict[str, int]:
    """Display decimals of the :func:`province_type_table` columns (by translated header)."""
    heads = {
        "n": t("orfp_pt_n", lang),
        "a": t("orf_col_a", lang),
        "b": t("orf_col_b", lang),
        "diff": t("orf_col_diff_eur", lang),
        "diff_pct": t("orfp_col_diff_pct", lang),
    }
    return {heads[k]: d for k, d in PT_DECIMALS.items()}


def summary(frames: dict[str, pd.DataFrame], keep: pd.Series, what: str, lang: str = "nl") -> str:
    """``Plattelandsgemeente; West-Vlaanderen: 39 gemeenten krijgen in A 24.608.899 euro en in B
    37.571.447 euro (+12.962.548 euro, +52,7 %).``"""
    a = float(frames["A"]["amount"].reindex(keep.index)[keep].sum())
    b = float(frames["B"]["amount"].reindex(keep.index)[keep].sum())
    return t(
        "orfp_filter_summary",
        lang,
        what=what,
        n=int(keep.sum()),
        a=number(a, 0, lang, "euro"),
        b=number(b, 0, lang, "euro"),
        diff=signed(b - a, 0, lang, "euro"),
        pct=signed((b - a) / a * 100.0, 1, lang, "%") if a else "–",
    )


def filter_what(sel: Selection, lang: str = "nl") -> str:
    """The filter in words: ``Plattelandsgemeente; West-Vlaanderen`` (``Heel Vlaanderen`` if none)."""
    if not is_filtered(sel):
        return t("orfp_filter_none", lang)
    parts = [", ".join(type_label(v, lang) for v in sel.types)] if sel.types else []
    if sel.provinces:
        parts.append(", ".join(sel.provinces))
    return "; ".join(parts)
