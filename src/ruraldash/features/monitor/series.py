"""The monitor's series on either border set: values per municipality and year, years, breaks.

:class:`MonitorData` reads each family once and converts it per border set on demand (cached).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ruraldash.core.provenance import Dataset
from ruraldash.data import series
from ruraldash.data.atlas import MERGERS
from ruraldash.domain.change import value
from ruraldash.features.monitor.indicators import MonitorIndicator


@dataclass
class MonitorData:
    """Families of the monitor (raw, as read) and the merger map.

    Attributes
    ----------
    families : dict
        Family name -> table from :func:`ruraldash.data.series.read_family`.
    mapping : DataFrame
        The merger map (nis_code_2019_2024 -> nis_code_2025).
    datasets : dict
        The manifest (source lines).
    """

    families: dict[str, pd.DataFrame]
    mapping: pd.DataFrame
    datasets: dict[str, Dataset]
    _cache: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict, repr=False)

    def frame(self, family: str, border_set: str) -> pd.DataFrame:
        """Components of a family on a border set, indexed by (nis_code, year)."""
        key = (family, border_set)
        if key not in self._cache:
            self._cache[key] = series.on_border_set(self.families[family], self.mapping, border_set)
        return self._cache[key]

    def values(self, ind: MonitorIndicator, border_set: str) -> pd.DataFrame:
        """The indicator per municipality (rows) and year (columns); NaN where missing."""
        f = self.frame(ind.family, border_set)
        v = value(f, ind.measure)
        return v.unstack("year").sort_index(axis=1)

    def components(self, ind: MonitorIndicator, border_set: str) -> dict[int, pd.DataFrame]:
        """Year -> the measure's components per municipality (for group sums)."""
        f = self.frame(ind.family, border_set)[ind.measure.columns]
        return {int(y): part.droplevel("year") for y, part in f.groupby(level="year")}

    def years(self, ind: MonitorIndicator, border_set: str) -> list[int]:
        """Years with a value for at least one municipality."""
        v = self.values(ind, border_set)
        return [int(y) for y in v.columns if v[y].notna().any()]

    def year_meta(self, ind: MonitorIndicator, border_set: str) -> pd.DataFrame:
        """Per year: dataset id and projection flag."""
        f = self.frame(ind.family, border_set)
        return f.groupby(level="year")[["dataset", "projection"]].first()

    def source_changes(self, ind: MonitorIndicator, border_set: str) -> list[int]:
        """Years where the series continues from another dataset (marked as a break on charts)."""
        meta = self.year_meta(ind, border_set)["dataset"]
        return [int(y) for y, prev in zip(meta.index[1:], meta.values[:-1], strict=True)
                if meta[y] != prev]  # fmt: skip

    def datasets_of(
        self, ind: MonitorIndicator, years: list[int], border_set: str
    ) -> list[Dataset]:
        """The manifest records behind the given years (in year order, unique)."""
        meta = self.year_meta(ind, border_set)["dataset"]
        ids = list(dict.fromkeys(meta.reindex(years).dropna()))
        return [self.datasets[i] for i in ids]

    def summed(self, family: str) -> pd.Index:
        """2025 codes whose history adds up the parts of a 2025 merger."""
        f = self.frame(family, "2025")
        return f.index.get_level_values(0)[f["summed"].to_numpy()].unique()


def load_monitor(data_dir, datasets: dict[str, Dataset]) -> MonitorData:
    """Read every family of the monitor from the synced data folder.

    Raises
    ------
    ruraldash.data.series.SeriesMissing
        When a series file has not been synced.
    """
    fams = {name: series.read_family(name, data_dir, datasets) for name in series.FAMILIES}
    mapping = pd.read_csv(data_dir / datasets[MERGERS].path, dtype=str)
    return MonitorData(fams, mapping, datasets)
