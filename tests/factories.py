"""Shared fixtures for the data-spine tests, built in code (no real data needed except ``real_atlas``).

The tiny world: a 3×3 grid of 2 km squares in EPSG:31370 (shared borders are wiggly polylines so that
simplification has work to do), nine Flemish-looking municipalities, and a merger map

    11001 + 11002 + 11003 -> 11100 Drieveld      (3 -> 1)
    23001 + 23002         -> 23100 Elsgent       (2 -> 1)
    24001, 31001, 41001, 71001                   (1 -> 1)

Source tables carry the real dataset ids (``population_2020``, ``landuse_2015``, ``survey_2023``,
``typology_pinc_2019/2025``) so that the computed indicators work on them too. Their values live in
``UNITS`` and ``UNITS_2025`` below; tests derive expected results from these inputs by hand.

Every test builds its data here (or through the fixtures in ``conftest.py`` that wrap these).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
from shapely.geometry import Polygon

from ruraldash.core.config import Settings
from ruraldash.data import indicators
from ruraldash.data.atlas import Atlas
from ruraldash.domain import typology

NAN = float("nan")


SIDE = 2000.0  # metres


ORIGIN = (150_000.0, 190_000.0)  # somewhere in Flanders, EPSG:31370


STEP = 100.0  # vertex spacing along the borders


JITTER = (
    15.0  # random perpendicular offset of border vertices (m): removed by a 50 m simplification
)


MEANDER = (
    150.0  # amplitude of a sine meander (m) on every border: kept in part by the simplification,
)


GRID = [  # row 0 at the bottom
    ["11001", "11002", "11003"],
    ["23001", "23002", "24001"],
    ["31001", "41001", "71001"],
]


MERGED_INTO = {
    "11001": "11100",
    "11002": "11100",
    "11003": "11100",
    "23001": "23100",
    "23002": "23100",
}


NAMES_2025 = {"11100": "Drieveld", "23100": "Elsgent"}


UNITS = pd.DataFrame(
    [
        # code,  name,         pop,  hh,    births21, births22, area, built, open, score, survey, centre, class19, class25
        ("11001", "Achterbroek", 1000, 400, 10, 12, 100, 90, 10, 1.0, 80, False, "c1", "a1"),
        ("11002", "Berkhoven", 3000, 1200, 30, 33, 300, 30, 270, 2.0, 20, True, "a", "a1"),
        ("11003", "Dorpveld", 1000, 420, 9, 11, 600, 60, 540, 3.0, 50, False, "d", "a1"),
        ("23001", "Elsdonk", 100, 40, 1, 2, 400, 100, 300, 4.0, 60, False, "c2", "b0"),
        ("23002", "Genthout", 300, NAN, 3, 4, 400, 100, 300, 5.0, 40, False, "d", "b0"),
        ("24001", "Heikant", 700, 280, 7, 6, 400, 40, 360, 6.0, 70, False, "d", "c2"),
        ("31001", "Kleinbeek", 800, 320, 8, 9, 400, 20, 380, 7.0, 65, False, "d", "c3"),
        ("41001", "Lindeveld", 900, 360, 5, 4, 400, 200, 200, 8.0, NAN, False, "c1", "b1"),
        ("71001", "Molenbeek", 600, NAN, 6, 5, 400, 80, 320, 9.0, 55, False, "d", "c1"),
    ],
    columns=[
        "nis_code", "name", "population", "households", "births_2021", "births_2022",
        "total_area_ha", "built_parcels_ha", "open_space_categories_ha", "score", "survey_pct",
        "centrumstad", "class_2019", "class_2025",
    ],
).set_index("nis_code")  # fmt: skip


UNITS_2025 = pd.DataFrame(
    [
        ("11100", 2500, 20, 25),
        ("23100", 180, 2, 3),
        ("24001", 300, 4, 1),
        ("31001", 350, NAN, 2),
        ("41001", 400, 6, 7),
        ("71001", 260, 3, 4),
    ],
    columns=["nis_code_2025", "dwellings", "new_2021", "new_2022"],
).set_index("nis_code_2025")


SURVEY_CODE = "CU_S_26"


def code_2025(code: str) -> str:
    """The 2025 code of a 2019–2024 code in the tiny world."""
    return MERGED_INTO.get(code, code)


def _wiggly(start: tuple[float, float], end: tuple[float, float], rng) -> list[tuple[float, float]]:
    """A meandering, jittered border with a vertex every STEP metres; both ends stay in place."""
    n = int(round(np.hypot(end[0] - start[0], end[1] - start[1]) / STEP))
    t = np.linspace(0.0, 1.0, n + 1)
    off = rng.uniform(-JITTER, JITTER, n + 1)
    off += MEANDER * np.sin(2 * np.pi * t * rng.integers(1, 4))
    off[[0, -1]] = 0.0
    dx, dy = (end[0] - start[0]) / n / STEP, (end[1] - start[1]) / n / STEP  # unit direction
    xs = start[0] + t * (end[0] - start[0]) - dy * off
    ys = start[1] + t * (end[1] - start[1]) + dx * off
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def grid_polygons_31370(seed: int = 7) -> dict[str, Polygon]:
    """The nine cells in EPSG:31370; every border between two cells is one shared polyline."""
    rng = np.random.default_rng(seed)
    x0, y0 = ORIGIN

    def node(r: int, c: int) -> tuple[float, float]:
        return (x0 + c * SIDE, y0 + r * SIDE)

    horiz = {(r, c): _wiggly(node(r, c), node(r, c + 1), rng) for r in range(4) for c in range(3)}
    vert = {(r, c): _wiggly(node(r, c), node(r + 1, c), rng) for r in range(3) for c in range(4)}
    cells = {}
    for r, row in enumerate(GRID):
        for c, code in enumerate(row):
            ring = (
                horiz[(r, c)][:-1]
                + vert[(r, c + 1)][:-1]
                + horiz[(r + 1, c)][::-1][:-1]
                + vert[(r, c)][::-1][:-1]
            )
            cells[code] = Polygon(ring)
    return cells


def bowtie_31370() -> Polygon:
    """A self-intersecting 'bow-tie' over a 2 km square east of the grid (two 1 km² triangles)."""
    x, y = ORIGIN[0] + 4 * SIDE, ORIGIN[1]
    return Polygon([(x, y), (x + SIDE, y + SIDE), (x + SIDE, y), (x, y + SIDE)])


def mapping_frame() -> pd.DataFrame:
    """The merger map of the tiny world (columns as in the real reference file, all strings)."""
    codes = list(UNITS.index)
    new = [code_2025(c) for c in codes]
    names = UNITS["name"].tolist()
    return pd.DataFrame(
        {
            "nis_code_2019_2024": codes,
            "name_2019_2024": names,
            "nis_code_2025": new,
            "name_2025": [NAMES_2025.get(n, m) for n, m in zip(new, names, strict=True)],
        }
    )


def _topojson_polygon(poly: Polygon, arcs: list) -> list[list[int]]:
    arcs.append([list(p) for p in poly.exterior.coords])
    return [[len(arcs) - 1]]


def sha256_text(text: str) -> str:
    """Hex sha256 of a UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def source_files() -> dict[str, tuple[str, str, str]]:
    """Dataset id -> (relative path, border set, CSV text) of the tiny bundle."""
    u = UNITS.reset_index()
    u["nis_code_2025"] = u["nis_code"].map(code_2025)
    pop = u[["nis_code", "name", "population", "households", "births_2021", "births_2022"]]
    pop = pop.assign(nis_code_2025=u["nis_code_2025"])
    land = u[["nis_code", "name", "nis_code_2025", "total_area_ha", "built_parcels_ha"]].assign(
        open_space_categories_ha=u["open_space_categories_ha"], score=u["score"]
    )
    survey = pd.DataFrame(
        {
            "nis_code_2019_2024": u["nis_code"],
            "name": u["name"],
            "nis_code_2025": u["nis_code_2025"],
            "code": SURVEY_CODE,
            "indicator_nl": "Voldoende winkels",
            "pct": u["survey_pct"],
        }
    )
    survey = survey[survey["pct"].notna()]  # a missing answer is an absent row, as in the source
    typ19 = pd.DataFrame(
        {
            "nis_code": u["nis_code"],
            "name": u["name"],
            "uitrustingsniveau_code": u["class_2019"],
            "centrumstad": u["centrumstad"],
            "vlaamse_rand": u["nis_code"].str.startswith("23"),
            "nis_code_2025": u["nis_code_2025"],
            "uitrustingsgraad_2025_code_of_merged_municipality": u["class_2025"],
        }
    )
    first = u.groupby("nis_code_2025").first()
    typ25 = pd.DataFrame(
        {
            "nis_code": first.index,
            "name": [NAMES_2025.get(c, n) for c, n in zip(first.index, first["name"], strict=True)],
            "uitrustingsgraad_code": first["class_2025"].values,
            "centrumstad": u.groupby("nis_code_2025")["centrumstad"].any().values,
            "vlaamse_rand": first.index.str.startswith("23"),
        }
    )
    stock = UNITS_2025.reset_index().assign(name_2025="x")
    return {
        "nis_mergers_2025": ("reference/mergers.csv", "both", _csv(mapping_frame())),
        "population_2020": ("indicators/population.csv", "2019", _csv(pop)),
        "landuse_2015": ("indicators/landuse.csv", "2019", _csv(land)),
        "survey_2023": ("indicators/survey_long.csv", "2019", _csv(survey)),
        "typology_pinc_2019": ("reference/typology_2019.csv", "2019", _csv(typ19)),
        "typology_pinc_2025": ("reference/typology_2025.csv", "2025", _csv(typ25)),
        "stock_2025": ("indicators/stock_2025.csv", "2025", _csv(stock)),
        "readme": ("reference/readme.md", "none", "# Kleine bundel\n\nAlleen voor tests.\n"),
    }


def toml_value(value) -> str:
    """A Python value as a TOML literal (str, bool, int, float, list of those)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def write_tables(path: Path, table: str, records: list[dict]) -> Path:
    """Write ``[[table]]`` records to a TOML file and return its path."""
    blocks = [
        f"[[{table}]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in rec.items())
        for rec in records
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def manifest_record(ds_id: str, rel: str, border_set: str, sha: str, **extra) -> dict:
    """One manifest record with every required field."""
    rec = {
        "id": ds_id,
        "path": rel,
        "sha256": sha,
        "publisher": "Testbron",
        "title": f"Testbestand {ds_id}",
        "title_en": f"Test file {ds_id}",
        "url": "https://example.invalid/",
        "licence": "CC0 1.0",
        "year": "2020",
        "border_set": border_set,
        "status": "official",
        "caveat": "",
    }
    return rec | extra


def indicator_entry(ind_id: str, **fields) -> dict:
    """A valid catalogue entry (a numeric sum of ``population_2020.households``) with overrides."""
    entry = {
        "id": ind_id,
        "label_nl": f"Label {ind_id}",
        "label_en": f"Label {ind_id}",
        "definition_nl": "Definitie.",
        "definition_en": "Definition.",
        "unit": "",
        "decimals": 0,
        "facets": [2],
        "layer": "context",
        "polarity": "neutral",
        "kind": "numeric",
        "source": "population_2020",
        "expr": "households",
        "year": "2020",
        "status": "official",
        "rule": "sum",
    }
    entry.update(fields)
    return {k: v for k, v in entry.items() if v is not None}  # None drops a field


MINI_INDICATORS = [
    indicator_entry("households", layer="context", facets=[2]),
    indicator_entry(
        "density",
        expr="population / (total_area_ha / 100)",
        join=["landuse_2015"],
        rule="ratio",
        facets=[1, 2],
    ),
    indicator_entry(
        "built_share",
        source="landuse_2015",
        expr="built_parcels_ha / total_area_ha * 100",
        rule="ratio",
        layer="sealed",
        facets=[1],
        status="proxy",
    ),
    indicator_entry(
        "survey_shops",
        source="survey_2023",
        expr=SURVEY_CODE,
        rule="weighted_mean",
        weight="population_2020.population",
        layer="services",
        facets=[3],
    ),
    indicator_entry("score", source="landuse_2015", expr="score", rule="none"),
    indicator_entry("births", expr="births_{year}", years=[2021, 2022], year="2022"),
    indicator_entry("dwellings", source="stock_2025", expr="dwellings", year="2025"),
    indicator_entry("new_dwellings", source="stock_2025", expr="new_{year}", years=[2021, 2022]),
    indicator_entry(
        "service_class",
        source="typology_pinc_2025",
        expr="uitrustingsgraad_code",
        kind="ordinal",
        categories=["a0", "a1", "a2", "b0", "b1", "c0", "c1", "c2", "c3"],
        rule="none",
        layer="services",
        facets=[3],
    ),
    indicator_entry(
        "distance_service_centre",
        source="typology_pinc_2025",
        expr=None,
        compute="distance_service_centre",
        rule="computed",
        status="derived",
        layer="services",
        facets=[3],
    ),
    indicator_entry(
        "orf_key_share",
        source="landuse_2015",
        expr=None,
        compute="orf_key_share",
        rule="computed",
        status="derived",
        layer="orf",
        facets=[1],
    ),
]


def tiny_atlas(
    tmp_path: Path, bundle, catalogue, official: str | None = None, anchor: float | None = None
) -> Atlas:
    """An atlas over the tiny world (types by the Plattelandsrapport rule, or an official list);
    with ``anchor`` the proxy (built_share) is calibrated to that Flemish total."""
    cfg = {
        "density_2019": "density",
        "density_2025": "density",
        "ruimtebeslag_proxy": "built_share",
        "density_max": 350.0,
        "ruimtebeslag_max_pct": 30.0,
    }
    if official:
        cfg["official_list"] = official
    if anchor is not None:
        cfg |= {"ruimtebeslag_anchor_pct": anchor, "ruimtebeslag_area": "total_area_ha"}
    settings = Settings(
        root=tmp_path,
        data_dir=tmp_path,
        mirror=tmp_path,
        manifest=tmp_path / "sources.toml",
        catalogue=tmp_path / "indicators.toml",
        raw={"typology": cfg},
    )
    tidy = indicators.build_tidy(bundle, catalogue)
    return Atlas(settings, bundle.datasets, catalogue, bundle, tidy, typology.assign)


# --- pact monitor: yearly series of the tiny world ------------------------------------------

MONITOR_LAND_YEARS = (2000, 2001, 2003)
"""Land-use years of the tiny series: 2002 is a gap (as 1992, 2003 and 2006 are in the real one)."""
MONITOR_GROWTH = 1.1
"""Built parcels grow 10 % a year in every municipality (annualised growth 10 %)."""


def monitor_families() -> dict[str, pd.DataFrame]:
    """Family tables as :func:`ruraldash.data.series.read_family` returns them, for the tiny world.

    * ``landuse`` (2019–2024 codes): total area from ``UNITS``; built parcels = ``UNITS`` built
      × 1.1 ** (year − 2000); open space = total − built. Lindeveld (41001) has no 2001 row value.
    * ``population`` (2019–2024 codes for 2009 and 2010: ``UNITS`` population, +10 % in 2010;
      65+ = a fifth) and 2025 (2025 codes: ``UNITS_2025`` dwellings as the head count).
    """
    land = []
    for year in MONITOR_LAND_YEARS:
        built = UNITS["built_parcels_ha"] * MONITOR_GROWTH ** (year - 2000)
        frame = pd.DataFrame(
            {
                "total_area_ha": UNITS["total_area_ha"].astype(float),
                "built_parcels_ha": built,
                "non_cadastral_area_ha": 0.0,
                "open_space_categories_ha": UNITS["total_area_ha"] - built,
            }
        )
        if year == 2001:
            frame.loc["41001", "built_parcels_ha"] = NAN
        land.append(frame.rename_axis("nis_code").reset_index().assign(year=year))
    landuse = pd.concat(land, ignore_index=True).assign(
        dataset="landuse_series", native="2019", projection=False
    )
    pop = []
    for year, factor in ((2009, 1.0), (2010, 1.1)):
        p = UNITS["population"] * factor
        pop.append(
            pd.DataFrame({"population": p, "population_65plus": p / 5, "population_0_17": NAN})
            .rename_axis("nis_code")
            .reset_index()
            .assign(year=year, dataset="population_series", native="2019", projection=False)
        )
    p25 = UNITS_2025["dwellings"].astype(float)
    pop.append(
        pd.DataFrame({"population": p25, "population_65plus": NAN, "population_0_17": NAN})
        .rename_axis("nis_code")
        .reset_index()
        .assign(year=2025, dataset="population_area_2025", native="2025", projection=False)
    )
    return {"landuse": landuse, "population": pd.concat(pop, ignore_index=True)}


def monitor_data():
    """A :class:`~ruraldash.features.monitor.series.MonitorData` over :func:`monitor_families`."""
    from ruraldash.core.provenance import Dataset
    from ruraldash.features.monitor.series import MonitorData

    ids = {"landuse_series": "2019", "population_series": "2019", "population_area_2025": "2025"}
    datasets = {
        i: Dataset(**manifest_record(i, f"indicators/{i}.csv", bs, "0" * 64))
        for i, bs in ids.items()
    }
    return MonitorData(monitor_families(), mapping_frame(), datasets)


def fairness_world() -> pd.DataFrame:
    """Forty municipalities for the rural-proofing arithmetic: 13 centrumsteden, 14 verstedelijkt,
    13 platteland, with populations and areas chosen by hand (index nis_code; columns type,
    population, area_km2). Answers known without the code: see tests/test_fairness.py."""
    rows = []
    for n in range(13):
        rows.append((f"1{n:04d}", "centrumstad", 100_000 + 1_000 * n, 50.0 + n))
    for n in range(14):
        rows.append((f"2{n:04d}", "verstedelijkt", 20_000 + 500 * n, 30.0 + n))
    for n in range(13):
        rows.append((f"3{n:04d}", "platteland", 5_000 + 250 * n, 60.0 + 2 * n))
    frame = pd.DataFrame(rows, columns=["nis_code", "type", "population", "area_km2"])
    return frame.set_index("nis_code").astype({"population": float})


def subsidy_xlsx(rows: list[tuple[str, str, float | None]], title: str = "") -> bytes:
    """An XLSX as a province would send it: a title line, then NIS code, name, amount (euro),
    number of projects, and a total row at the bottom."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Subsidies 2026"
    ws.append([title or "Provinciale subsidie leefbare kernen 2026"])
    ws.append([])
    ws.append(["NIS-code", "Gemeente", "Toegekend bedrag (euro)", "Aantal projecten"])
    for code, name, amount in rows:
        ws.append([code, name, amount, None if amount is None else (1 if amount else 0)])
    ws.append(["", "Totaal", sum(a or 0 for _, _, a in rows), ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
