"""The three municipality types side by side (as in the Plattelandsrapport): counts and quartiles."""

from __future__ import annotations

import pandas as pd

from .catalog import Indicator
from .fmt import number
from .typology import TYPES


def type_summary(values: pd.Series, types: pd.Series) -> pd.DataFrame:
    """Per type: municipalities with a value, missing, P25, median, P75 (missing values ignored).

    Parameters
    ----------
    values : Series
        One indicator, indexed by nis_code.
    types : Series
        Type per nis_code (platteland / verstedelijkt / centrumstad).
    """
    rows = {}
    for typ in TYPES:
        part = values.reindex(types.index[types == typ])
        finite = part.dropna()
        rows[typ] = {
            "n": len(finite),
            "missing": int(part.isna().sum()),
            "p25": finite.quantile(0.25) if len(finite) else float("nan"),
            "median": finite.median() if len(finite) else float("nan"),
            "p75": finite.quantile(0.75) if len(finite) else float("nan"),
        }
    return pd.DataFrame(rows).T


def medians_table(
    wide: pd.DataFrame, types: pd.Series, catalogue: dict[str, Indicator], lang: str = "nl"
) -> pd.DataFrame:
    """One row per numeric indicator: median per type (with n) as Belgian-formatted text."""
    rows = []
    for ind in catalogue.values():
        if ind.kind == "ordinal" or ind.id not in wide:
            continue
        summary = type_summary(wide[ind.id], types)
        row = {"indicator": ind.id, "label": ind.label(lang), "unit": ind.unit_label(lang)}
        for typ in TYPES:
            med, n = summary.at[typ, "median"], int(summary.at[typ, "n"])
            row[typ] = f"{number(med, ind.decimals, lang)} (n = {n})"
        rows.append(row)
    return pd.DataFrame(rows)
