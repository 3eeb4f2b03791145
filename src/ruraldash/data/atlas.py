"""The loaded data spine: manifest, catalogue, boundaries, tidy indicator table and typologies in one object.

Built once per process (the UI caches it); everything here is plain pandas/geopandas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import geopandas as gpd
import pandas as pd

from ruraldash.core.vocab import BORDER_SETS
from ruraldash.data import geo, indicators

from ruraldash.data.catalog import Indicator, load_catalogue
from ruraldash.core.config import Settings
from ruraldash.core.provenance import Dataset, read_manifest
from ruraldash.core.sync import SyncResult, verify_all

BOUNDARIES = "boundaries_2019"
MERGERS = "nis_mergers_2025"
TYPOLOGY_TABLE = {"2019": "typology_pinc_2019", "2025": "typology_pinc_2025"}


UnitTyper = Callable[[pd.DataFrame, str, Settings], pd.DataFrame]
"""Adds the municipality type to a border set's units (``ruraldash.domain.typology.assign``): the
data layer only carries the inputs, the rule lives in the domain and is handed in when loading."""


class DataMissing(RuntimeError):
    """Synced data is missing or corrupt; ``problems`` lists them (Dutch), ``fix`` is the command."""

    def __init__(self, problems: list[SyncResult]):
        self.problems = problems
        self.fix = "make data   (of: .venv/bin/ruraldash data sync)"
        names = ", ".join(p.dataset.path for p in problems[:4])
        super().__init__(f"gegevens ontbreken of zijn beschadigd: {names}")


@dataclass
class Atlas:
    """All data the app shows, on both border sets."""

    settings: Settings
    datasets: dict[str, Dataset]
    catalogue: dict[str, Indicator]
    bundle: indicators.Bundle
    tidy: pd.DataFrame
    typer: UnitTyper | None = None
    _geojson: dict[str, dict] = field(default_factory=dict, repr=False)

    @property
    def geometry(self) -> dict[str, gpd.GeoDataFrame]:
        """Border set -> municipalities (EPSG:4326, full resolution)."""
        return self.bundle.geometry

    def geojson(self, border_set: str) -> dict:
        """Simplified display GeoJSON (disk cache keyed by the boundary checksum)."""
        if border_set not in self._geojson:
            geo_cfg = self.settings.section("geo")
            self._geojson[border_set] = geo.display_geojson(
                self.geometry[border_set],
                self.settings.geo_cache_dir,
                key=f"{border_set}_{self.datasets[BOUNDARIES].sha256[:12]}",
                tolerance_m=float(geo_cfg.get("simplify_tolerance_m", 50)),
                decimals=int(geo_cfg.get("coordinate_decimals", 5)),
            )
        return self._geojson[border_set]

    @cached_property
    def _wide(self) -> dict[str, pd.DataFrame]:
        return {bs: indicators.wide(self.tidy, bs, self.catalogue) for bs in BORDER_SETS}

    def wide(self, border_set: str) -> pd.DataFrame:
        """Municipalities × indicators (latest year of multi-year indicators)."""
        return self._wide[border_set]

    def values(self, indicator: str, border_set: str, year: int | None = None) -> pd.DataFrame:
        """One indicator on one border set: value, approx, missing_reason, indexed by nis_code."""
        ind = self.catalogue[indicator]
        year = year or ind.default_year
        key = (indicator, border_set, year if ind.years else None)
        if key not in self._values:  # once per indicator, border set and year: a copy after that
            part = self._tidy_parts.get((indicator, border_set), self.tidy.iloc[:0])
            if ind.years:
                part = part[part["year"] == year]
            self._values[key] = part.set_index("nis_code")[["value", "approx", "missing_reason", "year"]]
        return self._values[key].copy()

    @cached_property
    def _tidy_parts(self) -> dict[tuple[str, str], pd.DataFrame]:
        """The tidy table split by (indicator, border set), once (a boolean mask over the whole
        table cost ~1 ms per call, on every rerun)."""
        return dict(iter(self.tidy.groupby(["indicator", "border_set"], sort=False)))

    @cached_property
    def _values(self) -> dict[tuple, pd.DataFrame]:
        return {}

    @cached_property
    def _units(self) -> dict[str, pd.DataFrame]:
        return {bs: self._build_units(bs) for bs in BORDER_SETS}

    def units(self, border_set: str) -> pd.DataFrame:
        """Municipalities with name, province, arrondissement, centrumstad, vlaamse_rand, service class,
        the Plattelandsrapport type and its inputs; indexed by nis_code."""
        return self._units[border_set]

    def _build_units(self, bs: str) -> pd.DataFrame:
        gdf = self.geometry[bs].set_index("nis_code")
        pinc = self.bundle.tables[TYPOLOGY_TABLE[bs]].reindex(gdf.index)
        cls_col = "uitrustingsgraad_code" if bs == "2025" else "uitrustingsniveau_code"
        units = pd.DataFrame(
            {
                "name": gdf["name"],
                "province": gdf["province"],
                "arrondissement": gdf.get("arrondissement"),
                "centrumstad": pinc["centrumstad"].astype(str).str.lower().eq("true"),
                "vlaamse_rand": pinc["vlaamse_rand"].astype(str).str.lower().eq("true"),
                "service_class": pinc[cls_col].astype("string"),
            }
        )
        if bs == "2019":
            m = self.bundle.mapping.set_index("nis_code_2019_2024")
            units["nis_code_2025"] = m["nis_code_2025"].reindex(units.index)
            units["name_2025"] = m["name_2025"].reindex(units.index)
        cfg = self.settings.section("typology")
        wide = self.wide(bs)
        units["density"] = wide[cfg.get(f"density_{bs}", f"density_{bs}")]
        proxy = cfg.get("ruimtebeslag_proxy", "built_noncad_share")
        units["ruimtebeslag_proxy"] = wide[proxy]
        units["ruimtebeslag_area"] = self._proxy_area(proxy, cfg.get("ruimtebeslag_area"), bs)
        return self.typer(units, bs, self.settings) if self.typer else units

    def _proxy_area(self, proxy: str, column: str | None, bs: str) -> pd.Series:
        """The proxy's denominator (a column of its source table, e.g. total area) on a border set:
        summed over the old municipalities for 2025 units; NaN when not configured."""
        ind = self.catalogue.get(proxy)
        table = self.bundle.tables.get(ind.source) if ind else None
        if not column or table is None or column not in table:
            return pd.Series(float("nan"), index=self.geometry[bs]["nis_code"])
        area = pd.to_numeric(table[column], errors="coerce")
        native = self.datasets[ind.source].border_set
        if bs == native:
            return area
        if native == "2019" and bs == "2025":
            return indicators.summed(area.to_frame("a"), self.bundle.groups())["a"]
        return pd.Series(float("nan"), index=self.geometry[bs]["nis_code"])


def check_data(settings: Settings) -> list[SyncResult]:
    """Problems with the synced data (missing or bad checksum); empty when all is well."""
    datasets = read_manifest(settings.manifest)
    return [
        r for r in verify_all(datasets, settings.data_dir) if not r.good and r.dataset.role != "series"
    ]


def load_atlas(settings: Settings, typer: UnitTyper | None = None) -> Atlas:
    """Read and compute everything; raises :class:`DataMissing` when synced files are absent or corrupt."""
    problems = check_data(settings)
    if problems:
        raise DataMissing(problems)
    datasets = read_manifest(settings.manifest)
    catalogue = load_catalogue(settings.catalogue, datasets)
    d = settings.data_dir
    g19 = geo.read_municipalities_2019(d / datasets[BOUNDARIES].path)
    mapping = pd.read_csv(d / datasets[MERGERS].path, dtype=str)
    g25 = geo.merge_to_2025(g19, mapping)
    bundle = indicators.load_bundle(d, datasets, {"2019": g19, "2025": g25})
    tidy = indicators.build_tidy(bundle, catalogue)
    return Atlas(settings, datasets, catalogue, bundle, tidy, typer)
