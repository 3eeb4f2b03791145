"""Municipal boundaries: the 300 of 2019–2024 from the TopoJSON, the 285 of 2025 dissolved from them.

Geometry is kept in EPSG:4326 for display; areas and distances use the Belgian Lambert 72 (EPSG:31370).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

WGS84 = "EPSG:4326"
LAMBERT72 = "EPSG:31370"
FLEMISH_CODE = re.compile(r"^(1|3|4|7|23|24)\d+$")
GEO_CACHE_VERSION = 1  # bump when the display geometry recipe changes

PROVINCES = {  # by NIS prefix: the source mislabels Mesen (33016) as Walloon, so never trust its tags
    "1": "Antwerpen",
    "23": "Vlaams-Brabant",
    "24": "Vlaams-Brabant",
    "3": "West-Vlaanderen",
    "4": "Oost-Vlaanderen",
    "7": "Limburg",
}


def is_flemish(code: str) -> bool:
    """True for a 5-digit Flemish NIS code (first digit 1, 3, 4, 7 or first two 23/24)."""
    return bool(FLEMISH_CODE.match(str(code))) and len(str(code)) == 5


def province_of(code: str) -> str:
    """Province name of a Flemish NIS code, from its prefix."""
    code = str(code)
    return PROVINCES.get(code[:2]) or PROVINCES[code[:1]]


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Repair with make_valid and keep only the polygonal parts."""
    fixed = shapely.make_valid(geom)
    if fixed.geom_type in ("Polygon", "MultiPolygon"):
        return fixed
    parts = [g for g in getattr(fixed, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def read_municipalities_2019(path: Path) -> gpd.GeoDataFrame:
    """Read the 300 Flemish municipalities (2019–2024) from the Belgian TopoJSON.

    Parameters
    ----------
    path : Path
        ``geo/belgium_municipalities_2019.topo.json`` (layer ``municipalities``; CRS not declared: 4326).

    Returns
    -------
    GeoDataFrame
        Columns nis_code, name, name_fr, province, arrondissement, geometry (valid, EPSG:4326),
        sorted by nis_code.
    """
    raw = gpd.read_file(path, layer="municipalities").set_crs(WGS84, allow_override=True)
    raw = raw[raw["nis"].map(is_flemish)].copy()
    arr_names = (
        raw.assign(arr=raw["arr_nis"].str[:2])
        .groupby("arr")["arr_nl"]
        .agg(lambda s: s.mode().iat[0])
        .str.replace("Arrondissement ", "", regex=False)
    )
    out = gpd.GeoDataFrame(
        {
            "nis_code": raw["nis"].astype(str),
            "name": raw["name_nl"].astype(str),
            "name_fr": raw["name_fr"].astype(str),
            "province": raw["nis"].map(province_of),
            "arrondissement": raw["nis"].str[:2].map(arr_names),
        },
        geometry=[_polygonal(g) for g in raw.geometry],
        crs=WGS84,
    )
    return out.sort_values("nis_code").reset_index(drop=True)


def merge_to_2025(gdf2019: gpd.GeoDataFrame, mapping: pd.DataFrame) -> gpd.GeoDataFrame:
    """Dissolve the 2019–2024 municipalities into the 285 of 2025 through the merger map.

    Parameters
    ----------
    gdf2019 : GeoDataFrame
        Output of :func:`read_municipalities_2019`.
    mapping : DataFrame
        Columns nis_code_2019_2024, nis_code_2025, name_2025.

    Returns
    -------
    GeoDataFrame
        Columns nis_code, name, province, n_merged (number of old municipalities), geometry.
    """
    m = mapping.set_index("nis_code_2019_2024")
    missing = sorted(set(gdf2019["nis_code"]) - set(m.index))
    if missing:
        raise ValueError(f"geen 2025-code voor {', '.join(missing[:5])}")
    work = gdf2019.assign(
        nis_code_2025=gdf2019["nis_code"].map(m["nis_code_2025"]),
        name_2025=gdf2019["nis_code"].map(m["name_2025"]),
    )
    groups = work.groupby("nis_code_2025", sort=True)
    geoms = [_polygonal(shapely.union_all(g.geometry.values)) for _, g in groups]
    out = gpd.GeoDataFrame(
        {
            "nis_code": list(groups.groups.keys()),
            "name": groups["name_2025"].first().values,
            "province": [province_of(c) for c in groups.groups.keys()],
            "n_merged": groups.size().values,
        },
        geometry=geoms,
        crs=gdf2019.crs,
    )
    return out.reset_index(drop=True)


def area_km2(gdf: gpd.GeoDataFrame) -> pd.Series:
    """Geometric area in km² (EPSG:31370), indexed like ``gdf``."""
    return gdf.to_crs(LAMBERT72).area / 1e6


def provinces(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve municipalities into provinces (column ``province``)."""
    return gdf[["province", "geometry"]].dissolve(by="province").reset_index()


def simplify_topological(
    gdf: gpd.GeoDataFrame, tolerance_m: float = 50.0, decimals: int = 5
) -> gpd.GeoDataFrame:
    """Simplify with shared arcs (topojson) so neighbours keep one common border: no gaps, no slivers.

    Parameters
    ----------
    gdf : GeoDataFrame
        Municipalities (any CRS); the result keeps columns nis_code and name, in EPSG:4326.
    tolerance_m : float
        Douglas–Peucker tolerance in metres, applied in EPSG:31370 on the shared arcs.
    decimals : int
        Coordinates are rounded (on a grid) to this many decimals of a degree (5 ≈ 1 m).
    """
    import topojson  # imported here: only the display-geometry cache needs it

    local = gdf[["nis_code", "name", "geometry"]].to_crs(LAMBERT72)
    topo = topojson.Topology(local, toposimplify=tolerance_m, prequantize=False)
    simple = topo.to_gdf().set_crs(LAMBERT72, allow_override=True).to_crs(WGS84)
    simple["geometry"] = shapely.set_precision(simple.geometry.values, 10.0**-decimals)
    simple = simple.set_index("nis_code").loc[local["nis_code"]].reset_index()
    return gpd.GeoDataFrame(simple[["nis_code", "name", "geometry"]], crs=WGS84)


def display_geojson(
    gdf: gpd.GeoDataFrame,
    cache_dir: Path,
    key: str,
    tolerance_m: float = 50.0,
    decimals: int = 5,
) -> dict:
    """GeoJSON for the map (properties nis_code, name), computed once and cached on disk.

    Parameters
    ----------
    gdf : GeoDataFrame
        Municipalities of one border set.
    cache_dir : Path
        Folder for the cache file.
    key : str
        Cache key; include the source checksum and the border set so a new source invalidates it.
    """
    path = cache_dir / f"display_{key}_t{tolerance_m:g}_d{decimals}_v{GEO_CACHE_VERSION}.geojson"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    simple = simplify_topological(gdf, tolerance_m, decimals)
    data = json.loads(simple.to_json(drop_id=True))
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # replicas starting at once each write their own
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    return data


def representative_points(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """A point inside each municipality, in EPSG:31370 (for distances)."""
    return gdf.to_crs(LAMBERT72).representative_point()


def nearest_distance_km(points: gpd.GeoSeries, targets: np.ndarray) -> pd.Series:
    """Straight-line distance (km) from each point to the nearest target point (0 for a target itself).

    Parameters
    ----------
    points : GeoSeries
        Points in a metric CRS.
    targets : array of bool
        Which of ``points`` are targets.
    """
    xy = np.column_stack([points.x.values, points.y.values])
    txy = xy[np.asarray(targets, dtype=bool)]
    if len(txy) == 0:
        return pd.Series(np.nan, index=points.index)
    d = np.sqrt(((xy[:, None, :] - txy[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    return pd.Series(d / 1000.0, index=points.index)
