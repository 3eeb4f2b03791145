"""Boundaries: reading and repairing the TopoJSON, Flemish selection, 2025 mergers, display geometry."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from ruraldash.data import geo


def _metric(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return gdf.to_crs(geo.LAMBERT72).geometry


def _overlap_and_gaps_m2(gdf: gpd.GeoDataFrame) -> tuple[float, int]:
    """(area counted twice by neighbours in m², holes in the union of all units)."""
    g = _metric(gdf)
    union = shapely.union_all(g.values)
    parts = getattr(union, "geoms", [union])
    return float(g.area.sum() - union.area), sum(len(p.interiors) for p in parts) + len(parts) - 1


# ----------------------------------------------------------------------------- codes and provinces


@pytest.mark.parametrize(
    ("code", "flemish"),
    [
        ("11001", True),  # Antwerpen
        ("23002", True),  # Vlaams-Brabant (Halle-Vilvoorde)
        ("24062", True),  # Vlaams-Brabant (Leuven)
        ("33016", True),  # Mesen: tagged Walloon in the source, Flemish by code
        ("44021", True),
        ("71022", True),
        ("21004", False),  # Brussels
        ("25005", False),  # Walloon Brabant
        ("52011", False),  # Hainaut
        ("1100", False),  # too short
        ("110011", False),  # too long
    ],
)
def test_flemish_code_filter(code, flemish):
    assert geo.is_flemish(code) is flemish


@pytest.mark.parametrize(
    ("code", "province"),
    [
        ("11002", "Antwerpen"),
        ("23002", "Vlaams-Brabant"),
        ("24062", "Vlaams-Brabant"),
        ("33016", "West-Vlaanderen"),
        ("44021", "Oost-Vlaanderen"),
        ("71022", "Limburg"),
    ],
)
def test_province_from_code_prefix(code, province):
    assert geo.province_of(code) == province


# ----------------------------------------------------------------------------- reading the TopoJSON


def test_read_keeps_only_flemish_municipalities_sorted(topojson_path):
    gdf = geo.read_municipalities_2019(topojson_path)
    assert "21004" not in set(gdf["nis_code"]) and "52011" not in set(gdf["nis_code"])
    assert len(gdf) == 10
    assert list(gdf["nis_code"]) == sorted(gdf["nis_code"])
    assert gdf.crs.to_epsg() == 4326


def test_read_repairs_the_bowtie_without_losing_area(topojson_path):
    gdf = geo.read_municipalities_2019(topojson_path).set_index("nis_code")
    assert gdf.geometry.is_valid.all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    bowtie = gdf.loc["38099"]
    # a 2 km square crossed by both diagonals: the two 1 km-wide triangles make 2 km²
    assert geo.area_km2(gdf.loc[["38099"]]).iloc[0] == pytest.approx(2.0, rel=1e-4)
    assert bowtie["province"] == "West-Vlaanderen"
    assert bowtie["name"] == "Strikveld"


def test_read_takes_names_and_arrondissement_from_the_tags(topojson_path):
    gdf = geo.read_municipalities_2019(topojson_path).set_index("nis_code")
    assert gdf.loc["11002", "name"] == "Berkhoven"
    assert gdf.loc["11002", "name_fr"] == "Berkhoven (fr)"
    assert gdf.loc["11002", "arrondissement"] == "A11"  # "Arrondissement " prefix dropped
    assert gdf.loc["23001", "province"] == "Vlaams-Brabant"


# ----------------------------------------------------------------------------- merging to 2025


def test_merge_dissolves_to_the_2025_units(grid_2025):
    g = grid_2025.set_index("nis_code")
    assert list(g.index) == ["11100", "23100", "24001", "31001", "41001", "71001"]
    assert g["n_merged"].to_dict() == {
        "11100": 3, "23100": 2, "24001": 1, "31001": 1, "41001": 1, "71001": 1
    }  # fmt: skip
    assert g.loc["11100", "name"] == "Drieveld"
    assert g.loc["23100", "name"] == "Elsgent"
    assert g.loc["24001", "name"] == "Heikant"
    assert g.loc["11100", "province"] == "Antwerpen"
    assert g.loc["23100", "province"] == "Vlaams-Brabant"


def test_merged_geometry_is_valid_single_polygons(grid_2025):
    assert grid_2025.geometry.is_valid.all()
    # members share their borders exactly, so a merger leaves one polygon without holes
    assert (grid_2025.geom_type == "Polygon").all()
    assert all(len(p.interiors) == 0 for p in grid_2025.geometry)


def test_merged_area_is_the_sum_of_its_members(grid_2019, grid_2025, mapping):
    a19 = geo.area_km2(grid_2019).set_axis(grid_2019["nis_code"])
    a25 = geo.area_km2(grid_2025).set_axis(grid_2025["nis_code"])
    summed = a19.groupby(mapping.set_index("nis_code_2019_2024")["nis_code_2025"]).sum()
    assert a25.to_dict() == pytest.approx(summed.to_dict(), rel=1e-9)


def test_merging_leaves_no_gaps(grid_2019, grid_2025):
    before = shapely.union_all(_metric(grid_2019).values).area
    after = shapely.union_all(_metric(grid_2025).values).area
    assert after == pytest.approx(before, abs=1.0)  # m²
    assert _overlap_and_gaps_m2(grid_2025) == (pytest.approx(0.0, abs=1.0), 0)


def test_merge_refuses_a_municipality_without_2025_code(grid_2019, mapping):
    with pytest.raises(ValueError, match="11003"):
        geo.merge_to_2025(grid_2019, mapping[mapping["nis_code_2019_2024"] != "11003"])


def test_provinces_dissolve(grid_2019):
    prov = geo.provinces(grid_2019)
    assert sorted(prov["province"]) == sorted(
        ["Antwerpen", "Vlaams-Brabant", "West-Vlaanderen", "Oost-Vlaanderen", "Limburg"]
    )


def test_area_km2_of_a_2km_square():
    sq = gpd.GeoDataFrame(geometry=[box(150_000, 190_000, 152_000, 192_000)], crs=geo.LAMBERT72)
    assert geo.area_km2(sq.to_crs(geo.WGS84)).iloc[0] == pytest.approx(4.0, rel=1e-6)


# ----------------------------------------------------------------------------- display geometry


def test_simplify_keeps_shared_borders(grid_2019):
    simple = geo.simplify_topological(grid_2019, tolerance_m=50)
    assert list(simple["nis_code"]) == list(grid_2019["nis_code"])
    assert simple.geometry.is_valid.all()
    before = shapely.get_num_coordinates(grid_2019.geometry.values).sum()
    after = shapely.get_num_coordinates(simple.geometry.values).sum()
    assert after < before / 3  # the ±15 m wiggles are gone
    overlap, holes = _overlap_and_gaps_m2(simple)
    assert overlap == pytest.approx(0.0, abs=50.0)  # m² over 36 km²: only coordinate rounding
    assert holes == 0


def test_the_gap_check_would_catch_naive_simplification(grid_2019):
    """Sanity check of the check above: per-polygon simplification opens gaps and overlaps."""
    naive = grid_2019.to_crs(geo.LAMBERT72)
    naive["geometry"] = naive.geometry.simplify(50)
    overlap, holes = _overlap_and_gaps_m2(naive)
    assert overlap > 50.0 or holes > 0


def test_display_geojson_is_cached_on_disk(grid_2019, tmp_path, monkeypatch):
    calls = []
    original = geo.simplify_topological

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(geo, "simplify_topological", counting)
    first = geo.display_geojson(grid_2019, tmp_path / "cache", key="2019_abc")
    assert len(calls) == 1
    assert len(list((tmp_path / "cache").glob("*.geojson"))) == 1
    assert len(first["features"]) == 9
    assert {f["properties"]["nis_code"] for f in first["features"]} == set(grid_2019["nis_code"])

    second = geo.display_geojson(grid_2019, tmp_path / "cache", key="2019_abc")
    assert len(calls) == 1  # read from the file
    assert second == first

    geo.display_geojson(grid_2019, tmp_path / "cache", key="2019_def")  # new source checksum
    assert len(calls) == 2
    geo.display_geojson(grid_2019, tmp_path / "cache", key="2019_abc", tolerance_m=10)
    assert len(calls) == 3


# ----------------------------------------------------------------------------- distances


def test_nearest_distance_km():
    pts = gpd.GeoSeries([Point(0, 0), Point(3000, 4000), Point(6000, 8000)], crs=geo.LAMBERT72)
    d = geo.nearest_distance_km(pts, np.array([False, False, True]))
    assert d.tolist() == pytest.approx([10.0, 5.0, 0.0])
    d2 = geo.nearest_distance_km(pts, np.array([True, False, True]))
    assert d2.tolist() == pytest.approx([0.0, 5.0, 0.0])


def test_nearest_distance_without_targets_is_missing():
    pts = gpd.GeoSeries([Point(0, 0), Point(1, 1)], crs=geo.LAMBERT72)
    assert geo.nearest_distance_km(pts, np.array([False, False])).isna().all()


def test_representative_points_lie_inside(grid_2019):
    pts = geo.representative_points(grid_2019)
    assert pts.within(_metric(grid_2019)).all()
