"""Integration checks on the real synced bundle: units, geometry, provinces, typology, totals."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
import shapely

from ruraldash import cli
from ruraldash.data import geo
from ruraldash.data.indicators import coverage
from ruraldash.domain import typology

pytestmark = pytest.mark.bundle

CENTRUMSTEDEN_2019 = {  # the 13 Flemish centrumsteden
    "11002": "Antwerpen", "12025": "Mechelen", "13040": "Turnhout", "24062": "Leuven",
    "31005": "Brugge", "34022": "Kortrijk", "35013": "Oostende", "36015": "Roeselare",
    "44021": "Gent", "41002": "Aalst", "46021": "Sint-Niklaas", "71022": "Hasselt", "71016": "Genk",
}  # fmt: skip


def _rings(g) -> int:
    return sum(len(p.interiors) for p in getattr(g, "geoms", [g]))


def test_unit_counts_and_codes(real_atlas):
    g19, g25 = real_atlas.geometry["2019"], real_atlas.geometry["2025"]
    assert len(g19) == 300 and len(g25) == 285
    for g in (g19, g25):
        assert g["nis_code"].is_unique
        assert g["nis_code"].map(geo.is_flemish).all()
        assert g.geometry.is_valid.all()
        assert set(g.geom_type) <= {"Polygon", "MultiPolygon"}
        assert not g.geometry.is_empty.any()


def test_2025_union_equals_2019_union(real_atlas):
    u19 = shapely.union_all(real_atlas.geometry["2019"].to_crs(geo.LAMBERT72).geometry.values)
    u25 = shapely.union_all(real_atlas.geometry["2025"].to_crs(geo.LAMBERT72).geometry.values)
    assert u25.area / 1e6 == pytest.approx(u19.area / 1e6, abs=0.01)
    sym = shapely.symmetric_difference(u19, u25).area / 1e6
    assert sym < 0.01


def test_merging_creates_no_sliver_holes(real_atlas):
    g19 = real_atlas.geometry["2019"].set_index("nis_code")
    g25 = real_atlas.geometry["2025"].set_index("nis_code")
    to_2025 = real_atlas.bundle.mapping.set_index("nis_code_2019_2024")["nis_code_2025"]
    before = g19.geometry.map(_rings).groupby(to_2025).sum()
    after = g25.geometry.map(_rings)
    worse = after[after > before.reindex(after.index)]
    assert worse.empty, f"merging opened holes in {list(worse.index)}"


def test_merged_area_is_sum_of_members(real_atlas):
    g19, g25 = real_atlas.geometry["2019"], real_atlas.geometry["2025"]
    a19 = geo.area_km2(g19).set_axis(g19["nis_code"])
    a25 = geo.area_km2(g25).set_axis(g25["nis_code"])
    to_2025 = real_atlas.bundle.mapping.set_index("nis_code_2019_2024")["nis_code_2025"]
    diff = (a19.groupby(to_2025).sum() - a25).abs()
    assert diff.max() < 0.01  # km²


def test_provinces(real_atlas):
    counts = real_atlas.geometry["2019"]["province"].value_counts().to_dict()
    assert counts == {
        "Antwerpen": 69,
        "Vlaams-Brabant": 65,
        "West-Vlaanderen": 64,
        "Oost-Vlaanderen": 60,
        "Limburg": 42,
    }
    assert set(real_atlas.geometry["2025"]["province"]) == set(counts)


def test_mesen_is_west_flemish(real_atlas):
    g = real_atlas.geometry["2019"].set_index("nis_code")
    assert g.loc["33016", "name"] == "Mesen"
    assert g.loc["33016", "province"] == "West-Vlaanderen"


def test_centrumsteden_are_typed_centrumstad_on_both_sets(real_atlas):
    u19 = real_atlas.units("2019")
    assert set(u19.index[u19["centrumstad"]]) == set(CENTRUMSTEDEN_2019)
    assert (u19.loc[list(CENTRUMSTEDEN_2019), "type"] == "centrumstad").all()
    assert (u19.loc[~u19["centrumstad"], "type"] != "centrumstad").all()
    u25 = real_atlas.units("2025")
    assert u25["centrumstad"].sum() == 13
    assert (u25.loc[u25["centrumstad"], "type"] == "centrumstad").all()
    # on 2025 borders every centrumstad is the (possibly merged) successor of one of the 13
    to_2025 = u19["nis_code_2025"]
    assert set(u25.index[u25["centrumstad"]]) == set(to_2025[list(CENTRUMSTEDEN_2019)])
    for bs in ("2019", "2025"):
        assert typology.counts(real_atlas.units(bs)["type"])["centrumstad"] == 13


def test_coverage_matches_data_info(real_atlas, capsys):
    assert cli.main(["data", "info"]) == 0
    out = capsys.readouterr().out
    cov = coverage(real_atlas.tidy, real_atlas.catalogue).set_index(["indicator", "border_set"])
    pattern = re.compile(r"^(\S+)\s.*\s(\d+)/(\d+)\s+(\d+)/(\d+)\s*$")
    reported = {m[1]: m.groups()[1:] for m in map(pattern.match, out.splitlines()) if m}
    assert set(reported) == set(real_atlas.catalogue)
    for ind_id, (n19, of19, n25, of25) in reported.items():
        assert (int(n19), int(of19)) == tuple(cov.loc[(ind_id, "2019"), ["n", "of"]]), ind_id
        assert (int(n25), int(of25)) == tuple(cov.loc[(ind_id, "2025"), ["n", "of"]]), ind_id
        assert int(of19) == 300 and int(of25) == 285


def _row_value(row: pd.Series, ind) -> float:
    """Recompute an indicator from one source row, independently of the pandas eval path."""
    if ind.kind == "ordinal":
        return float(list(ind.categories).index(str(row[ind.expr])))
    names = {
        k: float(pd.to_numeric(v, errors="coerce")) for k, v in row.items() if k.isidentifier()
    }
    with np.errstate(all="ignore"):
        return float(eval(ind.expr, {"__builtins__": {}}, names))  # noqa: S307 - catalogue expr


def test_native_values_trace_to_a_source_row(real_atlas):
    tables = real_atlas.bundle.tables
    checked = 0
    for ind in real_atlas.catalogue.values():
        if not ind.expr:
            continue
        for year in ind.years or (None,):
            expr_ind = ind if year is None else _with_year(ind, year)
            vals = real_atlas.values(ind.id, ind.native, year)["value"].dropna()
            source = tables[ind.source]
            for other in ind.join:
                extra = tables[other]
                source = source.join(extra[[c for c in extra.columns if c not in source]])
            missing = sorted(set(vals.index) - set(source.index))
            assert not missing, f"{ind.id}: values for codes not in {ind.source}: {missing[:5]}"
            for code, value in vals.items():
                assert value == pytest.approx(_row_value(source.loc[code], expr_ind)), (
                    ind.id,
                    year,
                    code,
                )
                checked += 1
    assert checked > 5000


def _with_year(ind, year):
    from dataclasses import replace

    return replace(ind, expr=ind.expr.replace("{year}", str(year)))


def test_population_totals(real_atlas):
    for bs in ("2019", "2025"):
        pop = real_atlas.values("population_2020", bs)["value"]
        assert pop.notna().all()
        assert pop.sum() == 6_629_143
    pop25 = real_atlas.values("population_2025", "2025")["value"]
    assert pop25.notna().all() and pop25.sum() == 6_864_766


def test_households_sum_rule_matches_the_official_285_file(real_atlas):
    converted = real_atlas.values("households_2023", "2025")["value"]
    official = real_atlas.bundle.tables["households_285"]["households_2023"]
    assert len(converted) == 285 and converted.notna().all()
    assert set(converted.index) == set(official.index)
    diff = (converted - official.reindex(converted.index).astype(float)).abs()
    assert diff.max() == 0, diff[diff > 0].head().to_dict()


def test_orf_key_shares(real_atlas):
    for bs in ("2019", "2025"):
        share = real_atlas.values("orf_key_share", bs)["value"]
        centre = real_atlas.units(bs)["centrumstad"].reindex(share.index)
        assert share.sum() == pytest.approx(100.0)
        assert (share[centre] == 0).all() and centre.sum() == 13
        assert (share[~centre] > 0).all()


def test_display_geojson_is_small_and_complete(real_atlas):
    gj = real_atlas.geojson("2019")
    assert len(gj["features"]) == 300
    size = len(json.dumps(gj, separators=(",", ":")).encode("utf-8"))
    assert size <= 300_000, f"display GeoJSON is {size / 1000:.0f} kB"
    codes = {f["properties"]["nis_code"] for f in gj["features"]}
    assert codes == set(real_atlas.geometry["2019"]["nis_code"])


def test_2025_names_follow_the_merger_map(real_atlas):
    g25 = real_atlas.geometry["2025"].set_index("nis_code")
    names = real_atlas.bundle.mapping.groupby("nis_code_2025")["name_2025"].first()
    assert g25["name"].to_dict() == names.to_dict()
    sizes = real_atlas.bundle.mapping.groupby("nis_code_2025").size()
    assert g25["n_merged"].to_dict() == sizes.to_dict()
    assert (g25["n_merged"] - 1).sum() == 300 - 285  # every merger removes members - 1 units
