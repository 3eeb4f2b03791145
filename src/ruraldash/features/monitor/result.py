"""One monitor question answered: an indicator between a baseline and an end year, on one border set.

:func:`compute` gives per municipality, per type and for Flanders the level at both years and the
absolute, relative and annualised change, plus the index series (baseline = 100) for the chart.
:func:`to_json` is the exact object ``ruraldash monitor --json`` prints; the page shows the same
numbers (rounded for display).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ruraldash.core.vocab import BORDER_SETS
from ruraldash.data.atlas import Atlas
from ruraldash.domain import change
from ruraldash.features.choropleth import group_values
from ruraldash.features.monitor.indicators import INDICATORS, MonitorIndicator
from ruraldash.features.monitor.series import MonitorData

FLANDERS = "vlaanderen"
"""Group label of the whole region in the index table and the JSON (``flanders`` key there)."""


class MonitorError(ValueError):
    """A question the monitor cannot answer (unknown indicator, year without data): Dutch message."""


@dataclass
class MonitorResult:
    """Everything the page, the exports and the CLI show for one question.

    Attributes
    ----------
    municipalities : DataFrame
        Indexed by nis_code: name, type, baseline, end, change, change_pct, annual_pct,
        status (end level against Flanders: difference for a ratio, share of Flanders in % for a
        count), gap_pct (relative change minus Flanders'), summed (history of merged parts).
    flanders : Series
        baseline, end, change, change_pct, annual_pct, n.
    by_type : DataFrame
        One row per type, the same columns.
    index : DataFrame
        Years × groups (types and :data:`FLANDERS`), baseline = 100; absent years are gaps.
    """

    indicator: MonitorIndicator
    border_set: str
    typology: str
    baseline_year: int
    end_year: int
    years: list[int]
    municipalities: pd.DataFrame
    flanders: pd.Series
    by_type: pd.DataFrame
    index: pd.DataFrame
    breaks: list[int]
    projection: list[int]
    data: MonitorData

    @property
    def span(self) -> int:
        """End year minus baseline year."""
        return self.end_year - self.baseline_year

    @property
    def gaps(self) -> list[int]:
        """Years between baseline and end without data (never filled in)."""
        return change.gaps(self.years, self.baseline_year, self.end_year)

    def municipality_index(self, nis: str) -> pd.Series:
        """One municipality's index (baseline = 100) per year; NaN where it has no value."""
        v = self.data.values(self.indicator, self.border_set)
        if nis not in v.index:
            return pd.Series(dtype=float)
        row = v.loc[nis, [y for y in self.years if self.baseline_year <= y <= self.end_year]]
        base = row.get(self.baseline_year)
        return row / base * 100 if base and not pd.isna(base) else row * math.nan


def _check(data: MonitorData, ind_id: str, baseline: int | None, end: int | None, bs: str):
    ind = INDICATORS.get(ind_id)
    if ind is None:
        known = ", ".join(INDICATORS)
        raise MonitorError(f"Onbekende indicator '{ind_id}'. Kies uit: {known}.")
    if bs not in BORDER_SETS:
        raise MonitorError(f"Onbekende grenzen '{bs}': kies 2019 of 2025.")
    years = data.years(ind, bs)
    first, last = ind.default if ind.default else (years[0], years[-1])
    baseline = first if baseline is None else baseline
    end = last if end is None else end
    for year in (baseline, end):
        if year not in years:
            listed = ", ".join(str(y) for y in years)
            raise MonitorError(
                f"Geen gegevens voor {ind.label('nl')} in {year}. Jaren met gegevens: {listed}."
            )
    if baseline >= end:
        raise MonitorError(f"Het basisjaar ({baseline}) moet vóór het eindjaar ({end}) liggen.")
    return ind, years, baseline, end


def compute(
    data: MonitorData,
    atlas: Atlas,
    ind_id: str,
    baseline: int | None = None,
    end: int | None = None,
    border_set: str = "2019",
    typology: str = "plattelandsrapport",
) -> MonitorResult:
    """Answer one monitor question.

    Parameters
    ----------
    data : MonitorData
    atlas : Atlas
        For names and types of the municipalities.
    ind_id : str
        A key of :data:`~ruraldash.features.monitor.indicators.INDICATORS`.
    baseline, end : int, optional
        Years with data; default the indicator's default or the earliest and latest year.
    border_set : {"2019", "2025"}
    typology : str
        A typology of the selector: its groups are the "types".

    Raises
    ------
    MonitorError
        Unknown indicator or border set, a year without data, baseline not before end.
    """
    ind, years, baseline, end = _check(data, ind_id, baseline, end, border_set)
    units = atlas.units(border_set)
    values = data.values(ind, border_set).reindex(units.index)
    comps = {y: c.reindex(units.index) for y, c in data.components(ind, border_set).items()}
    types = group_values(atlas, border_set, typology)
    members = change.panel(values, baseline, end)
    flanders_key = pd.Series(FLANDERS, index=units.index)
    fl = change.group_change(comps, ind.measure, flanders_key, members, baseline, end).iloc[0]
    typed = members[types.reindex(members).notna().to_numpy()]
    by_type = change.group_change(comps, ind.measure, types, typed, baseline, end)
    muni = change.change_frame(values[baseline], values[end], end - baseline)
    muni.insert(0, "type", types.reindex(units.index))
    muni.insert(0, "name", units["name"])
    if ind.measure.is_ratio:
        muni["status"] = muni["end"] - fl["end"]
    else:
        muni["status"] = muni["end"] / fl["end"] * 100
    muni["gap_pct"] = muni["change_pct"] - fl["change_pct"]
    muni["summed"] = units.index.isin(data.summed(ind.family)) if border_set == "2025" else False
    span = [y for y in years if baseline <= y <= end]
    idx = change.index_series(comps, ind.measure, types, typed, baseline, span)
    idx[FLANDERS] = change.index_series(comps, ind.measure, flanders_key, members, baseline, span)[
        FLANDERS
    ]
    meta = data.year_meta(ind, border_set)
    return MonitorResult(
        indicator=ind,
        border_set=border_set,
        typology=typology,
        baseline_year=baseline,
        end_year=end,
        years=years,
        municipalities=muni,
        flanders=fl,
        by_type=by_type,
        index=idx,
        breaks=[y for y in data.source_changes(ind, border_set) if baseline < y <= end],
        projection=[int(y) for y in meta.index[meta["projection"].astype(bool)]],
        data=data,
    )


def source_text(result: MonitorResult, lang: str = "nl", span: bool = False) -> str:
    """The source line(s) of the years shown: publisher, date, title, route, licence.

    ``span``: every year from baseline to end (the charts), not only the two compared years.
    """
    years = [result.baseline_year, result.end_year]
    if span:
        years = [y for y in result.years if result.baseline_year <= y <= result.end_year]
    sets = result.data.datasets_of(result.indicator, years, result.border_set)
    return " · ".join(ds.source_line(lang) for ds in sets)


def _num(x: object, digits: int = 4) -> float | int | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return None
    f = float(x)
    return int(f) if f.is_integer() and abs(f) < 1e15 else round(f, digits)


def _block(row: pd.Series) -> dict:
    return {k: _num(row.get(k)) for k in change.CHANGE_COLUMNS}


def to_json(result: MonitorResult, lang: str = "nl") -> dict:
    """The object ``ruraldash monitor --json`` prints, exactly the keys of issue 23 (numbers rounded
    to 4 decimals, a gap is null; a projection year says so in the indicator's unit and source)."""
    ind = result.indicator
    munis = {}
    for code, row in result.municipalities.iterrows():
        typ = row["type"]
        munis[str(code)] = {
            "name": str(row["name"]),
            "type": None if pd.isna(typ) else str(typ),
            **_block(row),
        }
    return {
        "indicator": ind.id,
        "unit": ind.unit(lang),
        "source": source_text(result, lang),
        "baseline_year": result.baseline_year,
        "end_year": result.end_year,
        "flanders": _block(result.flanders) | {"n": int(result.flanders["n"])},
        "by_type": {
            str(k): _block(row) | {"n": int(row["n"])} for k, row in result.by_type.iterrows()
        },
        "municipalities": munis,
    }


def listing(data: MonitorData, lang: str = "nl", border_set: str = "2019") -> list[dict]:
    """``ruraldash monitor --lijst``: every indicator with its unit and years."""
    return [
        {
            "id": ind.id,
            "label": ind.label(lang),
            "unit": ind.unit(lang),
            "years": data.years(ind, border_set),
        }
        for ind in INDICATORS.values()
        if ind.family in data.families
    ]
