"""Yearly series for the pact monitor: one long table per family, on either border set.

A family is a set of additive counts (components) per municipality and year, read from one or more
datasets of the manifest. Ratios are never stored: the monitor recomputes them from summed
components on the border set shown. Conversion between border sets follows the house rule:

* 2019–2024 → 2025: the old municipalities' counts are summed per 2025 municipality; when any part
  is missing the sum is missing (never a partial total);
* 2025 → 2019–2024: only unmerged municipalities carry over; a merged one cannot be split (missing).

A year absent from the source is simply absent (a gap), never interpolated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ruraldash.core.provenance import Dataset

KEYS = ["nis_code", "year"]


@dataclass(frozen=True)
class Part:
    """One dataset's share of a family: its years and how its columns map onto the components.

    Attributes
    ----------
    dataset : str
        Manifest id.
    columns : dict
        Component -> source column; ``{year}`` in a column name makes a wide file long.
    years : tuple of int
        The years this part provides (a long file is filtered to them; empty = all its years).
    projection : tuple of int
        Years that are a projection, not a measurement.
    """

    dataset: str
    columns: dict[str, str]
    years: tuple[int, ...] = ()
    projection: tuple[int, ...] = ()


FAMILIES: dict[str, tuple[Part, ...]] = {
    "landuse": (
        Part(
            "landuse_series",
            {
                "total_area_ha": "total_area_ha",
                "built_parcels_ha": "built_parcels_ha",
                "non_cadastral_area_ha": "non_cadastral_area_ha",
                "open_space_categories_ha": "open_space_categories_ha",
            },
        ),
    ),
    "population": (
        Part(
            "population_series",
            {
                "population": "population",
                "population_65plus": "population_65plus",
                "population_0_17": "population_0_17",
            },
        ),
        Part("population_2020", {"population": "population"}, (2020,)),
        Part("population_area_2025", {"population": "population_2025"}, (2025,)),
    ),
    "permits": (
        Part(
            "building_permits",
            {"new_dwellings_permitted": "new_dwellings_permitted_{year}"},
            tuple(range(2019, 2026)),
        ),
    ),
    "establishments": (
        Part(
            "establishment_units",
            {"establishment_units": "establishment_units_q4_{year}"},
            tuple(range(2018, 2024)),
        ),
    ),
    "households": (
        Part("households_300", {"households": "households_2023"}, (2023,)),
        Part(
            "households_300",
            {"households": "households_2040_projected"},
            (2040,),
            projection=(2040,),
        ),
    ),
}
"""Every family the monitor reads, with its parts in year order."""


class SeriesMissing(RuntimeError):
    """A series file is not synced; ``fix`` is the command that brings it."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.fix = ".venv/bin/ruraldash data sync"
        super().__init__("reeks ontbreekt: " + ", ".join(paths))


def _code_column(df: pd.DataFrame) -> str:
    return next(c for c in ("nis_code", "nis_code_2025", "nis_code_2019_2024") if c in df)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"nis_code": str, "nis_code_2025": str})


def _year_of(df: pd.DataFrame) -> pd.Series:
    if "year" in df:
        return df["year"].astype(int)
    return pd.to_datetime(df["reference_date"]).dt.year.astype(int)


def read_part(path: Path, part: Part, native: str) -> pd.DataFrame:
    """One part as long rows: nis_code, year, dataset, native, and its components (floats)."""
    df = _read(path)
    code = _code_column(df)
    wide = any("{year}" in c for c in part.columns.values())
    rows = []
    if wide or ("year" not in df and "reference_date" not in df):
        for year in part.years:
            cols = {k: v.replace("{year}", str(year)) for k, v in part.columns.items()}
            frame = pd.DataFrame(
                {k: pd.to_numeric(df[c], errors="coerce") for k, c in cols.items()}
            )
            rows.append(frame.assign(nis_code=df[code].values, year=year))
    else:
        frame = pd.DataFrame(
            {k: pd.to_numeric(df[c], errors="coerce") for k, c in part.columns.items()}
        )
        frame = frame.assign(nis_code=df[code].values, year=_year_of(df).values)
        rows.append(frame[frame["year"].isin(part.years)] if part.years else frame)
    out = pd.concat(rows, ignore_index=True)
    out["dataset"], out["native"] = part.dataset, native
    out["projection"] = out["year"].isin(part.projection)
    return out


def read_family(name: str, data_dir: Path, datasets: dict[str, Dataset]) -> pd.DataFrame:
    """Every part of a family, stacked (each row on its dataset's own border set).

    Raises
    ------
    SeriesMissing
        When a file of the family is not in ``data_dir``.
    """
    parts = FAMILIES[name]
    missing = [
        datasets[p.dataset].path
        for p in parts
        if not (data_dir / datasets[p.dataset].path).is_file()
    ]
    if missing:
        raise SeriesMissing(missing)
    frames = [
        read_part(data_dir / datasets[p.dataset].path, p, datasets[p.dataset].border_set)
        for p in parts
    ]
    return pd.concat(frames, ignore_index=True)


def components(family: pd.DataFrame) -> list[str]:
    """The component columns of a family table."""
    return [c for c in family.columns if c not in (*KEYS, "dataset", "native", "projection")]


def on_border_set(family: pd.DataFrame, mapping: pd.DataFrame, border_set: str) -> pd.DataFrame:
    """A family on one border set: rows indexed by (nis_code, year), components plus dataset,
    projection and ``summed`` (True where a 2025 value adds up merged parts).

    Parameters
    ----------
    family : DataFrame
        From :func:`read_family`.
    mapping : DataFrame
        The merger map (nis_code_2019_2024, nis_code_2025).
    border_set : {"2019", "2025"}
    """
    comps = components(family)
    old_to_new = mapping.set_index("nis_code_2019_2024")["nis_code_2025"]
    size = old_to_new.map(old_to_new.value_counts())
    parts = []
    for native, rows in family.groupby("native"):
        meta = rows.groupby("year")[["dataset", "projection"]].first()
        if native == border_set:
            out = rows.set_index(KEYS)[comps].assign(summed=False)
        elif border_set == "2025":
            out = _summed(rows, comps, old_to_new)
            out["summed"] = out.index.get_level_values(0).isin(old_to_new[size > 1])
        else:
            out = _carried_back(rows, comps, old_to_new, size)
        out["dataset"] = out.index.get_level_values(1).map(meta["dataset"])
        out["projection"] = out.index.get_level_values(1).map(meta["projection"]).astype(bool)
        parts.append(out)
    return pd.concat(parts).sort_index()


def _summed(rows: pd.DataFrame, comps: list[str], old_to_new: pd.Series) -> pd.DataFrame:
    """Old municipalities summed per 2025 code and year; a missing part makes the sum missing."""
    rows = rows.assign(new=rows["nis_code"].map(old_to_new))
    keys = [rows["new"], rows["year"]]
    total = rows[comps].groupby(keys).sum(min_count=1)
    total = total.mask(rows[comps].isna().groupby(keys).any())
    total.index = total.index.set_names(KEYS)
    return total


def _carried_back(
    rows: pd.DataFrame, comps: list[str], old_to_new: pd.Series, size: pd.Series
) -> pd.DataFrame:
    """2025 rows onto the 2019–2024 codes: unmerged carry over, merged become missing."""
    new_rows = rows.set_index(KEYS)[comps]
    out = []
    for year in rows["year"].unique():
        block = new_rows.xs(year, level="year").reindex(old_to_new.values)
        block.index = old_to_new.index
        block[size.reindex(block.index) > 1] = float("nan")
        out.append(block.assign(year=year))
    frame = pd.concat(out)
    frame.index.name = "nis_code"
    return frame.set_index("year", append=True).assign(summed=False)
