"""What a screen measures an allocation against, on one border set: inhabitants, area and types.

The rural definition is recorded with it: the typology of the selector whose groups the tables
show, and the Plattelandsrapport type (platteland versus the rest) behind the rural/urban ratio
and the difference test, with its status (official list, calibrated model or raw proxy).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ruraldash.data.atlas import Atlas
from ruraldash.features.choropleth import group_values
from ruraldash.features.orf import view as orfpage
from ruraldash.features.typenote import DEFAULT, typology_note, typology_status

RURAL = ("platteland",)
URBAN = ("verstedelijkt", "centrumstad")
AREA_SOURCE = {"2025": "population_area_2025", "2019": "landuse_2015"}
"""Dataset of the area per border set: Statbel cadastral area 2025, or the 2015 land-use total."""


@dataclass(frozen=True)
class Context:
    """Inhabitants, area and types of every municipality of one border set (index nis_code)."""

    border_set: str
    typology: str
    names: pd.Series
    provinces: pd.Series
    groups: pd.Series
    rural_types: pd.Series
    population: pd.Series
    population_year: int
    population_source: str
    area_km2: pd.Series
    area_source: str
    typology_note: str
    typology_status: str


def _area(atlas: Atlas, border_set: str, index: pd.Index) -> pd.Series:
    if border_set == "2025":
        table = atlas.bundle.tables[AREA_SOURCE["2025"]]
        area = pd.to_numeric(table["area_km2_cadastral_2025"], errors="coerce")
    else:
        table = atlas.bundle.tables[AREA_SOURCE["2019"]]
        area = pd.to_numeric(table["total_area_ha"], errors="coerce") / 100.0
    area.index = area.index.astype(str)
    return area.reindex(index).astype(float)


def load_context(
    atlas: Atlas, border_set: str, typology: str = DEFAULT, lang: str = "nl"
) -> Context:
    """The context of a screen: the latest complete population, the area and the types."""
    inputs = orfpage.load_inputs(atlas, border_set)
    index = inputs.names.index
    units = atlas.units(border_set)
    proxy = typology == "plattelandsrapport_proxy" and "type_raw" in units
    rural_types = units["type_raw" if proxy else "type"].astype(object).reindex(index)
    population_id = f"population_{inputs.population_year}"
    source = atlas.catalogue[population_id].source if population_id in atlas.catalogue else ""
    return Context(
        border_set=border_set,
        typology=typology,
        names=inputs.names,
        provinces=inputs.provinces,
        groups=group_values(atlas, border_set, typology).astype(object).reindex(index),
        rural_types=rural_types,
        population=inputs.population,
        population_year=inputs.population_year,
        population_source=source,
        area_km2=_area(atlas, border_set, index),
        area_source=AREA_SOURCE[border_set],
        typology_note=typology_note(atlas, border_set, lang, typology),
        typology_status=typology_status(atlas, border_set, typology),
    )


def source_text(atlas: Atlas, ctx: Context, lang: str = "nl") -> str:
    """Where the inhabitants and the area come from (publisher, date, title)."""
    parts = []
    for ds_id, year in ((ctx.population_source, ctx.population_year), (ctx.area_source, None)):
        if ds_id in atlas.datasets:
            ds = atlas.datasets[ds_id]
            parts.append(f"{ds.origin(lang, year)}: {ds.label(lang)}")
    return "; ".join(dict.fromkeys(parts))  # one dataset gives both on 2025 borders: said once
