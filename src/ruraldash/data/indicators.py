"""Read the source tables and compute every catalogue indicator on both border sets as one tidy table.

Conversion between border sets follows each indicator's ``rule`` (see indicators.toml): counts add up,
rates are recomputed from summed components, survey percentages become a population-weighted mean
(marked approximate), and what cannot be converted stays missing with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ruraldash.core.vocab import BORDER_SETS
from ruraldash.data.catalog import Indicator
from ruraldash.data.geo import nearest_distance_km, representative_points
from ruraldash.core.provenance import Dataset

TIDY_COLUMNS = ["nis_code", "border_set", "indicator", "year", "value", "approx", "missing_reason"]
# missing_reason codes (labels reason_<code> in locales/app.toml): not_in_source, not_convertible, no_split, incomplete

_CODE_COLUMNS = ("nis_code", "nis_code_2025", "nis_code_2019_2024")
CENTRE_CLASSES = ("a0", "a1", "a2")


@dataclass
class Bundle:
    """Everything read from the synced data folder.

    Attributes
    ----------
    datasets : dict
        The manifest.
    tables : dict
        Dataset id -> DataFrame indexed by the dataset's own NIS code (strings).
    mapping : DataFrame
        Merger map: nis_code_2019_2024, name_2019_2024, nis_code_2025, name_2025.
    geometry : dict
        Border set -> GeoDataFrame of municipalities.
    """

    datasets: dict[str, Dataset]
    tables: dict[str, pd.DataFrame]
    mapping: pd.DataFrame
    geometry: dict[str, gpd.GeoDataFrame]

    def groups(self) -> pd.Series:
        """2025 code -> list of 2019–2024 codes."""
        return self.mapping.groupby("nis_code_2025")["nis_code_2019_2024"].agg(list)

    def one_to_one(self) -> pd.DataFrame:
        """Unmerged municipalities: pairs (old, new) where a 2025 unit is exactly one old unit."""
        size = self.mapping.groupby("nis_code_2025")["nis_code_2019_2024"].transform("size")
        return self.mapping.loc[size == 1, ["nis_code_2019_2024", "nis_code_2025"]]


def read_table(path: Path, dataset_id: str) -> pd.DataFrame:
    """Read one source CSV, indexed by its NIS code column (kept as 5-character strings).

    The survey (long format) is pivoted to one column per item code.
    """
    df = pd.read_csv(path, dtype={c: str for c in _CODE_COLUMNS})
    if dataset_id == "survey_2023":
        df = df.pivot_table(
            index="nis_code_2019_2024", columns="code", values="pct", aggfunc="first"
        )
        df.columns.name = None
        return df
    code = next(c for c in _CODE_COLUMNS if c in df.columns)
    return df.set_index(code)


def load_bundle(data_dir: Path, datasets: dict[str, Dataset], geometry: dict) -> Bundle:
    """Read every CSV dataset of the manifest from ``data_dir``."""
    tables = {
        ds.id: read_table(data_dir / ds.path, ds.id)
        for ds in datasets.values()
        if ds.path.endswith(".csv") and ds.border_set in BORDER_SETS and ds.role != "series"
    }
    mapping = pd.read_csv(data_dir / datasets["nis_mergers_2025"].path, dtype=str)
    return Bundle(datasets, tables, mapping, geometry)


def _frame(bundle: Bundle, ind: Indicator) -> pd.DataFrame:
    """The source table with the joined tables' columns (same border set)."""
    frame = bundle.tables[ind.source]
    for other in ind.join:
        extra = bundle.tables[other]
        frame = frame.join(extra[[c for c in extra.columns if c not in frame.columns]], how="left")
    return frame


def _evaluate(frame: pd.DataFrame, ind: Indicator, year: int | None) -> pd.Series:
    expr = ind.expr.replace("{year}", str(year)) if year else ind.expr
    if ind.kind == "ordinal":
        codes = frame[expr].astype("string")
        order = {c: i for i, c in enumerate(ind.categories)}
        return codes.map(order).astype(float)
    numeric = frame.apply(pd.to_numeric, errors="coerce") if expr not in frame else frame
    values = (
        numeric.eval(expr) if expr not in frame else pd.to_numeric(frame[expr], errors="coerce")
    )
    return values.replace([np.inf, -np.inf], np.nan).astype(float)


def summed(frame: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Sum numeric columns over the old municipalities of each 2025 unit; any missing member -> NaN."""
    numeric = frame.select_dtypes("number")
    key = groups.explode()
    key = pd.Series(key.index, index=key.values)  # old -> new
    part = numeric.reindex(key.index)
    summed = part.groupby(key.values).sum(min_count=1)
    incomplete = part.isna().groupby(key.values).any()
    return summed.mask(incomplete)


def _from_native(
    values: pd.Series, bundle: Bundle, ind: Indicator, target: str, year: int | None = None
) -> pd.DataFrame:
    """Values of an indicator (one year) on the other border set (sum / ratio / weighted_mean / none)."""
    groups = bundle.groups()
    pairs = bundle.one_to_one()
    if target == "2019":  # 2025 -> 2019: only unmerged municipalities carry over
        old_of = pairs.set_index("nis_code_2019_2024")["nis_code_2025"]
        units = bundle.mapping["nis_code_2019_2024"]
        out = pd.DataFrame(index=pd.Index(units, name="nis_code"))
        out["value"] = units.map(old_of).map(values).values
        out["approx"] = False
        out["missing_reason"] = np.where(units.isin(old_of.index), "not_in_source", "no_split")
        return out
    out = pd.DataFrame(index=pd.Index(groups.index, name="nis_code"))
    merged = groups.map(len) > 1
    if ind.rule in ("sum", "ratio"):
        out["value"] = _evaluate(summed(_frame(bundle, ind), groups), ind, year).reindex(out.index)
        reason_merged = "incomplete"
    elif ind.rule == "weighted_mean":
        ds, col = ind.weight.split(".")
        w = pd.to_numeric(bundle.tables[ds][col], errors="coerce")
        key = pd.Series(groups.explode().index, index=groups.explode().values)
        v, wk = values.reindex(key.index), w.reindex(key.index)
        num = (v * wk).groupby(key.values).sum(min_count=1)
        den = wk.where(v.notna()).groupby(key.values).sum(min_count=1)
        incomplete = v.isna().groupby(key.values).any()
        out["value"] = (num / den).mask(incomplete).reindex(out.index)
        reason_merged = "incomplete"
    else:  # none
        first = groups.map(lambda members: members[0])
        out["value"] = first.map(values).where(~merged)
        reason_merged = "not_convertible"
    if ind.rule != "none":  # unmerged units: the value carries over unchanged
        single = groups[~merged].map(lambda members: members[0])
        out.loc[single.index, "value"] = single.map(values).values
    out["approx"] = merged & out["value"].notna() & (ind.rule == "weighted_mean")
    out["missing_reason"] = np.where(merged, reason_merged, "not_in_source")
    return out


def _merged_old(bundle: Bundle) -> pd.Index:
    """2019–2024 codes of the municipalities that merged on 1 January 2025."""
    size = bundle.mapping.groupby("nis_code_2025")["nis_code_2019_2024"].transform("size")
    return pd.Index(bundle.mapping.loc[size > 1, "nis_code_2019_2024"])


def _units(bundle: Bundle, border_set: str) -> pd.Index:
    return pd.Index(bundle.geometry[border_set]["nis_code"], name="nis_code")


def _centrumstad(bundle: Bundle, border_set: str) -> pd.Series:
    table = "typology_pinc_2019" if border_set == "2019" else "typology_pinc_2025"
    flag = bundle.tables[table]["centrumstad"].astype(str).str.lower() == "true"
    return flag.reindex(_units(bundle, border_set)).fillna(False).astype(bool)


def _service_class(bundle: Bundle, border_set: str) -> pd.Series:
    if border_set == "2025":
        cls = bundle.tables["typology_pinc_2025"]["uitrustingsgraad_code"]
    else:
        cls = bundle.tables["typology_pinc_2019"][
            "uitrustingsgraad_2025_code_of_merged_municipality"
        ]
    return cls.reindex(_units(bundle, border_set)).astype("string")


def distance_service_centre(bundle: Bundle, border_set: str) -> pd.Series:
    """Straight-line km from each municipality to the nearest municipality of class a0–a2 (2025 classes).

    The classes exist for the 2025 municipalities only: on 2019–2024 borders an unmerged
    municipality keeps its 2025 distance and a merged one has none (its merged municipality's class
    is not its own: Kortessem is not a0 because Hasselt is).
    """
    if border_set == "2019":
        pairs = bundle.one_to_one().set_index("nis_code_2019_2024")["nis_code_2025"]
        values = distance_service_centre(bundle, "2025")
        return pairs.map(values).reindex(_units(bundle, "2019"))
    gdf = bundle.geometry[border_set].set_index("nis_code")
    targets = _service_class(bundle, border_set).reindex(gdf.index).isin(CENTRE_CLASSES).to_numpy()
    return nearest_distance_km(representative_points(gdf), targets)


def open_space(bundle: Bundle, border_set: str) -> pd.Series:
    """Cadastral open-space hectares (2015) per municipality on a border set (summed for mergers)."""
    os_ha = pd.to_numeric(
        bundle.tables["landuse_2015"]["open_space_categories_ha"], errors="coerce"
    )
    if border_set == "2019":
        return os_ha.reindex(_units(bundle, border_set))
    return summed(os_ha.to_frame(), bundle.groups())["open_space_categories_ha"]


def orf_key_share(bundle: Bundle, border_set: str) -> pd.Series:
    """Share (%) of each municipality in the open space of all eligible municipalities.

    The 13 centrumsteden are excluded (share 0). On 2025 borders Hasselt-Kortessem is a centrumstad.
    """
    area = open_space(bundle, border_set)
    centre = _centrumstad(bundle, border_set).reindex(area.index)
    eligible = area.where(~centre)
    return (eligible / eligible.sum() * 100).where(~centre, 0.0)


COMPUTED = {"distance_service_centre": distance_service_centre, "orf_key_share": orf_key_share}


def indicator_values(
    bundle: Bundle, ind: Indicator, year: int | None = None
) -> dict[str, pd.DataFrame]:
    """One indicator (one year) on both border sets.

    Returns
    -------
    dict
        Border set -> DataFrame indexed by nis_code with value, approx, missing_reason.
    """
    out = {}
    if ind.compute:
        for bs in BORDER_SETS:
            v = COMPUTED[ind.compute](bundle, bs).reindex(_units(bundle, bs))
            merged = v.index.isin(_merged_old(bundle)) if bs == "2019" else False
            reason = np.where(merged, "no_split", "not_in_source")
            out[bs] = pd.DataFrame({"value": v, "approx": False, "missing_reason": reason})
        return out
    native = _evaluate(_frame(bundle, ind), ind, year)
    native_units = _units(bundle, ind.native)
    out[ind.native] = pd.DataFrame(
        {"value": native.reindex(native_units), "approx": False, "missing_reason": "not_in_source"}
    )
    other = "2025" if ind.native == "2019" else "2019"
    out[other] = _from_native(native, bundle, ind, other, year).reindex(_units(bundle, other))
    return out


def build_tidy(bundle: Bundle, catalogue: dict[str, Indicator]) -> pd.DataFrame:
    """Every indicator, every year, both border sets: (nis_code, border_set, indicator, year, value, ...).

    ``missing_reason`` is filled only where ``value`` is missing.
    """
    parts = []
    for ind in catalogue.values():
        for year in ind.years or (None,):
            for bs, frame in indicator_values(bundle, ind, year).items():
                part = frame.reset_index()
                part["border_set"], part["indicator"] = bs, ind.id
                part["year"] = year if year else _year_number(ind.year)
                parts.append(part)
    tidy = pd.concat(parts, ignore_index=True)
    tidy["missing_reason"] = tidy["missing_reason"].where(tidy["value"].isna(), "")
    tidy["year"] = tidy["year"].astype("Int64")
    return tidy[TIDY_COLUMNS]


def _year_number(text: str) -> int | None:
    digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
    return int(digits[0]) if digits and len(digits[0]) == 4 else None


def wide(tidy: pd.DataFrame, border_set: str, catalogue: dict[str, Indicator]) -> pd.DataFrame:
    """One row per municipality, one column per indicator (multi-year indicators at their latest year)."""
    part = tidy[tidy["border_set"] == border_set]
    latest = {i.id: i.default_year for i in catalogue.values() if i.years}
    keep = part["indicator"].map(latest).isna() | (part["year"] == part["indicator"].map(latest))
    return part[keep].pivot(index="nis_code", columns="indicator", values="value")


def coverage(tidy: pd.DataFrame, catalogue: dict[str, Indicator]) -> pd.DataFrame:
    """Per indicator and border set: municipalities with a value / all, at the default year."""
    rows = []
    for bs in BORDER_SETS:
        w = wide(tidy, bs, catalogue)
        for ind_id in catalogue:
            col = w[ind_id] if ind_id in w else pd.Series(dtype=float)
            rows.append(
                {"indicator": ind_id, "border_set": bs, "n": int(col.notna().sum()), "of": len(w)}
            )
    return pd.DataFrame(rows)
